"""GB/T 9704-2012 geometry shared by the page renderers (DOCX, PDF).

Lengths are in points (1 mm = 72 / 25.4 pt). A "character" (字) is the width of one
full-width character of the body size, 三号 = 16 pt; Latin letters and digits are half
that. Only layout lives here: what the text says comes from the document.
"""

from __future__ import annotations

import datetime
import math
import os
import unicodedata
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import OptionError

if TYPE_CHECKING:
    from ..document import Document, Table

__all__ = [
    "BODY_SIZE",
    "GB9704",
    "PAGE_OPTIONS",
    "PAGE_OPTION_RANGES",
    "PageGeometry",
    "SignatureIndents",
    "check_page_options",
    "column_shares",
    "document_timestamp",
    "fitting_size",
    "signature_indents",
    "text_width",
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
        return SignatureIndents(signature=2.0, date=date_indent)
    return SignatureIndents(signature=2 + wd + 2 - ws, date=2.0)


def document_timestamp(document: Document) -> datetime.datetime:
    """The time written into a file's metadata: never the clock.

    ``SOURCE_DATE_EPOCH`` (reproducible builds) when set, else the 成文日期 at 00:00 UTC.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        except (ValueError, OverflowError, OSError):
            raise OptionError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time in whole seconds since 1970"
            ) from None
    issued = document.issued
    return datetime.datetime(issued.year, issued.month, issued.day, tzinfo=datetime.UTC)


COLUMN_WEIGHTS = {"no": 9, "rank": 9, "unit": 46, "group": 14, "submitted": 15, "adopted": 15}
"""Share of the type area's width by column role; any other role gets 15. The unit
column fits a 13-character name (区食品药品和市场监督管理局) in 四号 on one line."""


def column_shares(table: Table) -> list[float]:
    """Each column's share of the table's width (they add up to 1)."""
    weights = [COLUMN_WEIGHTS.get(c.role, 15) for c in table.columns]
    return [w / sum(weights) for w in weights]


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
