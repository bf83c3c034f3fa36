"""Target-language conventions of multilingual MT models, found in the tokenizer's vocabulary.

Bilingual models (most opus-mt ones) need nothing. NLLB-200 marks languages with FLORES-200
codes (``rus_Cyrl``): the tokenizer's ``src_lang`` selects the source tag and the first
generated token is forced to the target tag. M2M100 does the same with ``__ru__`` tags.
Multi-target Marian models (``opus-mt-en-zh``) expect a ``>>cmn_Hans<<`` tag before the source
text instead. Which convention a model follows is read off the tokens it knows, so that any
such model works, not only the ones in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.errors import InputError

# ISO 639-1 → FLORES-200 (NLLB); languages absent here are not served by NLLB through this tool.
FLORES = {
    "ar": "arb_Arab", "be": "bel_Cyrl", "bg": "bul_Cyrl", "cs": "ces_Latn", "de": "deu_Latn",
    "el": "ell_Grek", "en": "eng_Latn", "es": "spa_Latn", "fa": "pes_Arab", "fi": "fin_Latn",
    "fr": "fra_Latn", "he": "heb_Hebr", "hi": "hin_Deva", "hu": "hun_Latn", "it": "ita_Latn",
    "ja": "jpn_Jpan", "kk": "kaz_Cyrl", "ko": "kor_Hang", "ky": "kir_Cyrl", "mn": "khk_Cyrl",
    "nl": "nld_Latn", "pl": "pol_Latn", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "sv": "swe_Latn", "tg": "tgk_Cyrl", "tk": "tuk_Latn", "tr": "tur_Latn", "ug": "uig_Arab",
    "uk": "ukr_Cyrl", "uz": "uzn_Latn", "vi": "vie_Latn", "zh": "zho_Hans",
}

# Marian multi-target tags that differ from the ISO 639-3 part of the FLORES code.
MARIAN_TAGS = {"zh": ("cmn_Hans", "cmn", "zho_Hans")}


@dataclass(frozen=True)
class LanguageTags:
    """How to tell one model which languages to translate between."""

    src_lang: str | None = None  # value for ``tokenizer.src_lang``
    target_token: str | None = None  # forced first target token (forced_bos / target_prefix)
    source_prefix: str = ""  # prepended to every source text


def _knows(tokenizer, token: str) -> bool:
    token_id = tokenizer.convert_tokens_to_ids(token)
    return token_id is not None and token_id != tokenizer.unk_token_id


def _marian_candidates(lang: str) -> list[str]:
    codes = list(MARIAN_TAGS.get(lang, ()))
    if lang in FLORES:
        codes += [FLORES[lang], FLORES[lang].split("_")[0]]
    return [f">>{code}<<" for code in [*codes, lang]]


def language_tags(tokenizer, src: str, tgt: str, model: str) -> LanguageTags:
    """The tags ``model`` needs for ``src``→``tgt``; an error if it is multilingual but lacks it."""
    if _knows(tokenizer, FLORES["en"]):  # NLLB: every model has eng_Latn
        return LanguageTags(_flores(src, model), _flores(tgt, model))
    if _knows(tokenizer, "__en__"):  # M2M100
        for lang in (src, tgt):
            if not _knows(tokenizer, f"__{lang}__"):
                raise InputError(f"{model}: this multilingual model has no language tag for "
                                 f"'{lang}'")
        return LanguageTags(src, f"__{tgt}__")
    marian_tags = [t for t in tokenizer.get_vocab() if t.startswith(">>") and t.endswith("<<")]
    if marian_tags:
        for tag in _marian_candidates(tgt):
            if tag in marian_tags:
                return LanguageTags(source_prefix=f"{tag} ")
        raise InputError(f"{model}: this multi-target model has no tag for '{tgt}' "
                         f"(it knows {', '.join(sorted(marian_tags)[:8])} …)")
    return LanguageTags()


def _flores(lang: str, model: str) -> str:
    if lang not in FLORES:
        raise InputError(f"{model}: no FLORES-200 code known for '{lang}' (known: "
                         f"{', '.join(sorted(FLORES))})")
    return FLORES[lang]
