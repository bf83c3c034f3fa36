"""Rule-based sentence splitting that needs no model: one table of facts per language.

A sentence ends at a stop (``. ! ? …``; in Chinese and Japanese ``。！？``) together with the
quotes and brackets that close after it. For languages written with spaces the stop must be
followed by whitespace, and a full stop is then weighed against the word before it
(initials, abbreviations, list numbers) and the word after it (lower case never starts a
sentence). Numbered headings on a line of their own, and list items starting a new line, are
sentences of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from corpus_tools import __version__

# Closing quotes and brackets that belong to the sentence they follow. “ and ‘ are here
# because translations often type an opening quote where a closing one belongs (。“); they
# and the straight quotes are weighed by _closes_quote.
CLOSERS = frozenset("\"'”’»“‘)]}）」』》〉】")
AMBIGUOUS_QUOTES = frozenset("\"'“‘")
DOUBLE_QUOTES = "\"“”"
NEXT_DOUBLE_QUOTE = re.compile("[\"“”]")
OPENERS = "\"'«„“‘([{（「『《〈【"
DASHES = "-–—"
# After these a sentence cannot end, whatever the stop before them: «Ужас!», — сказала она.
CONTINUATIONS = frozenset(",;:，、；：" + DASHES)

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"  # kana and ideographs
NUMBERED = r"(?:\d+|[IVXLCDM]+)"
# A line that starts a list item: 1. / 1) / a) / (1) / - / • / （一） / 一、 (not a dash:
# hard-wrapped Russian text puts " — " at line starts mid-sentence)
LIST_ITEM = re.compile(
    r"\n[ \t]*(?:\d+[.)]|[^\W\d_][.)]|\(\d+\)|[-•*·]|（[一二三四五六七八九十]+）|"
    r"[一二三四五六七八九十]+、)[ \t　]")
INITIALS = re.compile(r"(?:[^\W\d_]\.-?)*[^\W\d_]")  # A / К.-Ж / К.К / U.S (before the stop)
ROMAN = re.compile(r"[IVXLCDM]+")
WORDS_BEFORE = re.compile(r"(?:(\S+)\s+)?(\S+)$")


@dataclass(frozen=True)
class LanguageRules:
    """What the rule backend knows about one language."""

    stops: str = ".!?…"
    spaced: bool = True  # a stop ends a sentence only before whitespace (not in CJK text)
    # Unspaced scripts: an ASCII full stop right after a character of the script is a stop
    # too (typed for 。); after Latin letters or digits it is not (Dr. PawPaw, 7.5, "1. ").
    script_full_stop: str = ""
    # Abbreviations (lower case, without the final dot) that never end a sentence before a
    # capitalised word: titles before names, "e.g.", "т.е.", "Св."
    titles: frozenset[str] = frozenset()
    # ... except directly after a number, where they are units that may end one: "в 2025 г."
    units: frozenset[str] = frozenset()
    # Abbreviations that are followed by a number and then end nothing: "No. 5", "ст. 5".
    before_number: frozenset[str] = frozenset()
    # A numbered heading that is a sentence of its own: Article 1, Статья 1, 第一条.
    heading: re.Pattern[str] | None = None
    # Unspaced scripts: a heading followed by whitespace and text on the same line ends there.
    heading_inline: bool = False

    @cached_property
    def stop_pattern(self) -> re.Pattern[str]:
        stops = f"[{re.escape(self.stops)}]+"
        if self.script_full_stop:
            stops += f"|(?<=[{self.script_full_stop}])\\.(?!\\.)"
        return re.compile(stops)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EN = LanguageRules(
    titles=_words("""mr mrs ms mx messrs dr prof rev fr sr capt cpt col gen lt maj sgt cmdr adm
        gov sen sens rep reps pres hon det insp supt st mt ft vs v e.g i.e cf viz"""),
    before_number=_words("""no nos nr p pp para paras art arts ch chap sec vol fig figs op
        jan feb mar apr jun jul aug sep sept oct nov dec approx ca"""),
    heading=re.compile(rf"(?:Article|Chapter|Section|Part|Annex|Appendix)\s+{NUMBERED}[.:]?"),
)

RU = LanguageRules(
    titles=_words("""г ул пр просп пер пл бул наб д им св проф акад доц ген полк г-н г-жа тов
        гр пос обл р-н р о оз с т.е т.н т.к т.о напр см ср англ нем франц фр лат кит рус
        греч исп итал араб долл""") | EN.titles,  # English names keep their titles: Dr. PawPaw
    units=_words("г"),
    before_number=_words("""ст ч п пп гл разд рис табл с стр №"""),
    heading=re.compile(rf"(?:Статья|Глава|Раздел|Часть|Приложение)\s+{NUMBERED}[.:]?"),
)

ZH = LanguageRules(
    # ；joins clauses (NTREX-dev's Chinese lines never end in it, and the English and
    # Russian renderings keep such clauses in one sentence); … is a pause inside a sentence.
    stops="。！？!?",
    spaced=False,
    script_full_stop=CJK,
    heading=re.compile(r"第[一二三四五六七八九十百千零〇两\d]+[条章节款编部]"),
    heading_inline=True,
)

LANGUAGES = {"en": EN, "ru": RU, "zh": ZH, "ja": LanguageRules(stops="。！？!?", spaced=False,
                                                          script_full_stop=CJK)}
DEFAULT = LanguageRules()


class RuleSegmenter:
    """Sentence splitting by punctuation and per-language rules, for any language."""

    name = f"rules-{__version__}"

    def split(self, paragraph: str, lang: str) -> list[tuple[int, int]]:
        rules = LANGUAGES.get(lang, DEFAULT)
        cuts = sorted(set(_line_cuts(paragraph, rules)) | set(_stop_cuts(paragraph, rules)))
        spans, start = [], 0
        for cut in [*cuts, len(paragraph)]:
            span = _strip(paragraph, start, cut)
            if span[0] < span[1]:
                spans.append(span)
            start = cut
        return spans


def _line_cuts(text: str, rules: LanguageRules) -> list[int]:
    """Cuts before list items on a new line and after numbered headings."""
    cuts = [m.start() for m in LIST_ITEM.finditer(text)]
    if rules.heading is None:
        return cuts
    for line in re.finditer(r"[^\n]+", text):
        heading = rules.heading.match(text, line.start())
        if heading is None:
            continue
        rest = text[heading.end():line.end()]
        if not rest.strip():
            cuts.append(line.end())
        elif rules.heading_inline and rest[0].isspace():
            cuts.append(heading.end())
    return cuts


def _stop_cuts(text: str, rules: LanguageRules) -> list[int]:
    """Offsets just after each stop (and its closing quotes) that ends a sentence."""
    cuts: list[int] = []
    for stop in rules.stop_pattern.finditer(text):
        end = stop.end()
        while end < len(text) and (text[end] in rules.stops or text[end] in CLOSERS and (
                text[end] not in AMBIGUOUS_QUOTES or _closes_quote(text, end))):
            end += 1
        if rules.spaced:
            after = end
            while after < len(text) and text[after].isspace():
                after += 1
            if after == end or after == len(text):
                continue  # no space after it (17.06.2025, U.S.A) or the paragraph's end
            sentence_start = cuts[-1] if cuts else 0
            if _ends_spaced(text, stop.start(), stop.group(), after, sentence_start, rules):
                cuts.append(end)
        elif end < len(text) and text[end] not in CONTINUATIONS:
            cuts.append(end)
    return cuts


def _closes_quote(text: str, pos: int) -> bool:
    """Whether the ambiguous quote mark at ``pos``, just after a stop, closes a quotation.

    It does when space, the end or another closer follows it. Otherwise it opens the next
    sentence when the next quote mark pairs with it (“…”); failing that, it closes when an
    odd number of double quotes comes before it in the paragraph (translations mix " “ ”
    freely, so shapes are not trusted; counting within the sentence measured worse).
    """
    following = text[pos + 1:pos + 2]
    if not following or following.isspace() or following in CLOSERS:
        return True
    if text[pos] not in DOUBLE_QUOTES:
        return False
    next_mark = NEXT_DOUBLE_QUOTE.search(text, pos + 1)
    if next_mark is not None and next_mark.group() == "”":
        return False
    return sum(text.count(q, 0, pos) for q in DOUBLE_QUOTES) % 2 == 1


def _ends_spaced(text: str, stop_start: int, stop: str, after: int, sentence_start: int,
                 rules: LanguageRules) -> bool:
    """Whether a stop followed by whitespace ends a sentence (languages with spaces)."""
    following = text[after:after + 40].lstrip(OPENERS)
    if not following or following[0].islower():
        return False
    if following[0] in DASHES and following[1:].lstrip()[:1].islower():
        return False  # direct speech: «Ужас!» — сказала она.
    if stop != ".":
        return True
    words = WORDS_BEFORE.search(text, max(sentence_start, stop_start - 40), stop_start)
    if words is None:
        return True
    before, word = words.group(1) or "", words.group(2)
    key = word.lstrip(OPENERS).lower()
    if len(before) == 2 and before.endswith("."):
        key = f"{before.lower()}{key}"  # spaced abbreviation: "т. д." is looked up as т.д
    line_start = text.rfind("\n", 0, words.start(2)) + 1
    at_sentence_start = not text[max(sentence_start, line_start):words.start(2)].strip()
    is_number = key.isdigit() or bool(ROMAN.fullmatch(word))
    if is_number and at_sentence_start:
        return False  # a list item: "1. China sees…"
    if following[0].isdigit():
        return key not in rules.before_number
    if INITIALS.fullmatch(word.lstrip(OPENERS)) and word.isupper():
        return False  # initials and dotted acronyms: К.-Ж. Токаев, Dionisio A. Lind, U.S.
    if key in rules.titles:
        return key in rules.units and before.isdigit()
    return True


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
