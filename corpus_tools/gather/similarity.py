"""Document similarity across languages from cheap, language-neutral evidence: shared numbers
and dates, names (pinyin / Palladius / transliteration), length ratio, lexicon overlap.

Each feature is in [0, 1], or None when it has nothing to say for a pair of documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from corpus_tools.lang import dominant_script, transliterate

# Characters per "unit of content" relative to English, so lengths compare across scripts.
SCRIPT_LENGTH = {"CJK": 0.3, "HANGUL": 0.5}
WEIGHTS = {"numbers": 0.45, "names": 0.2, "length": 0.15, "lexicon": 0.2}

MONTHS = {
    **{m: i for i, m in enumerate(("january february march april may june july august "
                                   "september october november december").split(), 1)},
    **{m: i for i, m in enumerate(("января февраля марта апреля мая июня июля августа "
                                   "сентября октября ноября декабря").split(), 1)},
}
MONTH_NAMES = "|".join(MONTHS)
DATE_PATTERNS = (
    re.compile(r"(\d{1,2})月(\d{1,2})日"),  # 6月17日 → month, day
    re.compile(rf"\b({MONTH_NAMES})\s+(\d{{1,2}})\b", re.IGNORECASE),  # June 17
    re.compile(rf"\b(\d{{1,2}})\s+({MONTH_NAMES})\b", re.IGNORECASE),  # 17 June, 17 июня
)
SCALES = {"billion": 1e9, "млрд": 1e9, "million": 1e6, "млн": 1e6, "thousand": 1e3, "тыс": 1e3,
          "亿": 1e8, "万": 1e4}
SCALED = re.compile(r"(\d+(?:[.,]\d+)?)\s*(" + "|".join(SCALES) + ")", re.IGNORECASE)
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?")
WORD = re.compile(r"\w+")

@dataclass(frozen=True)
class Fingerprint:
    """What the features compare, computed once per document."""

    text: str
    script: str | None
    length: float
    numbers: frozenset[str]
    names: tuple[str, ...]  # capitalised words, lowercase

    # Asked of every candidate for every document: worked out on first use, then kept.
    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(WORD.findall(self.lowered))

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset(k for k in map(latin_key, self.names) if len(k) >= 3)

    @cached_property
    def han_readings(self) -> tuple[str, str]:
        """All Han runs read aloud: (pinyin, Palladius), syllables run together."""
        from pypinyin import lazy_pinyin  # 0.7 s to import: not for every build's start-up

        runs = [lazy_pinyin(run) for run in HAN_RUN.findall(self.text)]
        pinyin = " ".join("".join(run) for run in runs)
        cyrillic = " ".join("".join(palladius(s) for s in run) for run in runs)
        return pinyin, cyrillic


def fingerprint(text: str) -> Fingerprint:
    script = dominant_script(text)
    length = len(text) / SCRIPT_LENGTH.get(script or "", 1.0)
    return Fingerprint(text, script, length, numbers(text),
                       tuple(dict.fromkeys(w.lower() for w in CAPITALISED.findall(text))))


def _number(value: str) -> float | None:
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):
        value = value.replace(",", "")
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def _format(value: float) -> str:
    return f"{value:.6g}"


def numbers(text: str) -> frozenset[str]:
    """Dates as ``md:M-D``, scaled amounts in units, other numbers of two or more digits."""
    found: set[str] = set()
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            a, b = match.groups()
            month, day = (a, b) if a.isdigit() and b.isdigit() else (
                (MONTHS[a.lower()], b) if not a.isdigit() else (MONTHS[b.lower()], a))
            found.add(f"md:{int(month)}-{int(day)}")
        text = pattern.sub(" ", text)
    for match in SCALED.finditer(text):
        value = _number(match.group(1))
        if value is not None:
            found.add(_format(value * SCALES[match.group(2).lower()]))
    text = SCALED.sub(" ", text)
    for match in NUMBER.finditer(text):
        value = _number(match.group())
        if value is not None and len(match.group()) >= 2:
            found.add(_format(value))
    return frozenset(found)


def dice(a: Iterable[str], b: Iterable[str]) -> float | None:
    a, b = set(a), set(b)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else None


# --- names ------------------------------------------------------------------------------

_INITIALS = {"zh": "чж", "ch": "ч", "sh": "ш", "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д",
             "t": "т", "n": "н", "l": "л", "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц",
             "x": "с", "r": "ж", "z": "цз", "c": "ц", "s": "с"}
_FINALS = {"a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
           "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и",
           "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян",
           "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй",
           "uan": "уань", "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ", "van": "юань",
           "vn": "юнь"}
_ZERO_INITIAL = {"yi": "и", "ya": "я", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь",
                 "yin": "инь", "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ",
                 "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай",
                 "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн"}


def palladius(syllable: str) -> str:
    """A pinyin syllable (no tone) in the Palladius Cyrillic spelling Russian texts use."""
    syllable = syllable.lower().replace("ü", "v")
    if syllable in _ZERO_INITIAL:
        return _ZERO_INITIAL[syllable]
    initial = next((i for i in _INITIALS if syllable.startswith(i)), "")
    final = syllable[len(initial):]
    if final == "i" and initial in ("z", "c", "s"):
        return _INITIALS[initial] + "ы"
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]
    return _INITIALS.get(initial, "") + _FINALS.get(final, final)


def latin_key(word: str) -> str:
    """A coarse key for comparing a name across Latin and Cyrillic spellings: transliterate,
    then keep the consonants (Tokayev / Токаев → tkv)."""
    return re.sub(r"[aeiouy\W]", "", transliterate(word).replace("kh", "h").replace("ts", "c"))


def name_overlap(a: Fingerprint, b: Fingerprint) -> float | None:
    """Share of one side's names found on the other side (in the Chinese side's reading)."""
    if a.script == "CJK" and b.script != "CJK":
        a, b = b, a
    if b.script == "CJK" and a.script != "CJK":
        pinyin, cyrillic = b.han_readings
        reading = cyrillic if a.script == "CYRILLIC" else pinyin
        # drop up to two letters of inflection (Цзиньпином → цзиньпин); short keys say nothing
        keys = [n[:max(5, len(n) - 2)] for n in a.names if len(n) >= 5]
        return sum(k in reading for k in keys) / len(keys) if keys else None
    return dice(a.name_keys, b.name_keys)


def lexicon_overlap(a: Fingerprint, b: Fingerprint,
                    lexicon: Iterable[tuple[str, str]]) -> float | None:
    """Of the lexicon entries whose one side occurs in ``a``, the share whose other side
    occurs in ``b`` (entries are used in both directions; plain substring tests)."""
    text_a, text_b = a.lowered, b.lowered
    present = [(x, y) for x, y in lexicon if x in text_a] + [
        (y, x) for x, y in lexicon if y in text_a]
    return sum(y in text_b for _, y in present) / len(present) if present else None


def features(a: Fingerprint, b: Fingerprint,
             lexicon: Iterable[tuple[str, str]] = ()) -> dict[str, float | None]:
    same_script = a.script == b.script
    ratio = min(a.length, b.length) / max(a.length, b.length) if a.length and b.length else None
    lexicon = list(lexicon)
    if not lexicon and same_script:  # one language: the words themselves are the lexicon
        words = dice(a.words, b.words)
    else:
        words = lexicon_overlap(a, b, lexicon) if lexicon else None
    return {"numbers": dice(a.numbers, b.numbers) if a.numbers or b.numbers else None,
            "names": name_overlap(a, b), "length": ratio, "lexicon": words}


def confidence(values: Mapping[str, float | None]) -> float:
    """The weighted mean of the features that have something to say."""
    known = {k: v for k, v in values.items() if v is not None}
    total = sum(WEIGHTS[k] for k in known)
    return sum(WEIGHTS[k] * v for k, v in known.items()) / total if total else 0.0
