"""Language codes and a cheap script check used to warn about wrong-language input."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from corpus_tools.errors import InputError

# ISO 639-1: every stage accepts any of these; nothing is hard-wired to en/ru/zh where a
# general rule serves.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv
    kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr
    nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
    sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
    yi yo za zh zu""".split()
)

# The script a language is normally written in; languages absent here are not checked.
EXPECTED_SCRIPT = {
    "en": "LATIN", "de": "LATIN", "fr": "LATIN", "es": "LATIN", "it": "LATIN", "pt": "LATIN",
    "tr": "LATIN", "uz": "LATIN", "ru": "CYRILLIC", "uk": "CYRILLIC", "kk": "CYRILLIC",
    "ky": "CYRILLIC", "tg": "CYRILLIC", "bg": "CYRILLIC", "be": "CYRILLIC", "zh": "CJK",
    "ja": "CJK", "ko": "HANGUL", "ar": "ARABIC", "fa": "ARABIC", "el": "GREEK", "he": "HEBREW",
}


def is_language_code(code: str) -> bool:
    return code in ISO_639_1


# What people type for a language instead of its ISO 639-1 code: country codes, ISO 639-2/3
# codes, BCP 47 tags with a script or region, withdrawn codes and English names. Each is read
# as the code it stands for, with a note, so that `--lang cn` works and says what it did.
LANGUAGE_ALIASES = {
    "cn": "zh", "chi": "zh", "zho": "zh", "cmn": "zh", "chinese": "zh", "mandarin": "zh",
    "zh-cn": "zh", "zh-tw": "zh", "zh-hk": "zh", "zh-sg": "zh", "zh-hans": "zh",
    "zh-hant": "zh",
    "rus": "ru", "russian": "ru",
    "eng": "en", "english": "en",
    "jp": "ja", "jpn": "ja", "japanese": "ja",
    "kr": "ko", "kor": "ko", "korean": "ko",
    "ua": "uk", "ukr": "uk", "ukrainian": "uk",
    "kz": "kk", "kaz": "kk", "kazakh": "kk",
    "deu": "de", "ger": "de", "german": "de",
    "fra": "fr", "fre": "fr", "french": "fr",
    "spa": "es", "spanish": "es",
    "ita": "it", "italian": "it",
    "por": "pt", "portuguese": "pt",
    "ara": "ar", "arabic": "ar",
    "gr": "el", "ell": "el", "gre": "el", "greek": "el",
    "cz": "cs", "ces": "cs", "cze": "cs",
    "dk": "da", "dan": "da",
    "iw": "he", "heb": "he", "in": "id", "ji": "yi", "mo": "ro",
    "tur": "tr", "turkish": "tr", "uzb": "uz", "bel": "be", "bul": "bg",
}


@dataclass(frozen=True)
class LanguageCode:
    """A code as given and the ISO 639-1 code it was read as."""

    given: str
    code: str

    @property
    def note(self) -> str:
        """One line for people when the code was read as another ('' for a change of case)."""
        if self.given.strip().lower() == self.code:
            return ""
        return f"language {self.given!r} read as {self.code!r}"


def parse_language(given: str) -> LanguageCode:
    """Read a language code as people type it: any case, common aliases and tags with a
    region or script (``RU``, ``cn``, ``zh-Hans``, ``en_US``, ``rus``); anything else is an
    :class:`InputError` that suggests the nearest codes."""
    key = given.strip().lower().replace("_", "-")
    if key in ISO_639_1:
        return LanguageCode(given, key)
    if key in LANGUAGE_ALIASES:
        return LanguageCode(given, LANGUAGE_ALIASES[key])
    base = key.split("-", 1)[0]
    if "-" in key and (base in ISO_639_1 or base in LANGUAGE_ALIASES):
        return LanguageCode(given, LANGUAGE_ALIASES.get(base, base))
    raise InputError(f"{given!r} is not an ISO 639-1 code; {_suggestion(key)}")


def suggest_language(given: str) -> str:
    """"did you mean 'ru'?" for a code that is not ISO 639-1 as written (``RU``, ``rus``,
    ``ruu``), where a file wants the code itself."""
    try:
        return f"did you mean {parse_language(given).code!r}?"
    except InputError:
        return _suggestion(given.strip().lower().replace("_", "-"))


def _suggestion(key: str) -> str:
    names = sorted(ISO_639_1 | LANGUAGE_ALIASES.keys())
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
    codes = list(dict.fromkeys(LANGUAGE_ALIASES.get(name, name) for name in close))
    if not codes:
        return "use a two-letter code such as en, ru or zh"
    return "did you mean " + " or ".join(repr(code) for code in codes) + "?"


def char_script(char: str) -> str | None:
    """The script of one letter as the first word of its Unicode name (CJK for Han)."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "CJK"
    return name.split(" ", 1)[0] or None


def dominant_script(text: str, sample: int = 2000) -> str | None:
    """The most frequent script among the letters of (the start of) ``text``."""
    counts: Counter = Counter()
    for char, count in Counter(text[:sample]).items():  # each distinct letter named once
        script = char_script(char)
        if script:
            counts[script] += count
    return counts.most_common(1)[0][0] if counts else None


def script_mismatch(text: str, lang: str) -> str | None:
    """A one-line description when ``text`` is not in the script ``lang`` is written in."""
    expected = EXPECTED_SCRIPT.get(lang)
    found = dominant_script(text)
    if expected is None or found is None or found == expected:
        return None
    return f"text looks {found.lower()}, not the {expected.lower()} script expected for '{lang}'"


# Letter-by-letter Cyrillic → Latin: enough to compare names across scripts
# (Токаев → tokaev ≈ Tokayev); soft and hard signs vanish.
CYRILLIC_TO_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
    strict=True))


def transliterate(word: str) -> str:
    """Cyrillic → Latin, letter by letter, lowercased."""
    return "".join(CYRILLIC_TO_LATIN.get(c, c) for c in word.lower()).replace("_", "")


# Languages written without spaces between words: sentences join without a separator.
UNSPACED = frozenset({"zh", "ja", "th"})


def sentence_separator(lang: str) -> str:
    """What goes between two sentences of running text in ``lang``."""
    return "" if lang in UNSPACED else " "


def join_sentences(sentences: Iterable[str], lang: str) -> str:
    """Consecutive sentences of one language as running text."""
    return sentence_separator(lang).join(sentences)
