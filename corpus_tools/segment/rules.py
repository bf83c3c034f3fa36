"""Rule-based sentence splitting that needs no model."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (or CJK 。！？) plus any closing quotes/brackets, before whitespace
# (CJK punctuation needs none).
_BOUNDARY = re.compile(r"(?:[.!?…]+[\"'”’»)\]]*(?=\s+\S)|[。！？]+[”’」』）]*)")


class RuleSegmenter:
    name = "rules-0.1"

    def split(self, paragraph: str, lang: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for match in _BOUNDARY.finditer(paragraph):
            spans.append((start, match.end()))
            start = match.end()
        spans.append((start, len(paragraph)))
        return [_strip(paragraph, s, e) for s, e in spans if paragraph[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
