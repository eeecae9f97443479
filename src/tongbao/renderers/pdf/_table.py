"""The attachment's table: rows measured once, split page by page, each page drawn directly.

Only each row's height is kept; a page's rows are broken into lines again when it is
drawn, so 10,000 rows cost ten times 1,000.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Iterator, Sequence

from reportlab.platypus import Flowable

from ...document import HeaderCell, Table
from .._layout import CELL_PADDING, TABLE_LEADING, column_widths, row_height
from .._linebreak import break_lines
from ._font import PdfFont, drawable
from ._text import BASELINE_RISE

__all__ = ["PagedTable", "TableLayout", "TablePage", "table_texts"]

RULE_WIDTH = 0.5
"""The table's grid lines, in points."""

_HEADING_ROWS = ("group", "total")
"""Row kinds set in the heading font (黑体)."""


def table_texts(
    table: Table, body: PdfFont, heading: PdfFont, where: str
) -> Iterator[tuple[str, PdfFont, str]]:
    """Each text the table prints, its place (``where``, row, column) and its font."""
    for header in table.header_rows():
        for cell in header:
            yield f"{where}, table heading {cell.text}", heading, cell.text
    for number, row in enumerate(table.rows, start=1):
        font = heading if row.kind in _HEADING_ROWS else body
        if row.kind == "group":  # one cell across the table
            yield f"{where}, row {number}", font, row.cells[0]
            continue
        for column, text in zip(table.columns, row.cells, strict=True):
            yield f"{where}, row {number}, column {column.heading}", font, text


class TableLayout:
    """Column widths, fonts and each row's measured height, computed once."""

    count_only = False
    """Lay the rows out without drawing them: the DOCX only counts pages."""

    def __init__(
        self, table: Table, body: PdfFont, heading: PdfFont, size: float, width: float
    ) -> None:
        self.widths = column_widths(table, size, width)
        self.width = width
        self.size = size
        self.leading = size * TABLE_LEADING
        self.body = body
        self.heading = heading
        self.table = table
        self.header_rows = table.header_rows()
        self.header_lines = [
            [self._cell_lines(h.text, self._span(h), heading) for h in row]
            for row in self.header_rows
        ]
        # Each header row is as tall as its tallest one-row cell; a cell spanning both
        # rows may make the second taller.
        self.header_heights = [
            max(
                [self._height([lines]) for h, lines in zip(row, texts, strict=True) if h.rows == 1]
                or [row_height(1, self.size)]
            )
            for row, texts in zip(self.header_rows, self.header_lines, strict=True)
        ]
        for h, lines in zip(self.header_rows[0], self.header_lines[0], strict=True):
            if h.rows == 2:
                need = self._height([lines]) - sum(self.header_heights)
                if need > 0:
                    self.header_heights[-1] += need
        self.header_height = sum(self.header_heights)

    @functools.cached_property
    def heights(self) -> array[float]:
        """Each row's height, measured on first use (a check that only reads the texts
        never measures)."""
        table = self.table
        return array("d", (self._height(self.cells(i)) for i in range(len(table.rows))))

    @functools.cached_property
    def remaining(self) -> array[float]:
        """``remaining[i]``: the height of rows ``i:``, so every page's wrap is O(1)."""
        heights = self.heights
        remaining = array("d", [0.0]) * (len(heights) + 1)
        for index in range(len(heights) - 1, -1, -1):
            remaining[index] = remaining[index + 1] + heights[index]
        return remaining

    def font_of(self, kind: str) -> PdfFont:
        """The font of a row of ``kind``."""
        return self.heading if kind in _HEADING_ROWS else self.body

    def cells(self, index: int) -> list[list[str]]:
        """The lines of each cell of row ``index``, broken to the columns' widths."""
        row = self.table.rows[index]
        font = self.font_of(row.kind)
        if row.kind == "group":
            return [self._cell_lines(row.cells[0], self.width, font)]
        return [self._cell_lines(t, w, font) for t, w in zip(row.cells, self.widths, strict=True)]

    def _span(self, cell: HeaderCell) -> float:
        return sum(self.widths[cell.column : cell.column + cell.columns])

    def _cell_lines(self, text: str, width: float, font: PdfFont) -> list[str]:
        room = width - 2 * CELL_PADDING
        if font.width(text, self.size) <= room:
            return [text]
        return break_lines(text, room, lambda piece: font.width(piece, self.size))

    def _height(self, cells: Sequence[Sequence[str]]) -> float:
        return row_height(max((len(c) for c in cells), default=1), self.size)


class TablePage(Flowable):
    """The header row and rows ``start:end``, drawn directly."""

    def __init__(self, layout: TableLayout, start: int, end: int) -> None:
        super().__init__()
        self.layout = layout
        self.start = start
        self.end = end

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        layout = self.layout
        return layout.width, layout.header_height + sum(layout.heights[self.start : self.end])

    def draw(self) -> None:
        layout = self.layout
        if layout.count_only:
            return
        canvas = self.canv
        _, total = self.wrap(0, 0)
        top = total
        kinds = [r.kind for r in layout.table.rows[self.start : self.end]]
        cells = [layout.cells(index) for index in range(self.start, self.end)]
        heights = layout.heights[self.start : self.end]
        canvas.setLineWidth(RULE_WIDTH)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setFillColorRGB(0, 0, 0)
        xs = [0.0]
        for width in layout.widths:
            xs.append(xs[-1] + width)
        edges = [top]
        for height in layout.header_heights:
            edges.append(edges[-1] - height)
        for row, texts in zip(layout.header_rows, layout.header_lines, strict=True):
            for h, lines in zip(row, texts, strict=True):
                left, right = xs[h.column], xs[h.column + h.columns]
                upper = edges[layout.header_rows.index(row)]
                lower = edges[layout.header_rows.index(row) + h.rows]
                canvas.rect(left, lower, right - left, upper - lower, stroke=1, fill=0)
                self._text(
                    lines,
                    left=left,
                    right=right,
                    top=upper,
                    height=upper - lower,
                    align="center",
                    font=layout.heading,
                )
        y = top - layout.header_height
        for kind, row_cells, height in zip(kinds, cells, heights, strict=True):
            bottom = y - height
            canvas.line(0, bottom, layout.width, bottom)
            if kind == "group":
                canvas.line(0, y, 0, bottom)
                canvas.line(layout.width, y, layout.width, bottom)
                self._text(
                    row_cells[0],
                    left=0,
                    right=layout.width,
                    top=y,
                    height=height,
                    align="left",
                    font=layout.heading,
                )
            else:
                for x in xs:
                    canvas.line(x, y, x, bottom)
                font = layout.font_of(kind)
                for index, lines in enumerate(row_cells):
                    align = layout.table.columns[index].align
                    self._text(
                        lines,
                        left=xs[index],
                        right=xs[index + 1],
                        top=y,
                        height=height,
                        align=align,
                        font=font,
                    )
            y = bottom

    def _text(
        self,
        lines: list[str],
        *,
        left: float,
        right: float,
        top: float,
        height: float,
        align: str,
        font: PdfFont,
    ) -> None:
        layout = self.layout
        canvas = self.canv
        size = layout.size
        block = len(lines) * layout.leading
        first_baseline = (
            top
            - (height - block) / 2
            - layout.leading
            + (layout.leading - size) / 2
            + size * BASELINE_RISE
        )
        for number, line in enumerate(lines):
            text = drawable(line)
            baseline = first_baseline - number * layout.leading
            if align == "right":
                x = right - CELL_PADDING - font.width(text, size)
            elif align == "center":
                x = (left + right - font.width(text, size)) / 2
            else:
                x = left + CELL_PADDING
            canvas.setFont(font.name, size)
            canvas.drawString(x, baseline, text)


class PagedTable(Flowable):
    """Rows ``start:``; splits into a page's worth at a time, header repeated."""

    def __init__(self, layout: TableLayout, start: int = 0) -> None:
        super().__init__()
        self.layout = layout
        self.start = start

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        layout = self.layout
        return layout.width, layout.header_height + layout.remaining[self.start]

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        layout = self.layout
        room = aH - layout.header_height
        heights = layout.heights
        end = self.start
        while end < len(heights) and heights[end] <= room:
            room -= heights[end]
            end += 1
        if end == self.start:
            return []  # not even one row fits: the next page
        return [TablePage(layout, self.start, end), PagedTable(layout, end)]

    def draw(self) -> None:
        TablePage(self.layout, self.start, len(self.layout.heights)).drawOn(self.canv, 0, 0)
