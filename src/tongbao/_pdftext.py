"""A PDF's text layer, laid out: each page's lines with their columns kept apart by spaces.

A published PDF's table is only characters placed on the page. This module reads each
character and where it is drawn (PDFium, through pypdfium2: the PDF engine of Chromium,
in C, so a 30-page table reads in a tenth of a second), groups characters into lines by
their height on the page, orders each line left to right, and writes it as text on a grid
of character cells: one cell is the width of a half-width character (a Chinese character
takes two), a gap between characters becomes spaces (two or more for a gap of a cell or
more, so columns stay apart), and a gap of several cells is widened to the character's
place on the grid, so the columns of a table line up from row to row and a paragraph's
first-line indent shows. Finding tables and paragraphs in those lines is
:mod:`tongbao._tabletext`'s and :mod:`tongbao._published`'s job.
"""

from __future__ import annotations

import ctypes
import functools
import threading
import unicodedata
from typing import Any, NamedTuple

from .errors import InputError

__all__ = ["pdf_pages"]

_WORD_GAP = 0.4
"""A gap of this many cells or more between two characters is a space."""


class _Char(NamedTuple):
    """A drawn character and its box, in points from the page's lower left corner."""

    middle: float
    left: float
    right: float
    bottom: float
    top: float
    text: str


_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: one PDF is read at a time in a process."""


def pdf_pages(raw: bytes, name: str) -> list[list[str]]:
    """The lines of each page of the PDF ``raw``, laid out (see the module's docstring).

    Empty lines are left out; trailing spaces are stripped.

    Raises:
        InputError: the PDF cannot be read or needs a password.
    """
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # noqa: PLC0415 - only PDFs

    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError as exc:
            if pdfium.raw.FPDF_GetLastError() == pdfium.raw.FPDF_ERR_PASSWORD:
                raise InputError.of("published.pdf_encrypted", name) from None
            raise InputError.of("published.pdf_unreadable", name, reason=str(exc)) from None
        try:
            chars = []
            for index in range(len(document)):
                try:  # a damaged page object fails to load
                    page = document[index]
                    try:
                        chars.append(_page_chars(page, pdfium.raw))
                    finally:
                        page.close()
                except pdfium.PdfiumError as exc:
                    reason = f"page {index + 1}: {exc}"
                    raise InputError.of("published.pdf_unreadable", name, reason=reason) from None
        finally:
            document.close()
    return [_lay_out(page_chars) for page_chars in chars]


def _drawn(code: int) -> bool:
    """Whether the code point PDFium gives is a character drawn on the page.

    Not a space (spaces are remade from the characters' places), a control character, a
    lone surrogate or a non-character (PDFium marks a hyphen at a line's end 0xFFFE).
    """
    if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
        return False
    return not chr(code).isspace()


def _page_chars(page: Any, raw: Any) -> list[_Char]:
    """The drawn characters of ``page`` with their boxes, as the page is shown (turned)."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        rect = raw.FS_RECTF()
        box = ctypes.byref(rect)
        unicode_of = raw.FPDFText_GetUnicode
        loose_box = raw.FPDFText_GetLooseCharBox
        # A page shown turned (/Rotate): its characters are placed as the reader sees them.
        turn = page.get_rotation() % 360
        chars = []
        for i in range(raw.FPDFText_CountChars(handle)):
            code = unicode_of(handle, i)
            if not _drawn(code) or not loose_box(handle, i, box):
                continue
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if turn == 90:
                left, bottom, right, top = bottom, -right, top, -left
            elif turn == 180:
                left, bottom, right, top = -right, -top, -left, -bottom
            elif turn == 270:
                left, bottom, right, top = -top, left, -bottom, right
            chars.append(_Char((bottom + top) / 2, left, right, bottom, top, chr(code)))
        return chars
    finally:
        textpage.close()


@functools.lru_cache(maxsize=8192)
def _cells(text: str) -> int:
    """How many character cells ``text`` takes: two for a Chinese (wide) character."""
    return 2 if unicodedata.east_asian_width(text) in ("W", "F") else 1


def _cell_width(chars: list[_Char]) -> float:
    """The page's width of one character cell: the middle of its characters' widths per cell."""
    widths = sorted((c.right - c.left) / _cells(c.text) for c in chars if c.right > c.left)
    if not widths:
        return 1.0
    return max(widths[len(widths) // 2], 0.1)


def _lay_out(chars: list[_Char]) -> list[str]:
    """Lines of text from characters: grouped by height, ordered, spaced on the grid."""
    if not chars:
        return []
    cell = _cell_width(chars)
    origin = min(c.left for c in chars)
    # Top to bottom by their middles; a character whose middle is inside the line's first
    # character's box is on that line (lines are further apart than half their height).
    chars.sort(key=lambda c: (-c.middle, c.left))
    lines: list[list[_Char]] = []
    floor = 0.0
    for char in chars:
        if lines and char.middle > floor:
            lines[-1].append(char)
        else:
            lines.append([char])
            floor = char.bottom if char.top > char.bottom else char.middle - cell
    out = []
    for line in lines:
        line.sort(key=lambda c: c.left)
        parts = []
        column = 0
        right: float | None = None
        for char in line:
            if right is None:
                spaces = max(round((char.left - origin) / cell), 0)
            else:
                gap = (char.left - right) / cell
                spaces = 0 if gap < _WORD_GAP else max(1, round(gap))
                if spaces >= 2:  # a column's gap: to the character's place on the grid
                    spaces = max(spaces, round((char.left - origin) / cell) - column)
            parts.append(" " * spaces + char.text)
            column += spaces + _cells(char.text)
            right = char.right if right is None else max(right, char.right)
        text = "".join(parts).rstrip()
        if text:
            out.append(text)
    return out
