"""Tables written in text: finding a notice's table among its lines, and reading its figures.

A published table reaches tongbao as cells (DOCX, HTML ``<table>``) or as text: one
cell per line (scraped pages, ending in `` |`` or not), aligned columns (tongbao's text
output with its ``----`` rule, a PDF's layout, tabs, runs of spaces) or a Markdown pipe
table. This module finds a header in any order by its words (:data:`FIELDS`, the data
loader's vocabulary in :mod:`tongbao._headings`), turns such lines into rows of cells,
and reads figures as printed (:func:`parse_count`, :func:`parse_rate`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence

import attrs

from ._headings import PRINTED_ALIASES, clean_heading

__all__ = [
    "FIELDS",
    "TOTAL_LABELS",
    "TableLines",
    "TextLine",
    "heading_field",
    "is_header",
    "parse_count",
    "parse_rate",
    "tables_in",
]

FIELDS = PRINTED_ALIASES
"""The table headings read, by the figure each column holds (in any order); the data
loader's words for the same figures (:mod:`tongbao._headings`), and 排名 …"""

_FIELD_OF = {alias: field for field, names in FIELDS.items() for alias in names}
_LEVEL_HEADING = re.compile(r"(.{1,6}?)(?:级)?(?:采用|采纳)(?:数|条数)?")

TOTAL_LABELS = {"合计": "total", "总计": "total", "全区合计": "total", "小计": "subtotal"}
MAX_TABLE_ROWS = 200_000
"""The most rows one table may hold."""
_UNDEFINED = frozenset({"", "—", "——", "-", "--", "/", "／", "无", "#div/0!", "n/a"})

# --- numbers as printed -------------------------------------------------------------


def parse_count(text: str) -> int | None:
    """A printed count (``19``, ``1,234``, ``19条``), or ``None`` if it is not one."""
    if text.isascii() and text.isdigit():
        return int(text)
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("条").strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", cleaned):
        return int(cleaned.replace(",", ""))
    return None


def parse_rate(text: str) -> str | tuple[str, int] | None:
    """A printed rate: ``(digits, decimals)`` such as ``("43.3", 1)``, ``"undefined"``
    for a dash or an empty cell, or ``None`` when it cannot be read (``"?"``)."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    if cleaned in _UNDEFINED:
        return "undefined"
    match = re.fullmatch(r"(\d+(?:\.(\d+))?)\s*%", cleaned)
    if match is None:
        return None
    return match[1], len(match[2] or "")


def heading_field(text: str) -> str | None:
    """The figure a printed heading names (``报送条数`` → ``submitted``), or ``None``."""
    key = clean_heading(text)
    field = _FIELD_OF.get(key)
    if field is not None:
        return field
    match = _LEVEL_HEADING.fullmatch(key)
    if match and match[1] not in ("", "信息"):
        return f"level:{match[1]}"
    return None


def is_header(cells: Sequence[str]) -> bool:
    fields = {heading_field(c) for c in cells}
    return "unit" in fields and bool({"submitted", "adopted", "rate"} & fields) and len(cells) >= 3


# --- tables in lines ----------------------------------------------------------------


@attrs.frozen
class TextLine:
    text: str
    place: str


@attrs.frozen
class TableLines:
    rows: tuple[tuple[str, ...], ...]
    place: str


def _row_ok(cells: Sequence[str], fields: Sequence[str | None]) -> bool:
    """Whether ``cells`` read as a row of the table with ``fields``."""
    values = dict(zip(fields, cells, strict=False))
    unit = values.get("unit", "").strip()
    if not unit or parse_count(unit) is not None:
        return False
    for field in ("submitted", "adopted"):
        text = values.get(field)
        if text is None:
            continue
        if parse_count(text) is None and len(text.strip()) > 3:
            return False
    return True


def _cells_per_line(lines: list[TextLine], start: int) -> tuple[TableLines, int] | None:
    """A table written one cell per line (scraped pages), from ``start``; and where it ends."""
    piped = lines[start].text.rstrip().endswith("|")

    def cell(i: int) -> str | None:
        if i >= len(lines):
            return None
        text = lines[i].text.strip()
        if piped:
            return text[:-1].strip() if text.endswith("|") else None
        return text

    headings = _cell_headings(cell, start)
    if headings is None:
        return None
    i = start + len(headings)
    fields = [heading_field(h) for h in headings]
    rows = [tuple(headings)]
    while len(rows) < MAX_TABLE_ROWS:
        chunk = [cell(i + k) for k in range(len(headings))]
        if any(c is None for c in chunk):
            # The last row may be cut short by the page: keep it when its unit reads.
            present = [c for c in chunk if c is not None]
            if piped and len(present) >= 2 and _row_ok(present, fields):
                rows.append(tuple(present))
                i += len(present)
            break
        cells = [c for c in chunk if c is not None]
        if cells[0] in TOTAL_LABELS or (len(cells) > 1 and cells[1] in TOTAL_LABELS):
            rows.append(tuple(cells))
            i += len(headings)
            continue
        if not _row_ok(cells, fields):
            break
        rows.append(tuple(cells))
        i += len(headings)
    return TableLines(tuple(rows), lines[start].place), i


_MAX_HEADINGS = 40
"""The most columns a table written one cell per line may have."""


def _heading_like(text: str) -> bool:
    """Whether a cell may head a column: a heading tongbao reads, or a short label that
    is no figure (备注, 得分率, 所属片区, 1-4月累计 …)."""
    if heading_field(text) is not None:
        return True
    return (
        0 < len(text) <= 12
        and parse_count(text) is None
        and parse_rate(text) is None
        and text not in TOTAL_LABELS
        and re.search(r"[^\W\d_]", text) is not None  # a letter or a Chinese character
        and re.search(r"[：:。，,；;]", text) is None
    )


def _cell_headings(cell: Callable[[int], str | None], start: int) -> list[str] | None:
    """The headings of a table written one cell per line, from ``start``; or ``None``.

    Where the header ends is not written: the cells after it are the first row's. The
    header is the longest run of heading-like cells under which the first row reads (a
    unit's name under 单位, a count under 报送数 or 采纳数), so a column tongbao does not
    read (备注 …) keeps the rows in step, and a table without 序号, whose first cell is
    a unit's name, does not take that name for a heading. Without such a first row, the
    headings tongbao reads.
    """
    candidates: list[str] = []
    while len(candidates) < _MAX_HEADINGS:
        text = cell(start + len(candidates))
        if text is None or not _heading_like(text):
            break
        candidates.append(text)
    for count in range(len(candidates), 2, -1):
        headings = candidates[:count]
        if not is_header(headings):
            continue
        fields = [heading_field(h) for h in headings]
        first = [cell(start + count + k) for k in range(count)]
        present = [c for c in first if c is not None]
        if len(present) == count and _row_ok(present, fields):
            counts = [c for c, f in zip(present, fields, strict=True) if f in _COUNTS]
            if not counts or any(parse_count(c) is not None for c in counts):
                return headings
    known = list(itertools.takewhile(lambda h: heading_field(h) is not None, candidates))
    return known if is_header(known) else None


_COUNTS = ("submitted", "adopted")


@functools.lru_cache(maxsize=4096)
def _width(char: str) -> int:
    import wcwidth  # noqa: PLC0415

    return max(wcwidth.wcwidth(char), 1)


def _display_spans(line: str) -> list[tuple[int, int]]:
    """The columns of a ``----  ------`` rule line, in display cells."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+", line)]


def _slice_display(line: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """``line`` cut into the columns ``spans`` gives, by each character's display middle."""
    cells: list[list[str]] = [[] for _ in spans]
    cuts = [left - 0.5 for left, _ in spans[1:]]
    column = 0
    for char in line:
        width = _width(char)
        cells[bisect.bisect_right(cuts, column + width / 2)].append(char)
        column += width
    return tuple("".join(c).strip() for c in cells)


_SPLIT = re.compile(r"\t+|\s{2,}|\u3000+")


def _columns_in_line(line: str) -> list[tuple[int, str]]:
    """Cells of an aligned line with their starting character positions."""
    cells = []
    for match in re.finditer(r"\S+(?: \S+)*", line.replace("\t", "  ").replace("\u3000", "  ")):
        cells.append((match.start(), match[0]))
    return cells


def _aligned(lines: list[TextLine], start: int) -> tuple[TableLines, int] | None:
    """A table in aligned columns (text output, a PDF's layout, a pipe table)."""
    head = lines[start].text
    headings = [c for _, c in _columns_in_line(head)]
    if not is_header(headings):
        return None
    fields = [heading_field(h) for h in headings]
    i = start + 1
    spans = None
    if i < len(lines) and re.fullmatch(r"[\s-]+", lines[i].text) and "-" in lines[i].text:
        spans = _display_spans(lines[i].text)
        i += 1
        if len(spans) != len(headings):
            spans = None
    positions = [p for p, _ in _columns_in_line(head)]
    rows: list[tuple[str, ...]] = [tuple(headings)]
    while i < len(lines) and len(rows) < MAX_TABLE_ROWS:
        text = lines[i].text
        if spans is not None:
            cells = _slice_display(text, spans)
        else:
            found = _columns_in_line(text)
            if [c for _, c in found] == headings:  # the header again, on a new page
                i += 1
                continue
            if len(found) < len(headings):
                # A narrow column (序号) can sit one space from the next: split words.
                words = [
                    (at + match.start(), match[0])
                    for at, cell in found
                    for match in re.finditer(r"\S+", cell)
                ]
                if len(words) == len(headings):
                    found = words
            if len(found) == 1 and _group_line([found[0][1]], lines, i):
                rows.append((found[0][1],) + ("",) * (len(headings) - 1))
                i += 1
                continue
            if len(found) == len(headings):
                cells = tuple(c for _, c in found)
            elif 2 <= len(found) < len(headings):
                cells = _by_position(found, positions, fields)
            else:
                break
        label = next((c for c in cells[:2] if c), "")
        if label in TOTAL_LABELS or _group_line(cells, lines, i):
            rows.append(cells)
            i += 1
            continue
        if not _row_ok(cells, fields):
            break
        rows.append(cells)
        i += 1
    return TableLines(tuple(rows), lines[start].place), i


def _group_line(cells: Sequence[str], lines: list[TextLine], at: int) -> bool:
    """Whether the line at ``at`` is a group's heading row (镇街, 部门) inside the table.

    One short cell that is not a figure, followed by a line of several cells.
    """
    filled = [c for c in cells if c]
    if len(filled) != 1 or parse_count(filled[0]) is not None or filled[0] in TOTAL_LABELS:
        return False
    if len(filled[0]) > 20 or re.search(r"[：:。，,]", filled[0]) or at + 1 >= len(lines):
        return False
    following = [c for _, c in _columns_in_line(lines[at + 1].text)]
    return len(following) >= 3 and any(parse_count(c) is not None for c in following)


def _by_position(
    found: list[tuple[int, str]], positions: list[int], fields: Sequence[str | None]
) -> tuple[str, ...]:
    """A row with empty cells, its cells put under their headings.

    A label (小计, 合计, a unit) with figures after it: the label under 单位, the figures
    in the last columns (they are right-aligned, where their starts say little). Else
    each cell under the heading nearest to where it starts.
    """
    cells = [""] * len(positions)
    texts = [text for _, text in found]
    unit = fields.index("unit") if "unit" in fields else 0
    figures = texts[1:]
    if (
        parse_count(texts[0]) is None
        and all(parse_count(t) is not None or parse_rate(t) is not None for t in figures)
        and unit + len(figures) < len(cells)
    ):
        cells[unit] = texts[0]
        cells[len(cells) - len(figures) :] = figures
        return tuple(cells)
    for start, text in found:
        nearest = min(range(len(positions)), key=lambda k: abs(positions[k] - start))
        while nearest < len(cells) - 1 and cells[nearest]:
            nearest += 1
        cells[nearest] = text
    return tuple(cells)


def _piped(lines: list[TextLine], start: int) -> tuple[TableLines, int] | None:
    def split(text: str) -> list[str]:
        return [c.strip() for c in text.strip().strip("|").split("|")]

    headings = split(lines[start].text)
    if not is_header(headings):
        return None
    rows: list[tuple[str, ...]] = [tuple(headings)]
    i = start + 1
    while i < len(lines) and lines[i].text.strip().startswith("|"):
        cells = split(lines[i].text)
        if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
            rows.append(tuple(cells))
        i += 1
    return TableLines(tuple(rows), lines[start].place), i


def tables_in(lines: list[TextLine]) -> list[TextLine | TableLines]:
    out: list[TextLine | TableLines] = []
    i = 0
    while i < len(lines):
        found = None
        if heading_field(lines[i].text.strip().rstrip("|").strip()) is not None:
            found = _cells_per_line(lines, i)
        if found is None and lines[i].text.strip().startswith("|"):
            found = _piped(lines, i)
        if found is None and len(_columns_in_line(lines[i].text)) >= 3:
            found = _aligned(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        table, i = found
        out.append(table)
    return out
