"""GB/T 9704-2012 geometry shared by the page renderers (DOCX, PDF).

Lengths are in points (1 mm = 72 / 25.4 pt). A "character" (字) is the width of one
full-width character of the body size, 三号 = 16 pt; Latin letters and digits are half
that. Only layout lives here: what the text says comes from the document.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .._settings import metadata_time
from ..errors import OptionError

if TYPE_CHECKING:
    from ..hookspecs import Option

if TYPE_CHECKING:
    from ..document import Document, Table

__all__ = [
    "BODY_SIZE",
    "CHAR_PITCH",
    "GB9704",
    "PAGE_OPTIONS",
    "PAGE_OPTION_RANGES",
    "NoteLayout",
    "NoteLine",
    "PageGeometry",
    "SignatureIndents",
    "attachment_note_layout",
    "check_page_options",
    "column_shares",
    "column_widths",
    "declare_options",
    "document_timestamp",
    "fitting_size",
    "row_height",
    "signature_indents",
    "table_size",
    "text_width",
    "title_breaks",
]

MM = 72 / 25.4
"""Points per millimetre."""

BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
IMPRINT_SIZE = 14.0  # 四号
PAGE_NUMBER_SIZE = 14.0  # 四号


@attrs.frozen
class PageGeometry:
    """A4 with the standard's margins (§5.2), in millimetres."""

    width: float = 210.0
    height: float = 297.0
    top: float = 37.0  # 天头
    bottom: float = 35.0
    left: float = 28.0  # 订口
    right: float = 26.0
    page_number_gap: float = 7.0  # 页码: 7 mm under the type area (§7.5)

    @property
    def type_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def type_height(self) -> float:
        return self.height - self.top - self.bottom


GB9704 = PageGeometry()
LINE_PITCH = 28.95
"""The default body line pitch in points, as the standard's practice states it for 22
lines in the 225 mm type area (225 mm / 22 is 28.99 pt; offices and the notes use 28.95,
and many use 28)."""


def text_width(text: str) -> float:
    """Width of ``text`` in characters (字): full-width counts 1, Latin and digits 1/2."""
    return sum(1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.5 for char in text)


@attrs.frozen
class SignatureIndents:
    """Right indents of the 署名 and the 成文日期 lines, in characters (both right-aligned)."""

    signature: float
    date: float
    date_start: float | None = None
    """When set, the date starts this many characters from the type area's left edge
    (left-aligned) instead of ending at its right indent: placed by its first
    character, it lands two characters right of the 署名's first character whatever
    the width of its digits in the font that prints it."""


def signature_indents(signature: str, date: str, *, sealed: bool) -> SignatureIndents:
    """Where the 署名 and 成文日期 go (§7.3.5).

    Without a seal (§7.3.5.2): the 署名 is right-indented two characters and the date,
    on the next line, starts two characters right of the 署名's first character; when
    the date is the longer, the date is right-indented two characters and the 署名
    moves left to keep that offset. With a seal (§7.3.5.1): the date is right-indented
    four characters and the 署名 is centred over it.
    """
    ws, wd = text_width(signature), text_width(date)
    if sealed:
        return SignatureIndents(signature=max(0.0, 4 + (wd - ws) / 2), date=4.0)
    # first character of each line, measured from the right edge of the type area:
    # signature starts at rs + ws, date at rd + wd, and rd + wd = rs + ws - 2.
    date_indent = ws - wd
    if date_indent >= 2:
        return SignatureIndents(
            signature=2.0, date=date_indent, date_start=CHARS_PER_LINE - 2 - ws + 2
        )
    return SignatureIndents(signature=2 + wd + 2 - ws, date=2.0)


@attrs.frozen
class NoteLine:
    """One 附件说明 line: its label (``附件：1.`` or ``2.``, a space after the number
    included) and where it starts, the name."""

    label: str
    label_start: float
    """From the type area's left edge, in points."""
    name: str


@attrs.frozen
class NoteLayout:
    """The 附件说明 lines and where every attachment's name starts (§7.3.4)."""

    notes: tuple[NoteLine, ...]
    name_start: float
    """From the type area's left edge, in points: each name, and every continuation
    line, starts here, under the first attachment's name."""


_NOTE_LABEL = re.compile(r"(附件：)?([0-9]+[.．、] ?)?")


def attachment_note_layout(
    notes: Sequence[str], measure: Callable[[str], float], pitch: float = 0.0
) -> NoteLayout:
    """Where the 附件说明's labels and names go (§7.3.4).

    The first line is indented two characters (``pitch`` each, default
    :data:`CHAR_PITCH`): ``附件：1. name``; the next ones start under ``1.``: ``2. name``.
    Every name, and each line a long name wraps onto, starts where the first name
    starts, rounded up to half a character. ``measure`` gives a label's width in points.
    """
    pitch = pitch or CHAR_PITCH
    lines = []
    for number, note in enumerate(notes):
        found = _NOTE_LABEL.match(note)
        assert found is not None  # the pattern matches the empty string
        label = found.group(0)
        start = 2 * pitch if number == 0 or found.group(1) else 2 * pitch + measure("附件：")
        lines.append(NoteLine(label=label, label_start=start, name=note[found.end() :]))
    half = pitch / 2
    widest = max((n.label_start + measure(n.label) for n in lines), default=2 * pitch)
    return NoteLayout(notes=tuple(lines), name_start=math.ceil(widest / half - 1e-6) * half)


def title_breaks(text: str, given: Sequence[str] = ()) -> list[str]:
    """A title's lines, the same in every page format (§7.3.1): ``given`` when the notice
    gives them, else chosen between words.

    Measured in characters (:func:`text_width`), not a font's metrics, so that the DOCX,
    whose fonts are chosen by the word processor, breaks where the PDF does.
    """
    from ._linebreak import title_lines  # noqa: PLC0415

    if given:
        return list(given)
    # One character short of the 20 that fit: a word processor's fonts (Latin digits
    # and brackets in particular) may be wider than the measure.
    width = math.floor(GB9704.type_width * MM / TITLE_SIZE + 1e-6) - 1
    return title_lines(text, width, text_width)


def document_timestamp(document: Document) -> datetime.datetime:
    """The time written into a file's metadata: never the clock.

    The rendering :class:`~tongbao.Renderers`' date source (``source_date``, or
    ``SOURCE_DATE_EPOCH`` when it was made), else the 成文日期 at 00:00 UTC.
    """
    return metadata_time(document)


CHARS_PER_LINE = 28
"""Characters per body line (§5.2.2): the type area's width over 28 is the character
pitch, a little less than a 16 pt character, so the pitch is set rather than left to
the font."""

CHAR_PITCH = GB9704.type_width * MM / CHARS_PER_LINE
"""The body's character pitch in points (156 mm / 28 = 15.79 pt)."""

COLUMN_WEIGHTS = {
    "no": 9,
    "rank": 9,
    "unit": 46,
    "group": 14,
    "submitted": 15,
    "adopted": 15,
    "title": 80,
    "date": 62,
}
"""Share of the type area's width by column role; any other role gets 15. The unit
column fits a 13-character name (区食品药品和市场监督管理局) in 四号 on one line; an
item's title (a duplicates list) takes what is left beside its unit and date."""

FLEXIBLE_ROLES = frozenset({"unit", "group", "title"})
"""Columns whose text may wrap: they give up width so that headings need not."""

HEADING_KEPT = 4
"""A heading of up to this many characters never wraps (排名, 采用条数)."""

CELL_PADDING = 85 / 20
"""Space between a cell's text and its left and right rules, in points (85 twips, the
DOCX cell margin)."""

CELL_V_PADDING = 1.5
"""Space above and below a cell's text, in points."""

TABLE_LEADING = 1.3
"""A table line's pitch over the table's font size: exact in both page formats, so a
row is as tall in the PDF as in the DOCX."""


def row_height(lines: int, size: float) -> float:
    """The height of a table row of ``lines`` lines at ``size`` points, in points."""
    return max(lines, 1) * size * TABLE_LEADING + 2 * CELL_V_PADDING


def column_widths(table: Table, size: float, width: float) -> list[float]:
    """Each column's width in points; they add up to ``width``.

    Widths follow :data:`COLUMN_WEIGHTS`, but a column whose heading has up to
    :data:`HEADING_KEPT` characters is at least wide enough to hold it on one line at
    ``size``; the unit (and group) columns give up that width, so names wrap before
    headings do.
    """
    weights = [COLUMN_WEIGHTS.get(c.role, 15) for c in table.columns]
    widths = [width * w / sum(weights) for w in weights]
    flexible = [i for i, c in enumerate(table.columns) if c.role in FLEXIBLE_ROLES]
    if not flexible:
        return widths
    fixed = [i for i in range(len(widths)) if i not in flexible]
    for index in fixed:
        widths[index] = max(widths[index], _heading_width(table.columns[index].heading, size))
    # Names keep at least four characters a line; when even so the headings cannot
    # all have their width, the fixed columns share what is left.
    floor = [
        min(width * weights[i] / sum(weights), HEADING_KEPT * size + 2 * CELL_PADDING)
        for i in flexible
    ]
    room = width - sum(floor)
    taken = sum(widths[i] for i in fixed)
    if taken > room:
        for index in fixed:
            widths[index] *= room / taken
        taken = room
    share = sum(widths[i] for i in flexible)
    for index in flexible:
        widths[index] *= (width - taken) / share
    return widths


TABLE_SIZES = (14.0, 12.0, 10.5, 9.0)
"""四号, 小四, 五号, 小五: the sizes a table steps down through when its headings would
not fit on one line at the size asked for."""


def _heading_width(heading: str, size: float) -> float:
    """The width that holds ``heading`` on one line when it has up to four characters.

    A half-width character counts as a whole one: a font's digits are often wider
    than half its em.
    """
    chars = min(math.ceil(text_width(heading)), HEADING_KEPT)
    return chars * size + 2 * CELL_PADDING


def _least_widths(table: Table, size: float, width: float) -> float:
    flexible = [c.role in FLEXIBLE_ROLES for c in table.columns]
    weights = [COLUMN_WEIGHTS.get(c.role, 15) for c in table.columns]
    total = 0.0
    for column, flex, weight in zip(table.columns, flexible, weights, strict=True):
        if flex:
            total += min(width * weight / sum(weights), HEADING_KEPT * size + 2 * CELL_PADDING)
        else:
            total += _heading_width(column.heading, size)
    return total


def table_size(table: Table, size: float, width: float = GB9704.type_width * MM) -> float:
    """The table's font size: ``size``, or the first smaller of :data:`TABLE_SIZES` at
    which every heading of up to four characters stays on one line (§8 *practice*:
    dense statistical tables are set smaller)."""
    for candidate in (size, *(s for s in TABLE_SIZES if s < size)):
        if _least_widths(table, candidate, width) <= width:
            return candidate
    return min(size, TABLE_SIZES[-1])


def column_shares(table: Table, size: float = 14.0) -> list[float]:
    """Each column's share of the type area's width (they add up to 1)."""
    width = GB9704.type_width * MM
    return [w / width for w in column_widths(table, size, width)]


def fitting_size(text: str, largest: float, width_mm: float = GB9704.type_width) -> float:
    """The largest size up to ``largest`` at which ``text`` fits one line of the type area.

    The 发文机关标志 stands on one line: a long office name is set smaller.
    """
    chars = max(text_width(text), 1.0)
    return min(largest, round(width_mm * MM / chars * 0.98, 1))


PAGE_OPTIONS: dict[str, str | float | bool] = {
    "line_pitch": LINE_PITCH,
    "title_line_pitch": 35.0,
    "table_font_size": 14.0,
    "issuer_mark_size": 36.0,
    "page_numbers": True,
}
"""The layout options every page format takes, with the same defaults (sizes in points)."""

PAGE_OPTION_RANGES: dict[str, tuple[float, float]] = {
    "line_pitch": (12.0, 72.0),
    "title_line_pitch": (12.0, 96.0),
    "table_font_size": (6.0, 28.0),
    "issuer_mark_size": (12.0, 72.0),
}
"""The sizes a page can be laid out with, in points: a line pitch of 0, NaN or a
kilometre, or a table in 100-point type, is refused before any page is made."""


PAGE_OPTION_HELP = {
    "line_pitch": "body line pitch in points (22 lines a page at the default)",
    "title_line_pitch": "title line pitch in points",
    "table_font_size": "attachment table type size in points",
    "issuer_mark_size": "largest 发文机关标志 size in points (a long name is set smaller)",
    "page_numbers": "print page numbers (— 1 —) at the foot of each page",
}


def declare_options(
    defaults: dict[str, str | float | bool], helps: dict[str, str]
) -> tuple[Option, ...]:
    """``defaults`` as declared options: the page sizes with their ranges, each with help."""
    from ..hookspecs import Option  # noqa: PLC0415 - hookspecs is light, but import it late

    out = []
    for name, default in defaults.items():
        low, high = PAGE_OPTION_RANGES.get(name, (None, None))
        out.append(Option(name, default, {**PAGE_OPTION_HELP, **helps}[name], (), low, high))
    return tuple(out)


def check_page_options(values: dict[str, Any], renderer: str) -> dict[str, Any]:
    """``values`` when every layout size is within :data:`PAGE_OPTION_RANGES`.

    Raises:
        OptionError: a size that is not a finite number in its range, named.
    """
    for name, (low, high) in PAGE_OPTION_RANGES.items():
        value = values.get(name)
        if value is None:
            continue
        if not math.isfinite(value) or not low <= value <= high:
            raise OptionError(
                f"{renderer} option {name} is {value!r}; expected a size from {low:g} to "
                f"{high:g} points"
            )
    return values
