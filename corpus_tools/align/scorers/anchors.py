"""Anchor scorer: things that survive translation unchanged or nearly so.

Numbers and dates (normalised: 17.06.2025, 17 июня 2025, 2025年6月17日 and June 17, 2025
all give ``n:17 m:6 n:2025``; Chinese numerals count where they number something: 第十条 gives
``n:10`` as Article 10 and Статья 10 do), Latin-script tokens (``MWP`` in a Russian sentence),
sentence punctuation and quotes, and names compared through a consonant skeleton of their
Latin transliteration (Cyrillic → Latin, Chinese → pinyin): 托卡耶夫 → tuokayefu → ``tkp``,
Tokayev → ``tkp``; 阿斯塔纳 → asitana → ``stn`` = Astana.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from corpus_tools.align.scorers.features import Bag, FeatureScorer
from corpus_tools.lang import transliterate

MONTHS = {
    # English, German, French, Russian (stems cover every case form), Spanish, Italian.
    1: "january januar janvier январ enero gennaio", 2: "february februar février феврал "
    "febrero febbraio", 3: "march märz mars март marzo", 4: "april avril апрел abril aprile",
    5: "may mai мая май mayo maggio", 6: "june juni juin июн junio giugno",
    7: "july juli juillet июл julio luglio", 8: "august août август agosto",
    9: "september septembre сентябр septiembre settembre",
    10: "october oktober octobre октябр octubre ottobre",
    11: "november novembre ноябр noviembre", 12: "december dezember décembre декабр "
    "diciembre dicembre",
}
MONTH_OF = {name: month for month, names in MONTHS.items() for name in names.split()}
MONTH_WORD = re.compile(r"(?i)\b(" + "|".join(sorted(map(re.escape, MONTH_OF), key=len,
                                                      reverse=True)) + r")\w*")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
CJK_MONTH = re.compile(r"(\d{1,2})\s*月")
# 1,000,000 / 1 000 000 / 1.5 / 1,5: separators dropped, so every convention gives one key.
NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,']\d{3})*(?:[.,]\d+)?")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*[A-Za-z]|[A-Z]")
CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яёА-ЯЁ\-]+")
PUNCTUATION = {"?": "?", "？": "?", "!": "!", "！": "!", ":": ":", "：": ":", ";": ";",
               "；": ";", "(": "(", "（": "(", "%": "%", "％": "%", "…": "…",
               "«": "\"", "»": "\"", "“": "\"", "”": "\"", "„": "\"", "\"": "\"", "「": "\"",
               "」": "\"", "『": "\"", "』": "\"", "《": "《", "》": "《"}

# Characters that Chinese uses to transliterate foreign names (a closed, well-known set).
TRANSLITERATION_HAN = set(
    "阿埃艾爱安昂奥澳巴拜班邦保鲍贝本比彼宾波伯博布查达戴丹道德登迪蒂丁东杜顿多厄恩尔法凡范菲"
    "费芬丰冯夫弗福富盖甘冈高戈哥格根贡古瓜圭哈海汉豪赫亨洪胡华怀惠霍基吉加贾杰捷金卡凯坎康"
    "柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉丽廉林琳铃龙隆卢鲁路伦罗洛吕马玛迈麦曼梅门蒙米密"
    "姆莫默穆娜纳乃奈南内尼涅宁纽努诺欧帕潘庞佩彭皮珀普奇齐恰乔切钦琼丘萨塞赛桑瑟森沙莎善舍"
    "什施史舒斯松苏索塔泰坦汤唐特提廷通图托瓦万旺威韦维温沃乌伍西希锡夏谢辛休雅亚延扬耶伊"
    "因英尤于约泽扎詹兹卓佐")
HAN_NAME = re.compile("[" + "".join(sorted(TRANSLITERATION_HAN)) + "]{2,}")


# Chinese numerals where they stand for a number: after 第 (第十二条 = Article 12) and before a
# date or counting word (二〇二五年六月十七日); elsewhere 一 and 二 are parts of words (统一).
HAN_DIGITS = {c: d for d, chars in enumerate(("〇零", "一", "二两", "三", "四", "五", "六", "七",
                                                "八", "九")) for c in chars}
HAN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
HAN_NUMERAL = re.compile(r"(?<=第)[〇零一二两三四五六七八九十百千万亿]+"
                         r"|[〇零一二两三四五六七八九十百千万亿]+(?=[年月日号条章节款项])")


def han_number(numeral: str) -> int:
    """一百零五 → 105, 十二 → 12, 二〇二五 → 2025 (digit by digit when there is no unit)."""
    if not any(c in HAN_UNITS for c in numeral):
        return int("".join(str(HAN_DIGITS[c]) for c in numeral))
    yi, wan, section, digit = 0, 0, 0, 0  # the parts before 亿, before 万, below 万
    for c in numeral:
        if c in HAN_DIGITS:
            digit = HAN_DIGITS[c]
        elif c == "亿":
            yi, wan, section, digit = (yi + wan + section + digit) * HAN_UNITS[c], 0, 0, 0
        elif c == "万":
            wan, section, digit = (section + digit) * HAN_UNITS[c], 0, 0
        else:
            section, digit = section + (digit or 1) * HAN_UNITS[c], 0
    return yi + wan + section + digit


def arabic_numerals(text: str) -> str:
    """Text with Chinese numerals that count something written in digits."""
    return HAN_NUMERAL.sub(lambda m: str(han_number(m.group())), text)


def number_key(text: str) -> str:
    return str(int(re.sub(r"\D", "", text) or 0)) if len(text) < 19 else text


def date_and_number_features(text: str) -> list[str]:
    text = arabic_numerals(text)
    feats = []
    for rx, order in ((NUMERIC_DATE, (0, 1, 2)), (ISO_DATE, (2, 1, 0))):
        for m in rx.finditer(text):
            day, month, year = (m.group(i + 1) for i in order)
            feats += [f"n:{int(day)}", f"m:{int(month)}", f"n:{int(year)}"]
        text = rx.sub(" ", text)
    for m in CJK_MONTH.finditer(text):
        feats.append(f"m:{int(m.group(1))}")
    text = CJK_MONTH.sub(" ", text)
    for m in MONTH_WORD.finditer(text):
        feats.append(f"m:{MONTH_OF[m.group(1).lower()]}")
    feats += [f"n:{number_key(m.group())}" for m in NUMBER.finditer(text)]
    return feats


@lru_cache(maxsize=1 << 16)
def skeleton(latin: str, pinyin: bool = False) -> str:
    """Consonant classes of a romanised name, vowels and glides dropped, repeats merged."""
    s = latin.lower()
    # дж, transliterated dzh, is an English j (Джонс = Jones).
    for a, b in (("dzh", "j"), ("shch", "s"), ("sch", "s"), ("zh", "s"), ("ch", "s"),
                 ("sh", "s"), ("ts", "s"), ("th", "t"), ("ph", "p"), ("ck", "k"), ("ng", "n"),
                 ("kh", "k")):
        s = s.replace(a, b)
    classes = {"b": "p", "p": "p", "f": "p", "v": "p", "d": "t", "t": "t", "g": "k", "k": "k",
               "q": "s" if pinyin else "k", "c": "s" if pinyin else "k",
               "x": "s" if pinyin else "ks", "j": "s", "z": "s", "s": "s", "l": "l", "r": "l",
               "m": "n", "n": "n"}
    out = []
    for ch in s:
        cls = classes.get(ch, "")
        for c in cls:
            if not out or out[-1] != c:
                out.append(c)
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def han_skeleton(run: str) -> str:
    from pypinyin import lazy_pinyin

    return skeleton("".join(lazy_pinyin(run)), pinyin=True)


def name_features(text: str) -> list[str]:
    keys = [skeleton(w) for w in LATIN_WORD.findall(text) if w[0].isupper()]
    keys += [skeleton(transliterate(w)) for w in CYRILLIC_WORD.findall(text)]
    keys += [han_skeleton(run) for part in text.split("·") for run in HAN_NAME.findall(part)]
    return [f"nm:{k}" for k in keys if len(k) >= 3]


def anchor_bag(text: str) -> Bag:
    bag = Counter(date_and_number_features(text))
    bag.update(f"w:{w.lower()}" for w in LATIN_WORD.findall(text) if len(w) > 1)
    bag.update(f"p:{PUNCTUATION[c]}" for c in text if c in PUNCTUATION)
    bag.update(name_features(text))
    return bag


class AnchorScorer(FeatureScorer):
    dims = 512

    def __init__(self) -> None:
        self.name = "anchors"

    def bag_pair(self, src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str
                 ) -> tuple[list[Bag], list[Bag]]:
        return [anchor_bag(s) for s in src], [anchor_bag(t) for t in tgt]
