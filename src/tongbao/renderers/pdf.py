"""The built-in PDF renderer: a print-ready notice per GB/T 9704-2012.

Text is broken into lines by :mod:`._linebreak` (Chinese 禁则) and drawn directly on
the canvas, justified, so no text ever passes through a markup parser: ``A&B`` and
``<x>`` print as written. The attachment's table is split page by page from row heights
measured once, each page drawn directly, so 10,000 rows cost ten times 1,000. Fonts come
from :mod:`._fonts`; every character is checked against the font that prints it.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
from array import array
from collections.abc import Container, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..document import Document, Table
from ..hookspecs import hookimpl, read_options
from ._fonts import (
    FORMAT_CHARACTERS as _FORMAT_CHARACTERS,
)
from ._fonts import (
    ROLES,
    FontChoice,
    FontError,
    choose_fonts,
    missing_characters,
)
from ._layout import (
    BODY_SIZE,
    CELL_PADDING,
    CHAR_PITCH,
    GB9704,
    IMPRINT_SIZE,
    MM,
    PAGE_NUMBER_SIZE,
    PAGE_OPTIONS,
    TABLE_LEADING,
    TITLE_SIZE,
    attachment_note_layout,
    check_page_options,
    column_widths,
    declare_options,
    document_timestamp,
    fitting_size,
    row_height,
    signature_indents,
    table_size,
    title_breaks,
)
from ._linebreak import HANGING, break_lines

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["PdfRenderer", "register_renderers"]

_LOG = logging.getLogger("tongbao")

OPTIONS: dict[str, str | float | bool] = {
    **PAGE_OPTIONS,
    "find_fonts": True,
    **{f"{role}_font_file": "" for role in ROLES},
}
"""Options and defaults: sizes in points; ``<role>_font_file`` names a TrueType file for
``title`` (小标宋), ``body`` (仿宋), ``heading`` (黑体), ``kai`` (楷体), ``page_number`` (宋体);
``find_fonts`` false uses only named files and otherwise the built-in STSong-Light."""

DECLARED = declare_options(
    OPTIONS,
    {
        "find_fonts": "look for installed Chinese fonts (false: only the named files)",
        **{
            f"{role}_font_file": f"a TrueType file for the {role.replace('_', ' ')} role"
            for role in ROLES
        },
    },
)
"""The options as ``tongbao formats`` shows them."""

RED = (1, 0, 0)
GRID_SPACE = CHAR_PITCH - BODY_SIZE
"""Added to every character's advance in body text: 28 characters fill a line (§5.2.2)."""


class PdfRenderer:
    """PDF (``-f pdf``), GB/T 9704-2012 layout; see :data:`OPTIONS`."""

    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    options = DECLARED

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        values = check_page_options(read_options(options, OPTIONS, renderer="pdf"), "pdf")
        return _Builder(document, values).build()


# --- fonts ---------------------------------------------------------------------------


class _Font:
    """A registered reportlab font for one role, with its coverage."""

    def __init__(self, choice: FontChoice) -> None:
        from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415

        self.choice = choice
        if choice.path is None:
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415

            self.name = "STSong-Light"
            if self.name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(UnicodeCIDFont(self.name))
            self.covered: Container[int] | None = None
        else:
            from reportlab.pdfbase.ttfonts import TTFError, TTFont  # noqa: PLC0415

            # reportlab's registry is process-wide; one name per file keeps it idempotent.
            digest = hashlib.sha1(str(choice.path).encode(), usedforsecurity=False)
            self.name = f"tongbao-{digest.hexdigest()[:12]}"
            if self.name not in pdfmetrics.getRegisteredFontNames():
                try:
                    pdfmetrics.registerFont(TTFont(self.name, str(choice.path)))
                except (TTFError, OSError, ValueError) as exc:
                    raise FontError(
                        f"the {choice.role} font {str(choice.path)!r} cannot be used: {exc}"
                    ) from None
            face = pdfmetrics.getFont(self.name).face  # type: ignore[attr-defined]
            self.covered = face.charToGlyph  # code point -> glyph: membership is coverage
        self._widths: dict[tuple[str, float], float] = {}
        self._string_width = pdfmetrics.stringWidth

    def width(self, text: str, size: float) -> float:
        key = (text, size)
        found = self._widths.get(key)
        if found is None:
            found = self._string_width(_drawable(text), self.name, size)
            if len(self._widths) >= _WIDTH_CACHE:
                self._widths.clear()  # 100,000 distinct names need not all stay cached
            self._widths[key] = found
        return found

    def describe(self) -> str:
        if self.choice.path is None:
            return "the built-in font STSong-Light"
        return f"{self.choice.path.name} ({self.choice.path})"


_WIDTH_CACHE = 20_000
"""Text widths kept per font: the pieces line breaking measures again and again."""


def _drawable(text: str) -> str:
    """``text`` without invisible format characters, which fonts rarely have."""
    return _FORMAT_CHARACTERS.sub("", text)


# --- flowables -----------------------------------------------------------------------


def _flowable_base() -> type:
    from reportlab.platypus import Flowable  # noqa: PLC0415

    return Flowable


class _Style:
    def __init__(
        self,
        font: _Font,
        size: float,
        leading: float,
        *,
        align: str = "justify",
        first_indent: float = 0.0,
        right_indent: float = 0.0,
        color: tuple[float, float, float] = (0, 0, 0),
        char_space: float = 0.0,
        hanging: float = 0.0,
        widows: bool = False,
    ) -> None:
        self.font = font
        self.size = size
        self.leading = leading
        self.align = align
        self.first_indent = first_indent
        self.right_indent = right_indent
        self.color = color
        self.char_space = char_space
        """Added to each character's advance: the character grid of body text."""
        self.hanging = hanging
        """Left indent of the lines after the first."""
        self.widows = widows
        """Keep two lines of the paragraph together at either side of a page break, as
        Word's and LibreOffice's widow and orphan control do."""

    def width(self, text: str) -> float:
        """The advance of ``text`` on a line, the grid's spacing included."""
        return self.font.width(text, self.size) + len(_drawable(text)) * self.char_space


def _make_lines_class() -> type:
    flowable = _flowable_base()

    class Lines(flowable):  # type: ignore[misc, valid-type]
        """A paragraph as line boxes of fixed pitch, broken once per width."""

        def __init__(
            self,
            text: str,
            style: _Style,
            lines: list[str] | None = None,
            first: bool = True,
            label: tuple[str, float] | None = None,
        ) -> None:
            super().__init__()
            self.text = text
            self.style = style
            self.lines = lines
            self.first = first
            self.label = label
            """Text drawn before the first line, and where: ``附件：1.`` before a name."""
            self._for_width: float | None = None

        def _break(self, width: float) -> list[str]:
            if self.lines is not None and (self._for_width in (None, width)):
                return self.lines
            style = self.style
            room = width - style.right_indent

            indent = (style.first_indent if self.first else style.hanging) - style.hanging
            self.lines = (
                break_lines(
                    self.text,
                    room - style.hanging + 1e-6,
                    style.width,
                    indent,
                    hang=style.char_space != 0,
                )
                if self.text
                else [""]
            )
            self._for_width = width
            return self.lines

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, len(self._break(avail_width)) * self.style.leading

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            lines = self._break(avail_width)
            fit = int(avail_height / self.style.leading + 1e-6)
            if fit >= len(lines):
                return [self]
            if self.style.widows:
                fit = min(fit, len(lines) - 2) if fit >= 2 else 0
            if fit <= 0:
                return []
            return self.split_at(fit)

        def split_at(self, fit: int) -> list[Any]:
            """The first ``fit`` lines and the rest, as two paragraphs."""
            lines = self.lines or []
            head = Lines(self.text, self.style, lines[:fit], self.first, self.label)
            head.last_is_full = True
            tail = Lines("", self.style, lines[fit:], first=False)
            return [head, tail]

        last_is_full = False

        def draw(self) -> None:
            style = self.style
            canvas = self.canv
            lines = self.lines or []
            size = style.size
            height = len(lines) * style.leading
            canvas.setFillColorRGB(*style.color)
            for number, line in enumerate(lines):
                text = _drawable(line)
                indent = style.first_indent if (number == 0 and self.first) else style.hanging
                room = self.width - style.right_indent - indent
                used = style.width(text)
                # Baseline: the glyphs centred in the line box, descenders included.
                baseline = height - (number + 1) * style.leading + (style.leading - size) / 2
                baseline += size * 0.12
                last = number == len(lines) - 1 and not self.last_is_full
                spacing = style.char_space
                x = indent
                if style.align == "justify" and not last and len(text) > 1:
                    hanging = text[-1] in HANGING and used - style.width(text[-1]) <= room < used
                    if hanging:  # the rest is justified, the mark hangs past the edge
                        used -= style.width(text[-1])
                    spacing += max(0.0, room - used) / (len(text) - 1 - hanging)
                elif style.align == "center":
                    x = (self.width - used) / 2
                elif style.align == "right":
                    x = self.width - style.right_indent - used
                # The label (附件：1.) first, so a reader copying the text gets it in order.
                if number == 0 and self.first and self.label and self.label[0].strip():
                    obj = canvas.beginText(self.label[1], baseline)
                    obj.setFont(style.font.name, size)
                    obj.setCharSpace(style.char_space)
                    obj.textOut(_drawable(self.label[0].rstrip()))
                    canvas.drawText(obj)
                obj = canvas.beginText(x, baseline)
                obj.setFont(style.font.name, size)
                if spacing:
                    obj.setCharSpace(spacing)
                obj.textOut(text)
                canvas.drawText(obj)

    return Lines


def _make_closing_class() -> type:
    flowable = _flowable_base()

    class Closing(flowable):  # type: ignore[misc, valid-type]
        """The body's last paragraph with what follows it: 附件说明, 署名, 成文日期, 附注.

        They never part (§7.3.5): when the page cannot hold them all, they go to the
        next page together, the whole paragraph with them, as a keep-with-next chain
        does in LibreOffice, so the two formats break the same way. A paragraph too
        long for that leaves its first lines behind and takes at least two along.
        """

        def __init__(self, last: Any, rest: list[Any]) -> None:
            super().__init__()
            self.last = last
            self.rest = rest

        def _parts(self) -> list[Any]:
            return [self.last, *self.rest] if self.last is not None else list(self.rest)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            self.heights = [part.wrap(avail_width, avail_height)[1] for part in self._parts()]
            return avail_width, sum(self.heights)

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            if self.last is None or sum(self.heights) <= GB9704.type_height * MM:
                return []  # all of it on the next page
            lines = self.last._break(avail_width)
            fit = int(avail_height / self.last.style.leading + 1e-6)
            head = min(fit, len(lines) - 2)
            if head < 2:
                return []
            first, tail = self.last.split_at(head)
            return [first, Closing(tail, self.rest)]

        def draw(self) -> None:
            y = sum(self.heights)
            for part, height in zip(self._parts(), self.heights, strict=True):
                y -= height
                part.drawOn(self.canv, 0, y)

    return Closing


class _TableLayout:
    """Column widths, fonts and each row's measured height, computed once."""

    count_only = False
    """Lay the rows out without drawing them: the DOCX only counts pages."""

    def __init__(self, table: Table, body: _Font, heading: _Font, size: float, width: float):
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
        # Only each row's height is kept; its lines are broken again when its page is
        # drawn, so 100,000 rows cost a float each, not a list of lists.
        self.heights = array("d", (self._height(self.cells(i)) for i in range(len(table.rows))))
        # remaining[i]: the height of rows i: (so every page's wrap is O(1), not O(rows))
        self.remaining = array("d", [0.0]) * (len(self.heights) + 1)
        for index in range(len(self.heights) - 1, -1, -1):
            self.remaining[index] = self.remaining[index + 1] + self.heights[index]

    def cells(self, index: int) -> list[list[str]]:
        """The lines of each cell of row ``index``, broken to the columns' widths."""
        row = self.table.rows[index]
        font = self.heading if row.kind in ("group", "total") else self.body
        if row.kind == "group":
            return [self._cell_lines(row.cells[0], self.width, font)]
        return [self._cell_lines(t, w, font) for t, w in zip(row.cells, self.widths, strict=True)]

    def _span(self, cell: Any) -> float:
        return sum(self.widths[cell.column : cell.column + cell.columns])

    def _cell_lines(self, text: str, width: float, font: _Font) -> list[str]:
        room = width - 2 * CELL_PADDING
        if font.width(text, self.size) <= room:
            return [text]
        return break_lines(text, room, lambda piece: font.width(piece, self.size))

    def _height(self, cells: Sequence[Sequence[str]]) -> float:
        return row_height(max((len(c) for c in cells), default=1), self.size)


def _make_table_classes() -> tuple[type, type]:
    flowable = _flowable_base()

    class TablePage(flowable):  # type: ignore[misc, valid-type]
        """The header row and rows ``start:end``, drawn directly."""

        def __init__(self, layout: _TableLayout, start: int, end: int) -> None:
            super().__init__()
            self.layout = layout
            self.start = start
            self.end = end

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
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
            canvas.setLineWidth(0.5)
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
                    font = layout.heading if kind == "total" else layout.body
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
            font: _Font,
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
                + size * 0.12
            )
            for number, line in enumerate(lines):
                text = _drawable(line)
                baseline = first_baseline - number * layout.leading
                if align == "right":
                    x = right - CELL_PADDING - font.width(text, size)
                elif align == "center":
                    x = (left + right - font.width(text, size)) / 2
                else:
                    x = left + CELL_PADDING
                canvas.setFont(font.name, size)
                canvas.drawString(x, baseline, text)

    class PagedTable(flowable):  # type: ignore[misc, valid-type]
        """Rows ``start:``; splits into a page's worth at a time, header repeated."""

        def __init__(self, layout: _TableLayout, start: int = 0) -> None:
            super().__init__()
            self.layout = layout
            self.start = start

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            layout = self.layout
            return layout.width, layout.header_height + layout.remaining[self.start]

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            layout = self.layout
            room = avail_height - layout.header_height
            end = self.start
            while end < len(layout.heights) and layout.heights[end] <= room:
                room -= layout.heights[end]
                end += 1
            if end == self.start:
                return []  # not even one row fits: the next page
            return [TablePage(layout, self.start, end), PagedTable(layout, end)]

        def draw(self) -> None:
            TablePage(self.layout, self.start, len(self.layout.heights)).drawOn(self.canv, 0, 0)

    return TablePage, PagedTable


CHART_ROW = 16.0
CHART_LABEL_SIZE = 10.5
CHART_TITLE = 30.0


def _make_chart_class() -> type:
    flowable = _flowable_base()

    class BarChart(flowable):  # type: ignore[misc, valid-type]
        """Horizontal bars, vector-drawn; splits between bars across pages."""

        def __init__(
            self, chart: Any, body: _Font, heading: _Font, start: int = 0, end: int | None = None
        ) -> None:
            super().__init__()
            self.chart = chart
            self.body = body
            self.heading = heading
            self.start = start
            self.end = len(chart.bars) if end is None else end

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, CHART_TITLE + (self.end - self.start) * CHART_ROW + 12

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            fit = int((avail_height - CHART_TITLE - 12) // CHART_ROW)
            if fit <= 0:
                return []
            middle = self.start + fit
            return [
                BarChart(self.chart, self.body, self.heading, self.start, middle),
                BarChart(self.chart, self.body, self.heading, middle, self.end),
            ]

        def draw(self) -> None:
            canvas = self.canv
            _, height = self.wrap(self.width, 0)
            label_width = self.width * 0.36
            scale = self.width - label_width - 40
            top = height - CHART_TITLE
            title = _drawable(self.chart.title)
            canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont(self.heading.name, 14)
            canvas.drawString((self.width - self.heading.width(title, 14)) / 2, height - 20, title)
            bottom = top - (self.end - self.start) * CHART_ROW
            canvas.setStrokeColorRGB(0, 0, 0)
            canvas.setLineWidth(0.5)
            canvas.line(label_width, top, label_width, bottom)
            for number, bar in enumerate(self.chart.bars[self.start : self.end]):
                y = top - (number + 1) * CHART_ROW
                label = _drawable(bar.label)
                while label and self.body.width(label, CHART_LABEL_SIZE) > label_width - 6:
                    label = label[:-2] + "…"
                canvas.setFillColorRGB(0, 0, 0)
                canvas.setFont(self.body.name, CHART_LABEL_SIZE)
                canvas.drawString(
                    label_width - 4 - self.body.width(label, CHART_LABEL_SIZE), y + 4, label
                )
                canvas.setFillColorRGB(0.55, 0.55, 0.55)
                canvas.rect(label_width, y + 3, bar.share * scale, CHART_ROW - 6, stroke=0, fill=1)
                canvas.setFillColorRGB(0, 0, 0)
                canvas.setFont(self.body.name, 9)
                canvas.drawString(label_width + bar.share * scale + 3, y + 5, _drawable(bar.text))
            reference = self.chart.reference
            if reference is not None:
                x = label_width + reference.share * scale
                canvas.setStrokeColorRGB(*RED)
                canvas.setDash(3, 2)
                canvas.line(x, top, x, bottom - 4)
                canvas.setDash()
                canvas.setFillColorRGB(*RED)
                canvas.setFont(self.body.name, 9)
                canvas.drawString(
                    x + 2, bottom - 11, _drawable(f"{reference.label} {reference.text}")
                )

    return BarChart


def _make_misc_classes() -> tuple[type, type]:
    flowable = _flowable_base()

    class RedRule(flowable):  # type: ignore[misc, valid-type]
        """The red separator under the 发文字号, the type area's width (§7.2.4)."""

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, 4 * MM - self.glyphs_above

        # The glyphs of the line above end this far above its line box: the baseline is
        # (pitch - size) / 2 + 0.12 size up, and descenders reach 0.17 size below it.
        glyphs_above = 0.0

        def draw(self) -> None:
            self.canv.setStrokeColorRGB(*RED)
            self.canv.setLineWidth(1.5)
            self.canv.line(0, 0, self.width, 0)

    class Unnumbered(flowable):  # type: ignore[misc, valid-type]
        """Marks its page as one without a page number: the blank page before the 版记."""

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv.tongbao_imprint_page = True

    class Imprint(flowable):  # type: ignore[misc, valid-type]
        """The 版记 on the type area's bottom edge of the last page, an even one (§7.4).

        The last page of a printed document is its back (封四): the 版记 has a page of
        its own, the next even page, with a blank page before it when the content ends
        on an even page; neither carries a page number (§7.5). The DOCX does the same.
        """

        def __init__(self, lines: list[tuple[str, str, str]], font: _Font, pages: Any) -> None:
            super().__init__()
            self.lines = lines
            self.font = font
            self.pitch = IMPRINT_SIZE * 2
            self.pages = pages

        def _here(self, avail_height: float) -> bool:
            template = self.pages.template
            # _atTop: nothing drawn in the frame yet (reportlab's own flag for this)
            return template.page % 2 == 0 and bool(template.frame._atTop)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            if self._here(avail_height):
                return avail_width, avail_height
            return avail_width, avail_height + 1  # not on this page: split() moves it

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            from reportlab.platypus import PageBreak  # noqa: PLC0415

            if self.pages.template.page % 2 == 0:  # even but used: a blank odd page first
                return [PageBreak(), Unnumbered(), PageBreak(), self]
            return [PageBreak(), self]

        def draw(self) -> None:
            canvas = self.canv
            canvas.tongbao_imprint_page = True  # this page carries no page number (§7.5)
            one = IMPRINT_SIZE
            y = len(self.lines) * self.pitch
            canvas.setStrokeColorRGB(0, 0, 0)
            canvas.setLineWidth(0.35 * MM)
            canvas.line(0, y, self.width, y)
            for number, (left, right, _) in enumerate(self.lines):
                bottom = y - self.pitch
                baseline = bottom + (self.pitch - IMPRINT_SIZE) / 2 + IMPRINT_SIZE * 0.12
                canvas.setFont(self.font.name, IMPRINT_SIZE)
                canvas.drawString(one, baseline, _drawable(left))
                if right:
                    text = _drawable(right)
                    canvas.drawString(
                        self.width - one - self.font.width(text, IMPRINT_SIZE), baseline, text
                    )
                last = number == len(self.lines) - 1
                canvas.setLineWidth((0.35 if last else 0.25) * MM)
                canvas.line(0, bottom, self.width, bottom)
                y = bottom

    return RedRule, Imprint


# --- the document --------------------------------------------------------------------


class _Stamp:
    """reportlab's TimeStamp, fixed to the notice's time (never the clock)."""

    def __init__(self, when: datetime.datetime) -> None:
        self.t = when.timestamp()
        self.lt = when.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = 0
        self.dmm = 0
        self.tzname = "UTC"


class _Pages:
    """The document template, once made: the 版记 asks it which page it is on."""

    template: Any = None


class _Builder:
    def __init__(self, document: Document, options: dict[str, Any]) -> None:
        self.source = document
        self.options = options
        files = {role: str(options[f"{role}_font_file"]) for role in ROLES}
        self.choices = choose_fonts(files, None if options["find_fonts"] else {})
        self.fonts = {role: _Font(choice) for role, choice in self.choices.items()}
        self.Lines = _make_lines_class()
        self.TablePage, self.PagedTable = _make_table_classes()
        self.RedRule, self.Imprint = _make_misc_classes()
        self.Closing = _make_closing_class()
        self.pages = _Pages()
        self.quiet = False
        self.count = 0
        self.BarChart = _make_chart_class()

    def _check_characters(self) -> None:
        doc = self.source
        texts: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLES}
        texts["title"].append(("标题", doc.title))
        for attachment in doc.attachments:
            texts["title"].append(("附件标题", attachment.title))
            texts["heading"].append(("附件标识", attachment.label))
            table = attachment.table
            texts["heading"].extend(("表头", c.heading) for c in table.columns)
            for row in table.rows:
                role = "heading" if row.kind in ("group", "total") else "body"
                texts[role].extend(("表格", cell) for cell in row.cells)
            texts["body"].extend(("表注", note) for note in attachment.notes)
            if attachment.chart is not None:
                chart = attachment.chart
                texts["heading"].append(("图表", chart.title))
                bars = [*chart.bars, *([chart.reference] if chart.reference else [])]
                texts["body"].extend(("图表", f"{b.label}{b.text}…") for b in bars)
        if doc.header is not None:
            texts["title"].append(("发文机关标志", doc.header.issuer_mark or ""))
            texts["body"].append(("发文字号", doc.header.doc_number or ""))
        levels = {0: "body", 1: "heading", 2: "kai"}
        for number, paragraph in enumerate(doc.paragraphs, start=1):
            texts[levels[paragraph.level]].append((f"第{number}段", paragraph.text))
        for where, text in (
            ("主送机关", doc.addressees),
            ("署名", doc.signature),
            ("成文日期", doc.date),
            ("附注", doc.note or ""),
            *(("附件说明", note) for note in doc.attachment_notes),
        ):
            texts["body"].append((where, text))
        if doc.imprint is not None:
            for part in (doc.imprint.cc, doc.imprint.printed_by, doc.imprint.printed_date):
                texts["body"].append(("版记", part or ""))
        texts["page_number"].append(("页码", "— 0123456789 —"))
        problems = []
        for role, items in texts.items():
            font = self.fonts[role]
            # Each distinct character is checked once; places are looked up only to report.
            lacking = missing_characters(set().union(*(t for _, t in items)), font.covered)
            for char in sorted(lacking):
                where = next(w for w, t in items if char in t)
                problems.append(f"{char!r} (U+{ord(char):04X}) in {where}")
            if problems:
                shown = "; ".join(problems[:8]) + (" …" if len(problems) > 8 else "")
                raise FontError(
                    f"the {role} font, {font.describe()}, cannot print {shown}. Name a "
                    f"TrueType font that has these characters: --option {role}_font_file=PATH, "
                    f"or {role}_font_file under [options.pdf] in the notice file"
                )

    def _warn_unembedded(self) -> None:
        """Say on stderr (the ``tongbao`` logger) when the built-in CID font is used.

        STSong-Light is not embedded: Adobe Reader and others with Adobe's Asian font
        pack show it, but poppler-based viewers (Evince, Okular, pdftoppm) without
        poppler-data show blank pages.
        """
        roles = [role for role, choice in self.choices.items() if choice.path is None]
        if roles:
            _LOG.warning(
                "PDF: no CJK TrueType font for %s; using the built-in STSong-Light, which "
                "is not embedded and shows as blank pages in viewers without Adobe's Asian "
                "font pack (poppler-based viewers without poppler-data). Install a CJK "
                "TrueType font (Debian/Ubuntu: apt-get install fonts-wqy-zenhei; Windows "
                "fonts such as simfang.ttf) or name one with --option body_font_file=PATH "
                "(and title_, heading_, kai_, page_number_font_file)",
                ", ".join(roles),
            )

    def _style(self, role: str, size: float, leading: float, **kwargs: Any) -> _Style:
        return _Style(self.fonts[role], size, leading, **kwargs)

    def _title(self, text: str, given: Sequence[str] = ()) -> Any:
        """A title broken between words, the same lines as every page format (§7.3.1)."""
        style = self._style("title", TITLE_SIZE, self.options["title_line_pitch"], align="center")
        lines = title_breaks(text, given)
        return self.Lines(text, style, lines)

    def _story(self) -> list[Any]:
        from reportlab.platypus import Spacer  # noqa: PLC0415

        doc = self.source
        pitch = self.options["line_pitch"]
        two = 2 * CHAR_PITCH
        grid: dict[str, Any] = {"char_space": GRID_SPACE}
        body = self._style("body", BODY_SIZE, pitch, first_indent=two, widows=True, **grid)
        flush = self._style("body", BODY_SIZE, pitch, align="left", **grid)
        blank = Spacer(0, pitch)
        Lines = self.Lines  # noqa: N806
        story: list[Any] = []
        if doc.header is not None:
            if doc.header.issuer_mark:
                size = fitting_size(doc.header.issuer_mark, self.options["issuer_mark_size"])
                story.append(Spacer(0, 35 * MM))
                mark = self._style("title", size, size * 1.2, align="center", color=RED)
                story.extend([Lines(doc.header.issuer_mark, mark), blank, blank])
            number = self._style("body", BODY_SIZE, pitch, align="center")
            rule = self.RedRule()
            rule.glyphs_above = (pitch - BODY_SIZE) / 2 + (0.12 - 0.17) * BODY_SIZE
            story.extend([Lines(doc.header.doc_number or "", number), rule, blank, blank])
        story.extend([self._title(doc.title, doc.title_lines), blank])
        if doc.addressees:
            story.append(Lines(doc.addressees, flush))
        styles = {
            0: body,
            1: self._style("heading", BODY_SIZE, pitch, first_indent=two, widows=True, **grid),
            2: self._style("kai", BODY_SIZE, pitch, first_indent=two, widows=True, **grid),
        }
        paragraphs = [Lines(p.text, styles[p.level]) for p in doc.paragraphs]
        closing: list[Any] = []
        if doc.attachment_notes:
            closing.append(blank)
            layout = attachment_note_layout(doc.attachment_notes, flush.width)
            for note in layout.notes:
                style = self._style(
                    "body",
                    BODY_SIZE,
                    pitch,
                    align="left",
                    first_indent=layout.name_start,
                    hanging=layout.name_start,
                    **grid,
                )
                closing.append(Lines(note.name, style, label=(note.label, note.label_start)))
        indents = signature_indents(doc.signature, doc.date, sealed=doc.sealed)
        closing.append(blank)
        for text, chars in ((doc.signature, indents.signature), (doc.date, indents.date)):
            right = self._style(
                "body", BODY_SIZE, pitch, align="right", right_indent=chars * CHAR_PITCH, **grid
            )
            if text is doc.date and indents.date_start is not None:
                right = self._style(
                    "body",
                    BODY_SIZE,
                    pitch,
                    align="left",
                    first_indent=indents.date_start * CHAR_PITCH,
                    **grid,
                )
            closing.append(Lines(text, right))
        if doc.note:
            closing.append(
                Lines(
                    doc.note,
                    self._style("body", BODY_SIZE, pitch, align="left", first_indent=two, **grid),
                )
            )
        story.extend(paragraphs[:-1])
        story.append(self.Closing(paragraphs[-1] if paragraphs else None, closing))
        for attachment in doc.attachments:
            story.extend(self._attachment_story(attachment))
        if doc.imprint is not None:
            lines = []
            if doc.imprint.cc:
                lines.append((doc.imprint.cc, "", "cc"))
            if doc.imprint.printed_by or doc.imprint.printed_date:
                lines.append(
                    (doc.imprint.printed_by or "", doc.imprint.printed_date or "", "printed")
                )
            story.append(self.Imprint(lines, self.fonts["body"], self.pages))
        return story

    def _attachment_story(self, attachment: Any) -> list[Any]:
        from reportlab.platypus import PageBreak, Spacer  # noqa: PLC0415

        pitch = self.options["line_pitch"]
        size = self.options["table_font_size"]
        Lines = self.Lines  # noqa: N806
        story: list[Any] = [PageBreak()]
        story.append(
            Lines(attachment.label, self._style("heading", BODY_SIZE, pitch, align="left"))
        )
        story.append(Spacer(0, pitch))
        story.append(self._title(attachment.title))
        layout = _TableLayout(
            attachment.table,
            self.fonts["body"],
            self.fonts["heading"],
            table_size(attachment.table, size),
            GB9704.type_width * MM,
        )
        layout.count_only = self.quiet
        story.append(self.PagedTable(layout))
        note_style = self._style("body", size, size * 1.6, align="left")
        story.extend(Lines(note, note_style) for note in attachment.notes)
        if attachment.chart is not None:
            story.append(Spacer(0, pitch))
            story.append(self.BarChart(attachment.chart, self.fonts["body"], self.fonts["heading"]))
        return story

    def _page_number(self, canvas: Canvas, _doc: Any) -> None:
        if getattr(canvas, "tongbao_imprint_page", False):
            canvas.tongbao_imprint_page = False  # type: ignore[attr-defined]
            return
        if not self.options["page_numbers"]:
            return
        number = canvas.getPageNumber()
        font = self.fonts["page_number"]
        text = f"— {number} —"
        size = PAGE_NUMBER_SIZE
        width = font.width(text, size)
        page = GB9704
        # §7.5: 7 mm under the type area; odd pages right, even pages left, one character in.
        baseline = (page.bottom - page.page_number_gap) * MM - size * 0.88
        odd = number % 2
        x = (page.width - page.right) * MM - size - width if odd else page.left * MM + size
        canvas.saveState()
        canvas.setFont(font.name, size)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(x, baseline, text)
        canvas.restoreState()

    def build(self) -> bytes:
        from reportlab.lib.pagesizes import A4  # noqa: PLC0415
        from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate  # noqa: PLC0415

        if not self.quiet:  # counting pages only: nothing is shown
            self._check_characters()
            self._warn_unembedded()
        when = document_timestamp(self.source)
        page = GB9704
        frame = Frame(
            page.left * MM,
            page.bottom * MM,
            page.type_width * MM,
            page.type_height * MM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="type-area",
        )

        def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
            kwargs["invariant"] = 1
            canvas = Canvas(*args, **kwargs)
            canvas._doc._timeStamp = _Stamp(when)  # type: ignore[attr-defined]
            show_page = canvas.showPage

            def show_page_and_compress() -> None:
                show_page()
                _compress_finished_page(canvas)

            canvas.showPage = show_page_and_compress  # type: ignore[method-assign]
            return canvas

        out = io.BytesIO()
        template = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=page.left * MM,
            rightMargin=page.right * MM,
            topMargin=page.top * MM,
            bottomMargin=page.bottom * MM,
            title=self.source.title,
            author=self.source.signature,
            subject=self.source.title,
            creator="tongbao",
            producer="tongbao (reportlab)",
            keywords=["通报"],
            lang="zh-CN",
            invariant=1,
            # Numbers are drawn when a page is done, so the 版记's page can go without (§7.5).
            pageTemplates=[PageTemplate("page", [frame], onPageEnd=self._page_number)],
        )
        self.pages.template = template
        template.build(self._story(), canvasmaker=canvasmaker)
        self.count = template.page
        return out.getvalue()

    def page_count(self) -> int:
        """Lay the notice out and say how many pages it took."""
        self.build()
        return self.count


def content_pages(document: Document, options: Mapping[str, Any]) -> int:
    """How many pages the notice takes before its 版记, laid out as the PDF is.

    The DOCX asks, to know whether a blank page must come before its 版记 page (§7.4):
    LibreOffice ignores a section that should start on an even page. The built-in CID
    font is used (no font files are read); layout options are the same as the PDF's.
    """
    import attrs  # noqa: PLC0415

    values = read_options(
        {k: v for k, v in options.items() if k in PAGE_OPTIONS}, OPTIONS, renderer="pdf"
    )
    values["find_fonts"] = False
    builder = _Builder(attrs.evolve(document, imprint=None), values)
    builder.quiet = True
    return builder.page_count()


def _compress_finished_page(canvas: Any) -> None:
    """Filter the page just finished now, as reportlab would when saving, and drop its text.

    reportlab keeps every page's content stream as text until ``save()``: some 25 KB a
    page of table, 60 MB for a 100,000-unit attachment. Filtering each page as it is
    finished keeps only the compressed bytes; the file is byte for byte the same.
    """
    from reportlab import rl_config  # noqa: PLC0415
    from reportlab.pdfbase.pdfdoc import (  # noqa: PLC0415
        PDFArray,
        PDFBase85Encode,
        PDFName,
        PDFStream,
        PDFZCompress,
    )

    page = canvas._doc.Pages.pages[-1]
    stream = getattr(page, "stream", None)
    if not stream or not page.compression or page.Contents:
        return
    filters: list[Any] = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    content = stream
    for encoder in reversed(filters):  # as PDFStream.format applies them
        content = encoder.encode(content)
    contents: Any = PDFStream()
    contents.dictionary["Filter"] = PDFArray([PDFName(f.pdfname) for f in filters])
    contents.content = content
    contents.__Comment__ = "page stream"
    page.Contents = contents
    page.stream = None


@hookimpl
def register_renderers(register: Any) -> None:
    register(PdfRenderer())
