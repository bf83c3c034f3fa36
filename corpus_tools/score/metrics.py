"""Metric construction by target language: sacrebleu's own classes, configured in one place.

The settings that change a number (tokenizer, word order, Asian support, effective order) are
chosen here and nowhere else, so every score's sacrebleu signature tells how it was made.
"""

from __future__ import annotations

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from corpus_tools.errors import InputError

SACREBLEU_METRICS = ("bleu", "chrf", "ter")
METRICS = (*SACREBLEU_METRICS, "comet")  # comet needs the optional extra
DEFAULT_METRICS = SACREBLEU_METRICS

# BLEU's tokenizer follows the target language; every other language gets 13a.
BLEU_TOKENIZERS = {"zh": "zh", "ja": "ja-mecab"}
# TER splits CJK characters into words for these targets.
ASIAN_TER = frozenset({"zh", "ja"})

DISPLAY_NAMES = {"bleu": "BLEU", "chrf": "chrF++", "ter": "TER", "comet": "COMET"}


def bleu_tokenizer(tgt_lang: str, override: str | None = None) -> str:
    """The BLEU tokenizer for ``tgt_lang`` (``override`` wins when given)."""
    tokenize = override or BLEU_TOKENIZERS.get(tgt_lang, BLEU.TOKENIZER_DEFAULT)
    if tokenize not in BLEU.TOKENIZERS:
        raise InputError(f"--tokenize {tokenize!r}: unknown BLEU tokenizer (one of "
                         f"{', '.join(sorted(BLEU.TOKENIZERS))})")
    return tokenize


def parse_metrics(spec: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"bleu,chrf"`` or a list → validated metric names, in the order given, without repeats."""
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [n.strip().lower() for n in names if n.strip()]
    unknown = [n for n in names if n not in METRICS]
    if unknown or not names:
        raise InputError(f"metrics {spec!r}: use some of {', '.join(METRICS)}")
    return tuple(dict.fromkeys(names))


def make_metric(name: str, tgt_lang: str, tokenize: str | None = None,
                sentence: bool = False) -> Metric:
    """A sacrebleu metric for ``tgt_lang``; ``sentence`` turns on BLEU's effective order."""
    if name == "bleu":
        tokenize = bleu_tokenizer(tgt_lang, tokenize)
        try:
            # trg_lang only lets sacrebleu warn when an override suits the language badly.
            return BLEU(tokenize=tokenize, trg_lang=tgt_lang, effective_order=sentence)
        except (ImportError, RuntimeError) as err:
            # e.g. ja-mecab without its extra; sacrebleu's message ends with the pip command
            how = [line.strip() for line in str(err).splitlines() if line.strip()]
            raise InputError(f"BLEU tokenizer {tokenize!r} is not usable here: "
                             f"{how[-1] if how else err.__class__.__name__}") from None
    if name == "chrf":
        return CHRF(word_order=2)  # chrF++
    if name == "ter":
        return TER(asian_support=tgt_lang in ASIAN_TER)
    raise InputError(f"metric {name!r}: not a sacrebleu metric ({', '.join(SACREBLEU_METRICS)})")
