"""Words left out of collocate lists: function words, numbers and punctuation.

Russian function words are found by part of speech (pymorphy3: prepositions, conjunctions,
particles, pronouns, interjections); English and Chinese use the short lists below.
"""

from __future__ import annotations

import functools

from corpus_tools.morphology import parse_word

ENGLISH = frozenset("""a about above after again against all also am an and any are as at be
been before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers him his how i if in into is it its
itself just me more most my no nor not now of off on once only or other our ours out over
own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom
why will with would you your yours""".split())

CHINESE = frozenset("""的 了 和 与 及 以及 是 在 对 也 将 就 都 而 并 等 于 为 以 之 其 这 那 这些
那些 一个 个 上 中 下 我们 他们 你们 我 你 他 她 它 着 过 被 把 从 向 由 或 或者 但 但是 还 又 很 更
最 所 该 此 各 已 已经 会 能 要 可以 没有 不 有""".split())

RUSSIAN_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ"})


def is_stop_word(lemma: str, lang: str) -> bool:
    """Whether ``lemma`` (as the index stores it) is left out of collocates."""
    if not any(c.isalpha() for c in lemma):
        return True
    if lang == "en":
        return lemma.casefold() in ENGLISH
    if lang == "zh":
        return lemma in CHINESE
    if lang == "ru":
        return _russian_function_word(lemma)
    return False


@functools.cache
def _russian_function_word(lemma: str) -> bool:
    parses = parse_word(lemma)
    return bool(parses) and parses[0].pos in RUSSIAN_POS
