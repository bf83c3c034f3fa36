"""English: words compared without plural and possessive endings.

A deliberately small stemmer: terms and text go through the same function, so
"communities" meets "community" and "China's" meets "China"; derivations ("shared" /
"sharing") stay apart because the glossary lists such renderings as variants of their own.
"""

from __future__ import annotations

from corpus_tools.terms.matching.words import WordMatcher


def english_key(word: str) -> str:
    w = word.casefold().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


class EnglishMatcher(WordMatcher):
    name = "english-stem"

    def analyse_form(self, form: str) -> frozenset[str]:
        return frozenset({english_key(form)})
