"""The query language: a documented subset of CWB's CQP (see docs/query.md).

    query     := sequence (":" LANG "!"? sequence)* ("within" "s")? ";"?
    sequence  := element+
    element   := ("[" expr? "]" | STRING FLAGS?) ("{" INT ("," INT?)? "}" | "?" | "*" | "+")?
    expr      := term ("|" term)*
    term      := factor ("&" factor)*
    factor    := "!" factor | "(" expr ")" | ATTR ("=" | "!=") STRING FLAGS?

A plain ``"word"`` is ``[word="word"]``; ``[]`` is any token; strings are regular
expressions matched against the whole value; ``%c`` ignores case and ``%d`` diacritics.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from corpus_tools.errors import CorpusToolsError, InputError

ATTRIBUTES = ("word", "lemma")
FLAGS = frozenset("cd")


class QuerySyntaxError(InputError):
    """The query does not parse; the message gives the position and what was expected."""


class QueryUsageError(CorpusToolsError):
    """The query names an attribute or language that does not exist (a usage error)."""


@dataclass(frozen=True)
class Comparison:
    attr: str
    value: str  # a regular expression matched against the whole value
    flags: frozenset[str] = frozenset()
    negated: bool = False  # written with !=


@dataclass(frozen=True)
class Not:
    item: Expr


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]


Expr = Comparison | Not | And | Or


@dataclass(frozen=True)
class Element:
    expr: Expr | None  # None: any token ([])
    min: int = 1
    max: int | None = 1  # None: unbounded (within the sentence)


@dataclass(frozen=True)
class Aligned:
    lang: str
    sequence: tuple[Element, ...]
    negated: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    sequence: tuple[Element, ...]
    aligned: tuple[Aligned, ...] = ()


_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<flags>%[A-Za-z]+)
  | (?P<number>\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>!=|[\[\](){},:!=&|?*+;])
""", re.VERBOSE)


@dataclass(frozen=True)
class _Tok:
    kind: str  # string | flags | number | name | op | end
    text: str
    pos: int  # 0-based character offset in the query


def _lex(text: str) -> list[_Tok]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise QuerySyntaxError(f"query: unexpected {text[pos]!r} at position {pos + 1}")
        if m.lastgroup != "space":
            tokens.append(_Tok(m.lastgroup or "", m.group(), pos))
        pos = m.end()
    tokens.append(_Tok("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _lex(text)
        self.i = 0

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.i]

    def fail(self, expected: str):
        found = "the end of the query" if self.tok.kind == "end" else repr(self.tok.text)
        raise QuerySyntaxError(f"query: expected {expected} at position {self.tok.pos + 1}, "
                               f"found {found}")

    def accept(self, text: str) -> bool:
        if self.tok.kind == "op" and self.tok.text == text:
            self.i += 1
            return True
        return False

    def expect(self, text: str, expected: str) -> None:
        if not self.accept(text):
            self.fail(expected)

    def query(self) -> Query:
        sequence = self.sequence()
        aligned = []
        while self.accept(":"):
            if self.tok.kind != "name":
                self.fail("a language code after ':'")
            lang = self.tok.text.lower()
            self.i += 1
            negated = self.accept("!")
            aligned.append(Aligned(lang, self.sequence(), negated))
        if self.tok.kind == "name" and self.tok.text == "within":
            self.i += 1
            if not (self.tok.kind == "name" and self.tok.text in ("s", "sentence")):
                self.fail("'s' after 'within' (only sentences are structures here)")
            self.i += 1
        self.accept(";")
        if self.tok.kind != "end":
            self.fail("a token pattern ([…] or \"…\"), ':' or 'within'")
        return Query(self.text, sequence, tuple(aligned))

    def sequence(self) -> tuple[Element, ...]:
        elements = []
        while self.tok.kind == "string" or (self.tok.kind == "op" and self.tok.text == "["):
            elements.append(self.element())
        if not elements:
            self.fail('a token pattern ([…] or "…")')
        return tuple(elements)

    def element(self) -> Element:
        if self.tok.kind == "string":
            expr: Expr | None = Comparison("word", self.string(), self.flags())
        else:
            self.expect("[", "'['")
            expr = None if self.accept("]") else self.expr()
            if expr is not None:
                self.expect("]", "']', '&' or '|'")
        low, high = self.quantifier()
        return Element(expr, low, high)

    def quantifier(self) -> tuple[int, int | None]:
        for op, bounds in (("?", (0, 1)), ("*", (0, None)), ("+", (1, None))):
            if self.accept(op):
                return bounds
        if not self.accept("{"):
            return 1, 1
        low = self.number()
        high: int | None = low
        if self.accept(","):
            high = None if self.tok.kind == "op" and self.tok.text == "}" else self.number()
        self.expect("}", "'}'")
        if high is not None and high < low:
            raise QuerySyntaxError(f"query: repetition {{{low},{high}}} has max < min")
        return low, high

    def number(self) -> int:
        if self.tok.kind != "number":
            self.fail("a number")
        self.i += 1
        return int(self.tokens[self.i - 1].text)

    def expr(self) -> Expr:
        items = [self.term()]
        while self.accept("|"):
            items.append(self.term())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def term(self) -> Expr:
        items = [self.factor()]
        while self.accept("&"):
            items.append(self.factor())
        return items[0] if len(items) == 1 else And(tuple(items))

    def factor(self) -> Expr:
        if self.accept("!"):
            return Not(self.factor())
        if self.accept("("):
            inner = self.expr()
            self.expect(")", "')'")
            return inner
        if self.tok.kind != "name":
            self.fail("an attribute (word, lemma), '!' or '('")
        attr = self.tok.text
        if attr not in ATTRIBUTES:
            close = difflib.get_close_matches(attr, ATTRIBUTES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise QueryUsageError(f"query: unknown attribute {attr!r} at position "
                                  f"{self.tok.pos + 1} (use {', '.join(ATTRIBUTES)}){hint}")
        self.i += 1
        if self.accept("="):
            negated = False
        elif self.accept("!="):
            negated = True
        else:
            self.fail("'=' or '!='")
        return Comparison(attr, self.string(), self.flags(), negated)

    def string(self) -> str:
        if self.tok.kind != "string":
            self.fail('a quoted string ("…")')
        raw = self.tok.text[1:-1]
        quote = self.tok.text[0]
        value = raw.replace("\\" + quote, quote)
        try:
            re.compile(value)
        except re.error as err:
            raise QuerySyntaxError(f"query: bad regular expression {self.tok.text} at position "
                                   f"{self.tok.pos + 1}: {err}") from None
        self.i += 1
        return value

    def flags(self) -> frozenset[str]:
        if self.tok.kind != "flags":
            return frozenset()
        letters = frozenset(self.tok.text[1:])
        if not letters <= FLAGS:
            self.fail("%c, %d or %cd")
        self.i += 1
        return letters


def parse_query(text: str) -> Query:
    """Parse a query; raises :class:`QuerySyntaxError` or :class:`QueryUsageError`."""
    if not text.strip():
        raise QuerySyntaxError("query: empty (expected a token pattern such as \"word\")")
    return _Parser(text).query()
