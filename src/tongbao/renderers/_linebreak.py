"""Chinese line breaking (禁则): where a line of a page may end.

A line may break between any two Chinese characters, but never so that a line starts
with closing punctuation (，。、；：！？）」』”’ …) or ends with opening punctuation
(（「『“‘ …); runs of Latin letters and digits (``2018``, ``43.3%``) and doubled marks
(``——``, ``……``) are never split. Everything about line breaking lives here, so every
page renderer breaks lines the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

__all__ = ["CANNOT_END", "CANNOT_START", "FIXED_PHRASES", "break_lines", "title_lines", "units"]

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


HANGING = frozenset("，。、．")
"""Punctuation that may hang past a full line's end rather than push a character down,
as Word and LibreOffice let it by default for Chinese text (标点溢出边界)."""


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    first_indent: float = 0.0,
    *,
    hang: bool = False,
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the first ``first_indent`` less).

    ``measure`` gives a string's width in the same unit. A piece wider than a whole
    line is split between characters, the only case where a Latin run is cut. With
    ``hang``, a :data:`HANGING` mark that would start a line ends the full line before
    it instead, past its end.
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
                if hang and pieces[end] in HANGING and used <= room:
                    end += 1  # hangs past the end
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


# --- titles (§7.3.1) -------------------------------------------------------------------

FIXED_PHRASES = (
    "关于",
    "政府门户网站",
    "门户网站",
    "信息报送",
    "信息公开",
    "政务公开",
    "政务信息",
    "的通报",
    "的通知",
    "的决定",
    "的意见",
    "的报告",
    "统计表",
    "汇总表",
    "情况表",
    "一览表",
)
"""Phrases of these notices that a title line never splits, beyond what the word
segmenter keeps whole: 关于…的通报 keeps 的 with its noun, and the portal's name and
信息报送 are one idea each."""

_DATE_PHRASE = re.compile(
    r"(?:第?[0-9０-９一二三四五六七八九十]+(?:[-~～—至][0-9０-９一二三四五六七八九十]+)?"
    r"(?:年度|年|月份|月|日|号|季度|期|届|次|批))+"
)
"""Dates and counted periods (``2018年3-4月份``, ``第一季度``) stay on one line."""


def _segment(text: str) -> list[str]:
    """Words of ``text``, by rjieba (jieba's dictionary, in Rust), imported on first use."""
    import rjieba  # noqa: PLC0415 - loads a dictionary (~0.2 s); only for page formats

    return list(rjieba.cut(text, hmm=False))


def _title_breaks(text: str, width: float, measure: Callable[[str], float]) -> list[int]:
    """Offsets in ``text`` where a title line may end, in increasing order.

    A fixed phrase, date or Latin run wider than a whole line cannot be kept whole:
    inside it the segmenter's word ends (or, for a Latin run, any character) may break.
    """
    allowed: set[int] = set()
    at = 0
    for word in _segment(text):
        at += len(word)
        allowed.add(at)
    protected: list[tuple[int, int]] = []
    for phrase in FIXED_PHRASES:
        start = text.find(phrase)
        while start >= 0:
            protected.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    protected.extend(m.span() for m in _DATE_PHRASE.finditer(text))
    at = 0
    for piece in units(text):  # Latin runs and numbers are never split
        if len(piece) > 1 and measure(piece) > width:
            allowed.update(range(at + 1, at + len(piece)))
        protected.append((at, at + len(piece)))
        at += len(piece)
    protected = [(a, b) for a, b in protected if measure(text[a:b]) <= width]
    allowed.discard(len(text))
    return sorted(
        b
        for b in allowed
        if not any(start < b < end for start, end in protected)
        and text[b] not in CANNOT_START
        and text[b - 1] not in CANNOT_END
    )


def _fill(text: str, breaks: list[int], width: float, measure: Callable[[str], float]) -> list[int]:
    """Cuts that fill each line as far as the allowed breaks let it (for long titles)."""
    cuts = [0]
    bounds = [*breaks, len(text)]
    while cuts[-1] < len(text):
        start = cuts[-1]
        fitting = [b for b in bounds if b > start and measure(text[start:b]) <= width]
        # nothing fits: the next piece alone is wider than a line and goes on one
        cuts.append(fitting[-1] if fitting else next(b for b in bounds if b > start))
    return cuts


def title_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A title broken between words into balanced lines no wider than ``width`` (§7.3.1).

    Words come from a Chinese word segmenter, with this kind of notice's fixed phrases
    and dates kept whole. Of the ways to break the title into the fewest lines that fit,
    the one whose lines differ least in length is chosen, preferring a trapezoid or a
    diamond (the middle line never the shortest); ties go to the earliest breaks. A
    title needing more than five lines is filled line by line at the same breaks.
    """
    if not text or measure(text) <= width:
        return [text] if text else []
    breaks = _title_breaks(text, width, measure)
    fewest = len(_fill(text, breaks, width, measure)) - 1
    for count in range(max(2, fewest), min(len(breaks) + 2, 6)):
        best: tuple[tuple[float, float, float], list[int]] | None = None
        for chosen in itertools.combinations(breaks, count - 1):
            cuts = [0, *chosen, len(text)]
            widths = [measure(text[a:b]) for a, b in itertools.pairwise(cuts)]
            if max(widths) > width:
                continue
            spread = max(widths) - min(widths)
            hourglass = count >= 3 and min(widths[1:-1]) < min(widths[0], widths[-1])
            mean = sum(widths) / count
            score = (float(hourglass), spread, sum((w - mean) ** 2 for w in widths))
            if best is None or score < best[0]:
                best = (score, cuts)
        if best is not None:
            return [text[a:b] for a, b in itertools.pairwise(best[1])]
    return [text[a:b] for a, b in itertools.pairwise(_fill(text, breaks, width, measure))]
