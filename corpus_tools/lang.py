"""Language codes and a cheap script check used to warn about wrong-language input."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

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
    counts = Counter(s for s in map(char_script, text[:sample]) if s)
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
