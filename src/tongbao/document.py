"""The resolved document: what every renderer lays out, and all it may read.

A :class:`Document` is a notice with every number already turned into its final text
and every sentence already worded. Renderers choose fonts, sizes and positions; they
never compute a figure or choose a word, so every format says the same thing. This
module is public: it is the contract for third-party renderers, changed only by adding.

Page order of a 公文 (GB/T 9704-2012 §7) and where each part lives:

=====================  ======================================
red header, 发文字号     :attr:`Document.header`
标题                    :attr:`Document.title`
主送机关                :attr:`Document.addressees`
正文                    :attr:`Document.paragraphs`
附件说明                :attr:`Document.attachment_notes`
署名, 成文日期           :attr:`Document.signature`, :attr:`Document.date`
附注                    :attr:`Document.note`
附件                    :attr:`Document.attachments`
版记                    :attr:`Document.imprint`
=====================  ======================================
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

__all__ = [
    "Align",
    "Attachment",
    "Bar",
    "Chart",
    "Column",
    "Document",
    "Header",
    "HeaderCell",
    "Imprint",
    "Paragraph",
    "Row",
    "RowKind",
    "Table",
    "Value",
    "ValueKind",
]

Align = Literal["left", "center", "right"]
"""Horizontal alignment of a table column."""

RowKind = Literal["unit", "group", "subtotal", "total"]
"""What a table row is: a unit's figures, a group heading, a group's 小计, the 合计."""

ValueKind = Literal[
    "count", "rate", "score", "number", "text", "empty", "undefined", "unranked", "missing"
]
"""What a cell holds, for formats that store values rather than text (XLSX, JSON):

- ``count``: a whole number (报送数, 采纳数, 序号, 名次, 任务数), ``exact`` an ``int``;
- ``rate``: a share of 1 (采纳率 ``Fraction(9, 19)``, printed ``47%``), ``exact`` a
  ``Fraction``, ``places`` the decimals of the printed percentage;
- ``score``: points (得分), ``exact`` a ``Fraction``, ``places`` the printed decimals;
- ``number``: another exact number (a change in 百分点: a ``Decimal`` as printed);
- ``text``: a name or a word (单位, 类别, 是/否, ``3/5``), ``exact`` ``None``;
- ``empty``: an empty cell (no 名次 on a 合计 row);
- ``undefined``: a rate of nothing (报送 0), printed ``—`` or as the notice says;
- ``unranked``: a unit left out of the ranking (too few items), printed ``—``;
- ``missing``: a figure the data does not hold for this row (no year-to-date tally).
"""


@attrs.frozen
class Value:
    """A cell's value beside its text: what a data format stores.

    ``exact`` is ``int``, ``Fraction`` or ``Decimal`` for the numeric kinds and ``None``
    otherwise; ``places`` the decimals the cell text shows (for ``rate``: of the
    percentage, so ``Fraction(9, 19)`` with places 1 prints ``47.4%``).
    """

    kind: ValueKind
    """What the cell holds: ``count``, ``rate``, ``score``, ``number``, ``text``,
    ``empty``, ``undefined``, ``unranked`` or ``missing`` (see :data:`ValueKind`)."""
    exact: int | Fraction | Decimal | None = None
    """The exact number (``Fraction(9, 19)``), or ``None`` when the cell is no number."""
    places: int | None = None
    """The decimals the text shows (rates: of the percentage), or ``None``."""

    @property
    def numeric(self) -> bool:
        """The cell holds a number (``exact`` is not ``None``)."""
        return self.exact is not None


@attrs.frozen
class Paragraph:
    """A paragraph of the body.

    ``level`` 0 is text, 1 a 一、 heading (黑体), 2 a （一） heading (楷体).
    """

    text: str
    """The final text: ``一、总体情况`` for a heading, numbering included."""
    level: Literal[0, 1, 2] = 0
    """0 text, 1 a 一、 heading, 2 a （一） heading."""


@attrs.frozen
class Column:
    """A table column: its heading, alignment, and what it holds.

    ``role`` names the figure so a renderer can size columns (unit names wrap, numbers
    do not) and a data format can label them. The roles:

    - ``no`` (序号), ``rank`` (排名), ``unit`` (单位), ``group`` (类别);
    - ``submitted`` (报送数), ``adopted`` (采纳数), ``rate`` (采纳率), ``score`` (得分),
      ``quota`` (任务数), ``completion`` (完成率), ``met`` (是否完成: 是/否, ``3/5`` on
      a 小计/合计 row), ``instructions`` (批示数);
    - ``level:NAME``: adoptions at level NAME (``level:市政府网``), ``points:NAME``:
      points earned there;
    - ``ytd_`` before any of these: the year to date (累计), e.g. ``ytd_rate``;
    - in a comparison attachment: ``other_submitted``, ``submitted_change`` (``+3``),
      ``other_rate``, ``rate_change`` (百分点, ``+1.5``);
    - in a list of duplicate items: ``title`` (标题) and ``date`` (报送日期).
    """

    heading: str
    """The text in the header: ``采纳率``, or as the notice names it."""
    role: str
    """What the column holds (see above)."""
    align: Align = "center"
    """Horizontal alignment of its cells: units left, places centred, figures right."""
    group: str | None = None
    """A heading over several adjacent columns (``市本级采用`` over its kinds): columns
    with the same group side by side share one merged cell in a header row above theirs;
    when any column has a group, the header has two rows."""
    numeric: bool = attrs.field(default=False, eq=False)
    """The column holds numbers (its cells' :class:`Value` s are counts, rates, scores…);
    a group row's or a label's cell in it may still be text."""
    places: int | None = attrs.field(default=None, eq=False)
    """The decimals its numbers are printed with (for rates: of the percentage);
    ``None`` for whole numbers and text."""


@attrs.frozen
class Row:
    """A table row of final cell texts, one per column.

    A ``"group"`` row has a single cell, the group's name, spanning the whole width.
    """

    cells: tuple[str, ...]
    """The final texts, one per column (one for a ``group`` row): ``47%``, ``—``."""
    kind: RowKind = "unit"
    """``unit``, ``group`` (a heading row: the group's name), ``subtotal`` (小计) or
    ``total`` (合计)."""
    values: tuple[Value, ...] = attrs.field(default=(), eq=False)
    """Each cell's :class:`Value`, one per cell; empty when the document was built
    without them (by hand, or by an older tongbao): then read the texts."""

    def value(self, index: int) -> Value:
        """The value of cell ``index``; ``text`` (or ``empty``) when no values were given."""
        if self.values:
            return self.values[index]
        return Value("text" if self.cells[index] else "empty")


@attrs.frozen
class HeaderCell:
    """A cell of the header: its text, first column, and how many columns and rows it spans."""

    text: str
    """The heading, or a column group's name."""
    column: int
    """Index of its first column."""
    columns: int = 1
    """How many columns it spans (a group's)."""
    rows: int = 1
    """How many header rows it spans (2: a column without a group, under a grouped header)."""


@attrs.frozen
class Table:
    """A table whose header is the columns' headings; repeat it on every page."""

    columns: tuple[Column, ...]
    """The columns, left to right; :meth:`header_rows` lays their headings out."""
    rows: tuple[Row, ...]
    """The body rows, top to bottom: units, group headings, 小计, 合计."""

    def header_rows(self) -> tuple[tuple[HeaderCell, ...], ...]:
        """The header, row by row: one row, or two when columns have groups.

        With groups, adjacent columns of one group share a top cell with the group's text
        and have their own headings below; other columns span both rows.
        """
        if all(c.group is None for c in self.columns):
            return (tuple(HeaderCell(c.heading, i) for i, c in enumerate(self.columns)),)
        top: list[HeaderCell] = []
        bottom: list[HeaderCell] = []
        index = 0
        while index < len(self.columns):
            column = self.columns[index]
            if column.group is None:
                top.append(HeaderCell(column.heading, index, 1, 2))
                index += 1
                continue
            end = index
            while end < len(self.columns) and self.columns[end].group == column.group:
                bottom.append(HeaderCell(self.columns[end].heading, end))
                end += 1
            top.append(HeaderCell(column.group, index, end - index, 1))
            index = end
        return (tuple(top), tuple(bottom))


@attrs.frozen
class Bar:
    """One bar of a chart: its label, its length as a share of the full scale, its text."""

    label: str
    """The unit's name, or ``全部单位`` for the reference line."""
    share: float
    """From 0 to 1: the bar's length over the chart's full width (a layout quantity)."""
    text: str
    """The value as printed: ``47%``."""


@attrs.frozen
class Chart:
    """A horizontal bar chart, bars in drawing order; ``reference`` is drawn as a line."""

    title: str
    """``2018年3-4月各单位信息采纳率``."""
    bars: tuple[Bar, ...]
    """Highest rate first; units that submitted nothing have no bar."""
    reference: Bar | None = None
    """The overall rate, drawn as a line across the bars (``全部单位 43.3%``)."""


@attrs.frozen
class Attachment:
    """An attachment (附件): a label on line 1, a title on line 3, a table, notes under it."""

    label: str
    """``附件`` for a single attachment, ``附件1``, ``附件2`` … for several."""
    title: str
    """The table's title, printed centred over it: ``3-4月网站信息报送情况统计表``."""
    table: Table
    """The table; its header repeats on every page."""
    notes: tuple[str, ...] = ()
    """Lines printed under the table (units not counted, units that submitted nothing)."""
    chart: Chart | None = None
    """A chart of the table's rates, drawn under the table and its notes."""


@attrs.frozen
class Header:
    """The red header (发文机关标志) and the document number (发文字号), each optional."""

    issuer_mark: str | None = None
    """The 发文机关标志, printed in red: ``西宁市城中区人民政府办公室文件``."""
    doc_number: str | None = None
    """The 发文字号: ``城政办〔2018〕21号``."""


@attrs.frozen
class Imprint:
    """The 版记 at the foot of the last page: 抄送, 印发机关 and 印发日期."""

    cc: str | None = None
    """``抄送：…。``, ready to print, or ``None``."""
    printed_by: str | None = None
    """The 印发机关 as printed: ``西宁市城中区人民政府办公室``."""
    printed_date: str | None = None
    """``2018年5月10日印发``, ready to print."""


@attrs.frozen
class Document:
    """A notice, resolved: final texts only, in page order."""

    title: str
    """The 标题, whole; :attr:`title_lines` gives where the notice breaks it, if it does."""
    addressees: str
    """The 主送机关 line, joined with 、 and ending with ：; empty when there are none."""
    paragraphs: tuple[Paragraph, ...]
    """The 正文, paragraph by paragraph, headings included."""
    attachment_notes: tuple[str, ...]
    """The 附件说明 lines: ``附件：…`` for one attachment, ``附件：1. …`` then ``2. …``."""
    signature: str
    """The 署名 (issuing office)."""
    date: str
    """The 成文日期: ``2018年5月10日``."""
    issued: datetime.date
    """The 成文日期 as a date, for document properties (never the clock)."""
    sealed: bool = False
    """Lay the signature out for a seal (§7.3.5.1) instead of the no-seal layout."""
    note: str | None = None
    """The 附注, in full-width parentheses: ``（此件主动公开）``."""
    header: Header | None = None
    """The red header and 发文字号, or ``None`` for a notice without them."""
    attachments: tuple[Attachment, ...] = ()
    """The 附件, in order; their labels and the 附件说明 agree."""
    imprint: Imprint | None = None
    """The 版记, or ``None``."""
    title_lines: tuple[str, ...] = ()
    """The title's lines as the notice gives them (§7.3.1); empty when the page formats
    choose the breaks. ``"".join(title_lines) == title`` when given."""
