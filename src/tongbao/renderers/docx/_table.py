"""The attachment's table as WordprocessingML text, a row at a time.

Each column's cell opening is made once per table and row kind, and the texts that
repeat (counts, rates) are escaped once: a 10,000-row table is mostly string joins.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from ...document import HeaderCell, Table
from .._layout import GB9704, MM, TABLE_LEADING, column_widths, row_height, table_size
from ._xml import EAST_ASIAN_PUNCTUATION, _twips

_CELL_END = "</w:p></w:tc>"
_RUN_CACHE = 4096
"""Table cell runs kept per table: the counts and rates that repeat row after row."""


def table_xml(table: Table, asked: float) -> Iterator[str]:
    """The table as WordprocessingML, a piece at a time: header rows repeated on every
    page, body rows that never split (§8), set smaller when its headings need it."""
    total = _twips(GB9704.type_width * MM)
    size = table_size(table, asked)
    widths = [round(_twips(w)) for w in column_widths(table, size, GB9704.type_width * MM)]
    # A dense table is set smaller than its styles say (headings stay on one line).
    smaller = (
        f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
        if size != asked
        else ""
    )
    pitch = (
        f'<w:spacing w:line="{_twips(size * TABLE_LEADING)}" w:lineRule="exact"/>'
        if smaller
        else ""
    )
    widths[-1] += total - sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    cells = _Cells(smaller, pitch)
    cell = cells.cell

    # Rows never split across pages; the header rows repeat on each (§8).
    height = f'<w:trHeight w:val="{_twips(row_height(1, size))}"/>'
    heading = "TongbaoTableHeading"
    header_rows = table.header_rows()
    headers: list[str] = []
    if len(header_rows) == 1:
        headers.append(
            "".join(cell(h.text, widths[h.column], "center", heading) for h in header_rows[0])
        )
    else:
        top, bottom = header_rows
        below = {h.column: h for h in bottom}

        def width_of(h: HeaderCell) -> int:
            return sum(widths[h.column : h.column + h.columns])

        first, second = [], []
        for h in top:
            merged = "restart" if h.rows == 2 else ""
            first.append(
                cell(h.text, width_of(h), "center", heading, span=h.columns, vmerge=merged)
            )
            if h.rows == 2:
                second.append(
                    cell("", width_of(h), "center", heading, span=h.columns, vmerge="continue")
                )
            else:
                second.extend(
                    cell(below[c].text, widths[c], "center", heading)
                    for c in range(h.column, h.column + h.columns)
                )
        headers += ["".join(first), "".join(second)]
    yield (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TongbaoTable"/>'
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    )
    for header in headers:
        yield f"<w:tr><w:trPr><w:cantSplit/>{height}<w:tblHeader/></w:trPr>{header}</w:tr>"
    # Rows never split across pages (§8).
    yield from _body_rows(table, widths, f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>", cells)
    yield "</w:tbl>"


class _Cells:
    """Table cells' XML in one table's size and pitch."""

    def __init__(self, smaller: str, pitch: str) -> None:
        self.smaller = smaller
        """Run properties of a table set smaller than its styles say, else empty."""
        self.pitch = pitch
        """Paragraph spacing for that smaller size, else empty."""

    def run(self, text: str) -> str:
        """The cell's run of ``text``, hinted East Asian when it holds quotes or dashes."""
        if not text:
            return ""
        hint = '<w:rFonts w:hint="eastAsia"/>' if EAST_ASIAN_PUNCTUATION.intersection(text) else ""
        rpr = f"<w:rPr>{hint}{self.smaller}</w:rPr>" if hint or self.smaller else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'

    def opening(
        self, width: int, align: str, style: str, *, span: int = 1, vmerge: str = ""
    ) -> str:
        """A cell up to its text: width, merges, paragraph style and alignment."""
        merge = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        if vmerge:  # a header cell spanning two rows: restart above, continue below
            merge += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}'
            f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
            f'{self.pitch}<w:jc w:val="{align}"/></w:pPr>'
        )

    def cell(
        self, text: str, width: int, align: str, style: str, *, span: int = 1, vmerge: str = ""
    ) -> str:
        """A whole cell of ``text``."""
        start = self.opening(width, align, style, span=span, vmerge=vmerge)
        return f"{start}{self.run(text)}{_CELL_END}"


_ALIGN = {"left": "left", "center": "center", "right": "right"}


def _body_rows(table: Table, widths: list[int], row_start: str, cells: _Cells) -> Iterator[str]:
    """The table's body rows, one string each, as the zip is written.

    Each column's cell opening is the same in every row of a kind, and the texts repeat
    (counts, rates): both are made once, the same bytes as :meth:`_Cells.cell` gives.
    """
    total = sum(widths)

    def template(style: str) -> str:
        columns = zip(table.columns, widths, strict=True)
        escaped = (_braces(cells.opening(w, _ALIGN[c.align], style)) for c, w in columns)
        return "".join([_braces(row_start), *(f"{o}{{}}{_CELL_END}" for o in escaped), "</w:tr>"])

    templates = {style: template(style) for style in ("TongbaoTableHeading", "TongbaoTableText")}
    runs: dict[str, str] = {}

    def run(text: str) -> str:
        found = runs.get(text)
        if found is None:
            found = cells.run(text)
            if len(runs) < _RUN_CACHE:
                runs[text] = found
        return found

    for row in table.rows:
        if row.kind == "group":
            group = cells.cell(row.cells[0], total, "left", "TongbaoTableHeading", span=len(widths))
            yield f"{row_start}{group}</w:tr>"
            continue
        style = "TongbaoTableHeading" if row.kind == "total" else "TongbaoTableText"
        yield templates[style].format(*map(run, row.cells))


def _braces(text: str) -> str:
    """``text`` as literal text in a :meth:`str.format` template."""
    return text.replace("{", "{{").replace("}", "}}")
