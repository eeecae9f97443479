"""Chinese line breaking (禁则): where a line of a page may end.

A line may break between any two Chinese characters, but never so that a line starts
with closing punctuation (，。、；：！？）」』”’ …) or ends with opening punctuation
(（「『“‘ …); runs of Latin letters and digits (``2018``, ``43.3%``) and doubled marks
(``——``, ``……``) are never split. Everything about line breaking lives here, so every
page renderer breaks lines the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["CANNOT_END", "CANNOT_START", "break_lines", "units"]

CANNOT_START = frozenset(
    "，。、；：！？）］｝」』”’》〉】〕〗〙〛｠｡､・ー～…‥—–·"
    ",.;:!?)]}%‰℃°"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻"
)
"""Characters no line may start with: closing and middle punctuation, units, small kana."""

CANNOT_END = frozenset("（［｛「『“‘《〈【〔〖〘〚｟([{￥$£")
"""Characters no line may end with: opening punctuation and currency signs."""

_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:%/\-+'_]*[A-Za-z0-9%]|——|……|[\s\S]")


def units(text: str) -> list[str]:
    """``text`` cut into the smallest pieces a line may break between."""
    return _UNIT.findall(text)


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    first_indent: float = 0.0,
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the first ``first_indent`` less).

    ``measure`` gives a string's width in the same unit. A piece wider than a whole
    line is split between characters, the only case where a Latin run is cut.
    """
    pieces: list[str] = []
    for piece in units(text):
        if measure(piece) > width and len(piece) > 1:
            pieces.extend(piece)
        else:
            pieces.append(piece)
    lines: list[str] = []
    start = 0
    while start < len(pieces):
        room = width - (first_indent if not lines else 0.0)
        end = start
        used = 0.0
        while end < len(pieces):
            size = measure(pieces[end])
            if used + size > room and end > start:
                break
            used += size
            end += 1
        if end < len(pieces):
            end = _adjust(pieces, start, end)
        lines.append("".join(pieces[start:end]))
        start = end
    return lines


def _adjust(pieces: list[str], start: int, end: int) -> int:
    """Move a break so the next line does not start badly nor this one end badly."""
    candidate = end
    # Pull characters down until the next line starts with an allowed character and
    # this line ends with one; give up (and accept the break) rather than empty a line.
    while candidate - 1 > start and (
        pieces[candidate][0] in CANNOT_START or pieces[candidate - 1][-1] in CANNOT_END
    ):
        candidate -= 1
    if pieces[candidate][0] in CANNOT_START or pieces[candidate - 1][-1] in CANNOT_END:
        return end
    return candidate
