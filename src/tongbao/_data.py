"""Counts from the files offices already keep: CSV exports and Excel workbooks.

Real sheets have a title row above the header, Chinese or English column names, GBK
exports, full-width digits, thousands separators, blank and note rows, and a 合计 row at
the bottom. All of that is read. Figures a sheet states but tongbao computes (合计 and
小计 rows, a 采纳率 column) are claims: they are checked, never used. Every problem is
reported with the file and the place (``line 7`` in a CSV, ``cell C7`` in a workbook),
all of them in one :class:`~tongbao.InputError`.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import io
import math
import operator
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any, overload

import attrs

from ._files import read_bounded
from ._headings import (
    COUNT_FIGURES,
    FIELD_OF,
    Header,
    clean_heading,
    figure_name,
    level_fields,
    recognise,
)
from ._model import (
    MAX_COUNT,
    MAX_NAME_LENGTH,
    Tally,
    Unit,
    _to_score,
    quick_group,
    quick_tally,
    quick_unit,
)
from ._numfmt import round_half_up
from ._period import Period
from .errors import InputError, Location, Problem

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_COUNT",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "MAX_RECORD_CHARS",
    "MAX_ROWS",
    "DataTable",
    "Header",
    "figure_name",
    "paused_gc",
    "read_counts",
    "read_table",
    "read_tables",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest data file read (64 MiB): far above any office's sheet."""
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
"""The most a workbook may unpack to (256 MiB), so a zip bomb is refused unread."""
MAX_ROWS = 200_000
"""The most rows one data file may hold, header and title rows included."""
MAX_COLUMNS = 256
"""The most columns a row may use (A to IV), counted to its last cell that is not blank."""
MAX_CELLS = 1_000_000
"""The most cells one data file may hold, counted as for :data:`MAX_COLUMNS`."""
MAX_RECORD_CHARS = 1024 * 1024
"""The longest CSV record (one row, with any line breaks inside quotes), in characters."""
MAX_PROBLEMS = 50
"""Problems reported from one file before the rest are only counted."""
_HEADER_SEARCH_ROWS = 20

_TOTAL_LABELS = {"合计": "total", "总计": "total", "总数": "total", "小计": "subtotal"}
_NOTE_PREFIXES = ("注", "备注", "说明", "填表", "制表", "审核", "数据来源")
_UNDEFINED_RATES = {"", "—", "——", "-", "--", "/", "／", "#div/0!", "n/a", "无"}
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


class _Row:
    """One row as read: its cells' values, where it is, and which cells show a percent.

    Plain slots, no object per cell: a 100,000-row file makes 100,000 of these.
    """

    __slots__ = ("label", "number", "percent", "values", "workbook")

    def __init__(
        self,
        values: Sequence[Any],
        number: int,
        *,
        workbook: bool = False,
        label: str = "",
        percent: Sequence[bool] = (),
    ) -> None:
        self.values = values
        self.number = number
        self.workbook = workbook
        self.label = label
        self.percent = percent

    @property
    def place(self) -> str:
        return f"{self.label}row {self.number}" if self.workbook else f"line {self.number}"

    def cell_place(self, position: int) -> str:
        if self.workbook:
            return f"{self.label}cell {_column_letter(position + 1)}{self.number}"
        return f"line {self.number}, column {position + 1}"

    def percent_format(self, position: int) -> bool:
        return position < len(self.percent) and self.percent[position]


class _Sheet:
    """A data file's rows as read: plain lists, with each row's line or row number.

    Rows stay lists, not objects: a 100,000-row file makes no object per row. A
    :class:`_Row` view is made only where a row's place is needed.
    """

    __slots__ = ("label", "numbers", "percent", "rows", "workbook")

    def __init__(self, *, workbook: bool = False, label: str = "") -> None:
        self.rows: list[Any] = []
        self.numbers: Any = []  # a list, or a range when row i is on line i + 1
        self.percent: list[Sequence[bool]] = []
        self.workbook = workbook
        self.label = label

    def row(self, index: int) -> _Row:
        percent = self.percent[index] if self.workbook else ()
        return _Row(
            self.rows[index],
            self.numbers[index],
            workbook=self.workbook,
            label=self.label,
            percent=percent,
        )

    def place(self, index: int) -> str:
        number = self.numbers[index]
        return f"{self.label}row {number}" if self.workbook else f"line {number}"

    def cell_place(self, index: int, position: int) -> str:
        number = self.numbers[index]
        if self.workbook:
            return f"{self.label}cell {_column_letter(position + 1)}{number}"
        return f"line {number}, column {position + 1}"


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Problems:
    """Collects problems for one file, up to :data:`MAX_PROBLEMS`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, place: str | None, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(Location(self.file, place), message))
        else:
            self.dropped += 1

    def raise_if_any(self) -> None:
        if not self.items:
            return
        items = list(self.items)
        if self.dropped:
            items.append(
                Problem(Location(self.file), f"… and {self.dropped} more problems not shown")
            )
        raise InputError(items)


# --- reading raw rows -----------------------------------------------------------------


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:4096]:
        raise InputError.at(
            "this is a binary file, not CSV text; save the sheet as CSV (UTF-8) or XLSX", name
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.at(
        "the file is neither UTF-8 nor GB18030/GBK text; save it as CSV (UTF-8)", name
    )


def _csv_rows(raw: bytes, name: str) -> tuple[list[list[str]], Sequence[int]]:
    """The rows of a CSV file, and the line each starts on, within the bounds.

    A plain file (no quotes, so no record spans lines; no line longer than
    :data:`MAX_RECORD_CHARS`; fewer separators and lines than :data:`MAX_CELLS`) is read
    in one pass in C: no bound can be hit while reading it, and :data:`MAX_COLUMNS` is
    checked after. Any other file is read a record at a time, each bound checked as the
    records come (:func:`_bounded_csv_rows`).
    """
    import csv  # noqa: PLC0415 - the reading modules load with the first file read

    if raw.startswith(b"PK\x03\x04"):
        raise InputError.at(
            "this is a zip file (an Excel workbook?), not CSV text; name it .xlsx", name
        )
    text = _decode(raw, name)
    del raw
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",\t;，")
    except csv.Error:
        dialect = csv.excel
    if _plain_csv(text, dialect):
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise InputError.at(
                f"not readable as CSV: {exc}", name, f"line {reader.line_num}"
            ) from None
        if reader.line_num == len(rows):  # no row spans lines: row i is on line i + 1
            if max(map(len, rows), default=0) > MAX_COLUMNS:
                budget = _CellBudget(name)
                for index, cells in enumerate(rows):
                    budget.take(_width(cells), f"line {index + 1}")
            return rows, range(1, len(rows) + 1)
    return _bounded_csv_rows(text, name, dialect)


def _plain_csv(text: str, dialect: Any) -> bool:
    """Whether no bound can be hit reading ``text`` in one pass (see :func:`_csv_rows`)."""
    quote, escape = dialect.quotechar or '"', dialect.escapechar
    if quote in text or '"' in text or (escape and escape in text):
        return False
    lines = text.count("\n") + text.count("\r") + 1
    if text.count(dialect.delimiter) + lines > MAX_CELLS:
        return False
    return len(text) <= MAX_RECORD_CHARS or max(map(len, text.split("\n"))) <= MAX_RECORD_CHARS


def _bounded_csv_rows(text: str, name: str, dialect: Any) -> tuple[list[list[str]], list[int]]:
    """The rows a record at a time, every bound checked while reading; trailing blanks off."""
    import csv  # noqa: PLC0415

    lines = _BoundedLines(text, name)
    reader = csv.reader(lines, dialect)
    rows: list[list[str]] = []
    numbers: list[int] = []
    line = 1
    budget = _CellBudget(name)
    try:
        for cells in reader:
            lines.record_done()
            width = _width(cells)
            budget.take(width, f"line {line}")
            rows.append(cells if width == len(cells) else cells[:width])
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError.at(
            f"not readable as CSV: {exc}", name, f"line {reader.line_num}"
        ) from None
    return rows, numbers


class _BoundedLines:
    """The text's lines for csv.reader, refusing a record longer than :data:`MAX_RECORD_CHARS`.

    csv.reader builds a whole record before tongbao sees it, so a line of a million
    commas must be stopped while it is read, not after.
    """

    def __init__(self, text: str, name: str) -> None:
        # As csv reads a file opened with newline="": only \r, \n and \r\n end a line
        # (splitlines would also split at U+2028 inside a cell), and lazily, without
        # StringIO's copy of the text at four bytes a character.
        self._lines = (text[start:end] for start, end in _line_spans(text))
        self._name = name
        self._length = 0
        self._number = 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._number += 1
        self._length += len(line)
        if self._length > MAX_RECORD_CHARS:
            raise InputError.at(
                f"a row longer than {MAX_RECORD_CHARS:,} characters; "
                "is this really a sheet of counts?",
                self._name,
                f"line {self._number}",
            )
        return line

    def record_done(self) -> None:
        self._length = 0


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each line of ``text`` starts and ends (its line break included)."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _width(cells: Sequence[Any]) -> int:
    """The number of cells up to the last one that is not blank."""
    width = len(cells)
    while width and _blank(cells[width - 1]):
        width -= 1
    return width


class _CellBudget:
    """Counts the cells a file holds against :data:`MAX_COLUMNS` and :data:`MAX_CELLS`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = 0

    def take(self, width: int, place: str) -> None:
        if width > MAX_COLUMNS:
            raise InputError.at(
                f"a row with {width:,} cells; at most {MAX_COLUMNS:,} columns are read",
                self.name,
                place,
            )
        self.cells += width
        if self.cells > MAX_CELLS:
            raise InputError.at(
                f"more than {MAX_CELLS:,} cells in the file; split it", self.name, place
            )


def _check_workbook(raw: bytes, name: str) -> None:
    import zipfile  # noqa: PLC0415

    if not raw.startswith(b"PK"):
        hint = (
            " (it looks like an old .xls: save it as .xlsx)"
            if raw.startswith(b"\xd0\xcf\x11\xe0")
            else " (is it a CSV file with the wrong name?)"
        )
        raise InputError.at(f"not an Excel .xlsx workbook{hint}", name)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError.at(f"the workbook is damaged: {exc}", name) from None
    unpacked = sum(info.file_size for info in infos)
    for info in infos:
        limit = _part_limit(info.filename)
        if limit is not None and info.file_size > limit:
            raise InputError.at(
                f"the workbook's part {info.filename} unpacks to {info.file_size:,} bytes, "
                f"more than the {limit:,} allowed; refusing to read it",
                name,
            )
    if unpacked > MAX_XLSX_UNPACKED:
        raise InputError.at(
            f"the workbook unpacks to {unpacked:,} bytes, more than the "
            f"{MAX_XLSX_UNPACKED:,} allowed; refusing to read it",
            name,
        )


def _part_limit(part: str) -> int | None:
    """The most a workbook part may unpack to, or None when tongbao never parses it whole.

    Sheets are read row by row and pictures not at all; every other XML part openpyxl
    parses into objects (a 12 MB styles part becomes 390 MB of them), so each is bounded.
    """
    lower = part.lower()
    if lower.startswith("xl/worksheets/") or not lower.endswith((".xml", ".rels")):
        return None
    return _PART_LIMITS.get(lower, MAX_XLSX_PART)


MAX_XLSX_PART = 1024 * 1024
"""The most a workbook part other than its sheets and shared strings may unpack to."""
_PART_LIMITS = {
    "xl/sharedstrings.xml": 32 * 1024 * 1024,
    "xl/styles.xml": 2 * 1024 * 1024,
    "xl/theme/theme1.xml": 2 * 1024 * 1024,
}


def _xlsx_rows(
    raw: bytes, name: str, sheet: str | None, into: _Sheet
) -> Iterator[tuple[list[Any], int, list[bool]]]:
    """The rows of a workbook's sheet, every row the sheet holds.

    The sheet's own ``<dimension>`` is not trusted (tools write ``A1`` or a wrong
    range): the sheet XML is read row by row, cells kept sparse until a row is
    complete, trailing empty cells dropped, and the bounds checked as the rows come.
    openpyxl opens the workbook and converts each cell's value; anything it raises
    on a damaged part is an :class:`InputError` naming the file and the row.
    """
    _check_workbook(raw, name)
    import warnings  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415 - heavy, needed only for workbooks

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError.at(f"the workbook cannot be read: {_why(exc)}", name) from None
    try:
        names = book.sheetnames
        if not names:
            raise InputError.at("the workbook has no sheets (or their parts are missing)", name)
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            raise InputError.at(
                f"no sheet named {sheet!r}; the workbook has {', '.join(names)}", name
            )
        label = f"sheet {ws.title!r}, " if len(names) > 1 else ""
        into.label = label
        yield from _sheet_rows(book, ws, name, label)
    except InputError:
        raise
    except Exception as exc:
        raise InputError.at(f"the workbook is damaged: {_why(exc)}", name) from None
    finally:
        book.close()


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _sheet_rows(  # noqa: PLR0915 - one pass over the sheet's XML reads best in one place
    book: Any, ws: Any, name: str, label: str
) -> Iterator[tuple[list[Any], int, list[bool]]]:
    import warnings  # noqa: PLC0415

    from openpyxl.styles.numbers import (  # noqa: PLC0415
        BUILTIN_FORMATS,
        BUILTIN_FORMATS_MAX_SIZE,
    )
    from openpyxl.utils import get_column_letter  # noqa: PLC0415
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser  # noqa: PLC0415
    from openpyxl.xml.functions import iterparse  # noqa: PLC0415 - defusedxml's

    percent: dict[int, bool] = {}

    def is_percent(style_id: int, place: str) -> bool:
        if style_id not in percent:
            try:
                fmt_id = book._cell_styles[style_id].numFmtId
                if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                    fmt = BUILTIN_FORMATS.get(fmt_id, "General")
                else:
                    fmt = book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
            except (IndexError, KeyError, TypeError):
                raise InputError.at(
                    f"the workbook is damaged: style {style_id} does not exist", name, place
                ) from None
            percent[style_id] = "%" in str(fmt or "")
        return percent[style_id]

    budget = _CellBudget(name)
    previous = 0
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        cells: dict[int, tuple[Any, int]] = {}
        number = 0
        parent: Any = None
        root: Any = None
        depth = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a date out of range becomes an error value
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    depth += 1
                    if root is None:
                        root = element
                    if tag == ROW_TAG:
                        parser.parse_row(_NoCells(element))
                        number = parser.row_counter
                        if not 1 <= number <= _XLSX_MAX_ROW or number <= previous:
                            raise InputError.at(
                                f"the workbook is damaged: row number {number} "
                                f"{'out of order' if number <= previous else 'out of range'}",
                                name,
                                f"{label}row {number}",
                            )
                        # Rows the sheet leaves out are blank; only the header search
                        # counts them, so a lone row 1048576 costs nothing.
                        for gap in range(previous + 1, min(number, _HEADER_SEARCH_ROWS + 1)):
                            yield [], gap, []
                        previous = number
                        cells = {}
                    elif parent is None and tag.endswith("}sheetData"):
                        parent = element
                    continue
                depth -= 1
                if depth == 1:
                    root.clear()  # a part of the sheet that is not its rows: not needed
                if tag == CELL_TAG:
                    try:
                        cell = parser.parse_cell(element)
                    except Exception as exc:  # a bad shared-string index, date, number …
                        where = element.get("r") or f"row {number}"
                        raise InputError.at(
                            f"the workbook is damaged: {_why(exc)}", name, f"{label}cell {where}"
                        ) from None
                    element.clear()
                    value, column = cell["value"], cell["column"]
                    if _blank(value):
                        continue
                    place = f"{label}cell {_column_name(column)}{number}"
                    if not 1 <= column <= MAX_COLUMNS:
                        raise InputError.at(
                            f"a value in column {_column_name(column)}; at most "
                            f"{MAX_COLUMNS:,} columns ({get_column_letter(MAX_COLUMNS)}) are read",
                            name,
                            place,
                        )
                    cells[column] = (value, cell["style_id"])
                elif tag == ROW_TAG:
                    width = max(cells, default=0)
                    row_place = f"{label}row {number}"
                    budget.take(len(cells), row_place)
                    values: list[Any] = []
                    percents: list[bool] = []
                    for column in range(1, width + 1):
                        value, style_id = cells.get(column, (None, 0))
                        place = f"{label}cell {get_column_letter(column)}{number}"
                        values.append(value)
                        percents.append(bool(style_id) and is_percent(style_id, place))
                    yield values, number, percents
                    cells = {}
                    if parent is not None:
                        parent.clear()  # the rows read so far: keep memory flat
                    element.clear()


_XLSX_MAX_ROW = 1_048_576


def _column_name(column: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    try:
        return get_column_letter(column)
    except ValueError:
        return f"#{column}"


class _NoCells:
    """A row element as openpyxl's ``parse_row`` sees it, without its cells (read apart)."""

    def __init__(self, element: Any) -> None:
        self.attrib = element.attrib

    def __iter__(self) -> Iterator[Any]:
        return iter(())


# --- finding the header ------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def _find_header(
    sheet: _Sheet,
    problems: _Problems,
    levels: Sequence[str],
    mapping: Mapping[str, str],
) -> tuple[int, dict[str, int], Header] | None:
    named = {**FIELD_OF, **level_fields(levels)}
    chosen = {clean_heading(heading): figure for figure, heading in mapping.items()}
    level_figures = {f"level:{level}" for level in levels}
    with_unit: _Row | None = None
    for index in range(min(len(sheet.rows), _HEADER_SEARCH_ROWS)):
        row = sheet.row(index)
        columns: dict[str, int] = {}
        figures: list[str | None] = []
        clash = None
        for position, value in enumerate(row.values):
            cleaned = clean_heading(value)
            field = chosen.get(cleaned) if cleaned in chosen else recognise(cleaned, named)
            if field is not None and field in mapping and cleaned not in chosen:
                field = None  # the notice names another column for this figure
            figures.append(field)
            if field is None:
                continue
            if field in columns:
                clash = (field, position)
            columns.setdefault(field, position)
        if "unit" not in columns:
            continue
        counted = "adopted" in columns or (bool(levels) and level_figures <= columns.keys())
        header = Header(
            problems.file,
            row.place,
            tuple((_text(v), f) for v, f in zip(row.values, figures, strict=True)),
        )
        if not counted:
            with_unit = with_unit or row
            if not any(f in columns for f in ("submitted", "score", *level_figures)):
                continue
            problems.add(row.place, _lacking(header, levels, level_figures))
            return None
        if clash is not None:
            problems.add(
                row.cell_place(clash[1]),
                f"a second column for {figure_name(clash[0])} "
                f"({_text(row.values[clash[1]])!r}); keep one, tongbao would not know which "
                "to use (or name the one to read in the notice: data = { file = …, "
                "columns = { … } })",
            )
        missing = [f for f in mapping if f not in columns]
        for figure in missing:
            problems.add(
                row.place,
                f"no column headed {mapping[figure]!r} for {figure} (the notice's "
                f"data.columns); this row has {header.written()}",
            )
        return index, columns, header
    if with_unit is not None:
        header = Header(
            problems.file, with_unit.place, tuple((_text(v), None) for v in with_unit.values)
        )
        problems.add(with_unit.place, _lacking(header, levels, level_figures))
        return None
    problems.add(
        None,
        "no header row found in the first 20 rows: expected a 单位/unit column and the "
        "counts (报送数/submitted, 采纳数/adopted, the level columns or 得分; optional: "
        "类别/group, 序号/no., 采纳率/rate, 月份/month)",
    )
    return None


def _lacking(header: Header, levels: Sequence[str], level_figures: set[str]) -> str:
    missing = [f"{level}采用" for level in levels if f"level:{level}" not in header.figures]
    wanted = "采纳数" + (f" (or the level columns {', '.join(missing)})" if missing else "")
    return (
        f"has {header.written()} but no {wanted}: every notice needs the adoptions; "
        "name the column in the notice if it is headed otherwise "
        '(data = { file = …, columns = { adopted = "…" } })'
    )


# --- reading cells ------------------------------------------------------------------------


def _count(value: Any, place: str, what: str, problems: _Problems) -> int | None:
    if type(value) is str and len(value) < _COUNT_DIGITS and value.isdigit() and value.isascii():
        return int(value)  # the usual cell, read without the general path below
    if isinstance(value, bool):
        problems.add(place, f"{what} is {value}, expected a whole number")
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            problems.add(place, f"{what} is {value}, expected a whole number")
            return None
        number = int(value)
    elif isinstance(value, str | type(None)):
        text = _text(value).removesuffix("条").strip()
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        if not text:
            hint = (
                "; a formula whose value was never saved reads as empty: open the file in "
                "Excel and save it"
                if "cell " in place
                else ""
            )
            problems.add(
                place, f"{what} is empty, expected a whole number (write 0 for none){hint}"
            )
            return None
        if not text.isascii() or not text.isdigit():
            problems.add(place, f"{what} is {_text(value)!r}, expected a whole number")
            return None
        if len(text.lstrip("0")) > _COUNT_DIGITS:
            problems.add(place, f"{what} is more than {MAX_COUNT:,}, the largest count")
            return None
        number = int(text)
    else:
        problems.add(place, f"{what} is {value!r}, expected a whole number")
        return None
    if number < 0:
        problems.add(place, f"{what} is negative ({number})")
        return None
    if number > MAX_COUNT:
        problems.add(place, f"{what} is more than {MAX_COUNT:,}, the largest count")
        return None
    return number


_COUNT_DIGITS = len(str(MAX_COUNT))
"""Digits of the largest count: a shorter string of digits is a count within bounds."""


def _score(value: Any, place: str, what: str, problems: _Problems) -> Fraction | None:
    """An exact score, bounded (:data:`~tongbao._model.MAX_SCORE`, its decimals) before
    any big integer is built: ``1e999999999`` is refused, not computed."""
    try:
        if isinstance(value, bool):
            raise ValueError("true/false is not a number")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError("not a finite number")
            exact = _to_score(Decimal(repr(value)))  # the number as the sheet shows it
        elif isinstance(value, int):
            exact = _to_score(value)
        else:
            text = _text(value).removesuffix("分").strip()
            if not text:
                problems.add(place, f"{what} is empty, expected a number")
                return None
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValueError("not a number") from None
            exact = _to_score(number)
    except (ValueError, TypeError) as exc:
        problems.add(place, f"{what} is {_text(value)!r}, expected a number ({exc})")
        return None
    return exact


def _claimed_rate(value: Any, percent_format: bool) -> tuple[Decimal, int] | str | None:
    """A stated rate as (percent, decimals), ``None`` for "undefined", or a complaint.

    Text is checked at the decimals it really carries: ``57.10%`` (Excel's 0.00% format
    of a rate rounded to one decimal) is 57.1, at one decimal.
    """
    if isinstance(value, bool):
        return "is not a rate"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return f"is {value!r}, not a rate"
        if percent_format or value <= 1:
            percent = Decimal(repr(float(value))) * 100
        else:
            percent = Decimal(repr(float(value)))
        return percent, -1  # full precision: compare with a tolerance
    text = _text(value).lower()
    if text in _UNDEFINED_RATES:
        return None
    number = text.removesuffix("%").strip()
    try:
        decimal = Decimal(number)
    except InvalidOperation:
        return f"is {_text(value)!r}, expected a rate such as 47% or 43.3%"
    exponent = decimal.as_tuple().exponent
    if (
        not decimal.is_finite()
        or not isinstance(exponent, int)
        or (decimal and decimal.adjusted() > 6)
        or exponent < -12
    ):
        # Beyond any rate: 1e999999999 and 1e-999999999 must not become huge integers.
        return f"is {_text(value)!r}, expected a rate such as 47% or 43.3%"
    if not text.endswith("%") and "." in number and decimal <= 1:
        decimal *= 100
        return decimal, -1
    if "." in number:
        number = number.rstrip("0").rstrip(".")
        decimal = Decimal(number)
    places = max(0, -int(decimal.as_tuple().exponent))
    return decimal, places


def _check_ratio(
    value: Any,
    *,
    place: str,
    percent_format: bool,
    parts: tuple[int, int],
    what: str,
    problems: _Problems,
) -> None:
    """Check a claimed percentage (采纳率 = adopted/submitted, 完成率 = counted/quota).

    An empty cell, a dash or ``#DIV/0!`` means "undefined" and is right only when the
    denominator is 0; so is a claim of 0 (Excel's ``IFERROR(…, 0)``).
    """
    claim = _claimed_rate(value, percent_format)
    if isinstance(claim, str):
        problems.add(place, f"{what} {claim}")
        return
    numerator, denominator = parts
    exact = Fraction(numerator, denominator) if denominator else None
    if claim is None:
        if exact is not None:
            problems.add(
                place,
                f"{what} is empty but {numerator}/{denominator} is "
                f"{round_half_up(exact * 100, 1)}%",
            )
        return
    percent, places = claim
    if exact is None:
        if percent != 0:
            problems.add(place, f"{what} is {percent}% but {numerator}/{denominator} is undefined")
        return
    if places < 0:
        # A stored number (a formula's value): allow the error of a two-decimal rounding.
        if abs(Fraction(percent) - exact * 100) > Fraction(1, 200):
            problems.add(
                place,
                f"{what} is {percent.normalize():f}% but {numerator}/{denominator} is "
                f"{round_half_up(exact * 100, 2)}%",
            )
        return
    computed = round_half_up(exact * 100, places)
    if computed != percent:
        problems.add(
            place,
            f"{what} is {_text(value)} but {numerator}/{denominator} is {computed}% "
            f"(rounded half up to {places} decimals)",
        )


def _month(value: Any, place: str, period: Period | None, problems: _Problems) -> Period | None:
    found: Period | None = None
    try:
        if isinstance(value, datetime.datetime | datetime.date):
            found = Period.months_of(value.year, value.month)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not float(value).is_integer():  # also NaN and infinity
                raise ValueError(f"{value!r} is not a month")
            found = _month_number(int(value), period)
        else:
            text = _text(value)
            if re.fullmatch(r"\d{1,2}月?(份)?", text):
                found = _month_number(int(re.sub(r"\D", "", text)), period)
            elif text:
                found = Period.parse(text)
    except ValueError as exc:
        problems.add(place, f"月份: {exc}")
        return None
    if found is None:
        problems.add(place, f"月份 is {_text(value)!r}, expected a month such as 2018-03")
        return None
    if len(found) != 1:
        problems.add(place, f"月份 is {_text(value)!r}, a range; expected one month")
        return None
    if period is not None and not period.contains(found):
        problems.add(place, f"月份 {found.label()} is outside the notice's period {period.label()}")
        return None
    return found


def _in_other(value: Any, others: Sequence[Period]) -> bool:
    """Whether a 月份 cell names a month of one of the ``others`` periods."""
    return any(_month(value, "", other, _Problems("")) is not None for other in others)


def _month_number(month: int, period: Period | None) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"{month} is not a month (1..12)")
    if period is None:
        raise ValueError(f"month {month} without a year; write 2018-{month:02d}")
    matches = [m for m in period.months() if m.first[1] == month]
    if len(matches) != 1:
        raise ValueError(
            f"{month}月 is {'outside' if not matches else 'ambiguous in'} the period "
            f"{period.label()}; write the year, e.g. {period.first[0]}-{month:02d}"
        )
    return matches[0]


# --- rows to tallies ----------------------------------------------------------------------


@attrs.frozen
class _Line:
    unit: Unit
    month: Period | None
    place: str
    values: dict[str, int | Fraction] = attrs.field(hash=False)
    """Each count figure the row holds: submitted, adopted, level:X, score, ytd_ …"""
    parent: str | None = None


@attrs.frozen
class DataTable:
    """What a data file holds for a period: the tallies and how its header was read.

    ``places`` gives each tally's row (its first, for monthly rows), so a problem found
    later with a unit's figures can point at the file. ``year_to_date`` holds the
    tallies of the file's 累计 columns, when it has them and a year-to-date period was
    asked for.
    """

    tallies: tuple[Tally, ...]
    header: Header
    places: Sequence[str]
    year_to_date: tuple[Tally, ...] = ()


def read_counts(
    path: Path,
    period: Period | None,
    *,
    sheet: str | None = None,
    also: Sequence[Period] = (),
    levels: Sequence[str] = (),
    root: Path | None = None,
) -> list[Tally]:
    """The tallies a CSV or XLSX file states for ``period``, in the file's order.

    With a 月份 column the rows are monthly and are summed over ``period``; months
    outside it are errors, except months of the ``also`` periods, which are skipped (one
    monthly file can hold this period, the previous one and the year before). Without
    one, each row is a unit's count for the whole ``period``, which must then be given.
    ``levels`` names the columns of adoptions by level to read. With ``root``, a file
    outside that folder (symlinks and ``..`` resolved) is refused.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    table = read_table(path, period, sheet=sheet, also=also, levels=levels, root=root)
    return list(table.tallies)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a file's objects are made.

    Reading 100,000 units makes a few hundred thousand objects and no reference cycles;
    the collector would scan the growing heap again and again (half the loading time)
    for nothing. It is switched back on afterwards, if it was on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_table(
    path: Path,
    period: Period | None,
    *,
    sheet: str | None = None,
    also: Sequence[Period] = (),
    levels: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    year_to_date: Period | None = None,
    root: Path | None = None,
) -> DataTable:
    """:func:`read_counts` with the header as read, each tally's row, and 累计 columns.

    ``columns`` maps figures to the headings that hold them, for headings tongbao does
    not recognise (``{"submitted": "本季度报送"}``); ``year_to_date`` is the period the
    file's 累计 columns cover, to read them as tallies.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    with paused_gc():
        return _read_table(path, period, sheet, also, levels, columns, year_to_date, root)


def read_tables(
    path: Path,
    periods: Mapping[str, Period],
    *,
    sheet: str | None = None,
    levels: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    year_to_date: Period | None = None,
    root: Path | None = None,
) -> dict[str, DataTable]:
    """One data file read once, for every period it serves (this one, the previous …).

    ``periods`` names each period wanted (``{"current": …, "previous": …}``); a monthly
    file's rows are summed per period, and a month that belongs to another of the
    periods is not an error. A file without a 月份 column holds one period's counts:
    only the first period is read, and the others are missing from the result.
    ``year_to_date`` is passed to the first period's reading (the file's 累计 columns).
    The problems of every period are reported together.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    with paused_gc():
        name = str(path)
        rows = _rows(path, name, sheet, root)
        problems = _Problems(name)
        found = _find_header(rows, problems, levels, columns or {})
        problems.raise_if_any()
        assert found is not None
        tables = {}
        wanted = list(periods.items())
        if "month" not in found[1]:
            wanted = wanted[:1]  # one period's counts per row: only the first period is read
        for i, (key, period) in enumerate(wanted):
            others = [p for k, p in periods.items() if k != key]
            try:
                tables[key] = _interpret(
                    rows, found, period, others, levels, year_to_date if i == 0 else None, name
                )
            except InputError as exc:
                problems.items.extend(p for p in exc.problems if p not in problems.items)
        problems.raise_if_any()
        return tables


def _read_table(  # noqa: PLR0917 - read_table's arguments, passed on
    path: Path,
    period: Period | None,
    sheet: str | None,
    also: Sequence[Period],
    levels: Sequence[str],
    columns: Mapping[str, str] | None,
    year_to_date: Period | None,
    root: Path | None = None,
) -> DataTable:
    name = str(path)
    rows = _rows(path, name, sheet, root)
    problems = _Problems(name)
    found = _find_header(rows, problems, levels, columns or {})
    if found is None:
        problems.raise_if_any()
        raise AssertionError("unreachable: no header and no problem")  # pragma: no cover
    problems.raise_if_any()
    return _interpret(rows, found, period, also, levels, year_to_date, name)


def _interpret(  # noqa: PLR0917 - one reading's parts
    rows: _Sheet,
    found: tuple[int, dict[str, int], Header],
    period: Period | None,
    also: Sequence[Period],
    levels: Sequence[str],
    year_to_date: Period | None,
    name: str,
) -> DataTable:
    """The tallies the rows under the header state for ``period``."""
    header_index, where, header = found
    problems = _Problems(name)
    plain = not any(f in where for f in (*COUNT_FIGURES, "parent") if f not in _PLAIN) and not any(
        f.startswith(("level:", "ytd_")) for f in where
    )
    quick = None
    if plain and period is not None and not where.keys() & {"month", "rate", "completion"}:
        quick = _quick_tallies(rows, header_index + 1, where, period)
    if quick is not None:
        return DataTable(tuple(quick[0]), header, quick[1])
    reader = _Columns(where, header, period, levels, problems)
    lines = reader.lines(rows, header_index + 1, also) if reader.usable() else []
    problems.raise_if_any()
    tallies, places = _tallies(lines, period, problems, plain=plain)
    ytd: list[Tally] = []
    if year_to_date is not None and any(f.startswith("ytd_") for f in where):
        ytd = _ytd_tallies(lines, year_to_date, dict(zip(places, tallies, strict=True)), problems)
    problems.raise_if_any()
    return DataTable(tuple(tallies), header, tuple(places), tuple(ytd))


def _rows(path: Path, name: str, sheet: str | None, root: Path | None = None) -> _Sheet:
    raw = read_bounded(path, MAX_FILE_BYTES, "data file", root=root)
    if not raw:
        raise InputError.at("the file is empty", name)
    suffix = path.suffix.lower()
    found = _Sheet(workbook=suffix in (".xlsx", ".xlsm"))
    try:
        if suffix in (".xlsx", ".xlsm"):
            for values, number, percents in _xlsx_rows(raw, name, sheet, found):
                found.rows.append(values)
                found.numbers.append(number)
                found.percent.append(percents)
                if len(found.rows) > MAX_ROWS:
                    raise InputError.at(f"more than {MAX_ROWS:,} rows; split the file", name)
        elif suffix in (".csv", ".txt", ".tsv"):
            if sheet is not None:
                raise InputError.at("sheet is only for .xlsx workbooks", name)
            found.rows, found.numbers = _csv_rows(raw, name)
            if len(found.rows) > MAX_ROWS:
                raise InputError.at(f"more than {MAX_ROWS:,} rows; split the file", name)
        else:
            raise InputError.at(
                f"unknown data file type {suffix or '(none)'!r}; expected .csv or .xlsx", name
            )
    except OSError as exc:
        raise InputError.at(f"cannot read the data file: {exc.strerror or exc}", name) from None
    return found


class _Columns:
    """Reads the rows under a header: where each figure is, and how to read a row."""

    def __init__(
        self,
        where: dict[str, int],
        header: Header,
        period: Period | None,
        levels: Sequence[str],
        problems: _Problems,
    ) -> None:
        self.where = where
        self.header = header
        self.period = period
        self.problems = problems
        self.headings = {figure: heading for heading, figure in header.headings if figure}
        self.numeric = [
            (figure, position, self.headings[figure])
            for figure, position in where.items()
            if figure in COUNT_FIGURES or figure.startswith(("level:", "ytd_"))
        ]
        self.levels = [f"level:{level}" for level in levels if f"level:{level}" in where]
        self.claims = "rate" in where or "completion" in where

    def usable(self) -> bool:
        """Whether the header's columns can be read at all; say why not."""
        where, problems, place = self.where, self.problems, self.header.place
        if "month" not in where and self.period is None:
            problems.add(
                None,
                "the file has no 月份/month column, so the period must be given "
                "(the notice's period, or --period 2018-03/2018-04)",
            )
            return False
        if "month" in where and any(f.startswith("ytd_") for f in where):
            problems.add(
                place,
                "a 累计 column in a file of monthly rows: tongbao adds the months up itself; "
                "remove the column",
            )
            return False
        if "rate" in where and "submitted" not in where:
            problems.add(place, "a 采纳率 column but no 报送数: the rates cannot be checked")
        if "completion" in where and "quota" not in where:
            problems.add(place, "a 完成率 column but no 任务数: it cannot be checked")
        return True

    def lines(self, sheet: _Sheet, start: int, also: Sequence[Period]) -> list[_Line]:
        """The units' rows as lines; 合计/小计 rows checked, note and blank rows skipped."""
        unit_at = self.where["unit"]
        month_at = self.where.get("month")
        lines: list[_Line] = []
        section_start = 0
        closed_at: str | None = None
        failed_total = failed_section = False
        rows = sheet.rows
        for index in range(start, len(rows)):
            values = rows[index]
            width = len(values)
            label = _text(values[unit_at] if unit_at < width else None).replace(" ", "")
            if not label and all(_text(v) == "" for v in values):
                continue
            if label.startswith(_NOTE_PREFIXES) and not any(
                p < width and _text(values[p]) for _, p, _ in self.numeric
            ):
                continue
            kind = _TOTAL_LABELS.get(label)
            first = "".join(map(str, values[:2]))
            if kind is None and ("计" in first or "总" in first):
                kind = _TOTAL_LABELS.get("".join(_text(v) for v in values[:2]).replace(" ", ""))
            if kind is not None:
                scope = lines if kind == "total" else lines[section_start:]
                # A row refused above (its problems are reported) is missing from the
                # sums: comparing them with the claim would report a false difference.
                if not (failed_total if kind == "total" else failed_section):
                    self.check_totals(sheet.row(index), scope, kind)
                if kind == "subtotal":
                    section_start = len(lines)
                    failed_section = False
                else:
                    closed_at = sheet.place(index)
                continue
            if closed_at is not None:
                self.problems.add(
                    sheet.place(index), f"a unit's row after the 合计 row ({closed_at})"
                )
            month = values[month_at] if month_at is not None and month_at < width else None
            if (
                also
                and month_at is not None
                and _in_other(month, also)
                and not (self.period is not None and _in_other(month, [self.period]))
            ):
                continue  # a month of another period this file serves
            line = self.line(sheet, index, label)
            if line is not None:
                lines.append(line)
            else:
                failed_total = failed_section = True
        if not lines and not self.problems.items:
            self.problems.add(None, "no units: the header is there but no row below it has counts")
        return lines

    def line(self, sheet: _Sheet, index: int, label: str) -> _Line | None:
        """One unit's row, or ``None`` (with its problems added)."""
        where, problems, values = self.where, self.problems, sheet.rows[index]
        width = len(values)
        before = len(problems.items) + problems.dropped
        unit_at, group_at = where["unit"], where.get("group")
        unit = None
        if not label:
            problems.add(sheet.place(index), "the unit's name (单位) is empty")
        else:
            group = _text(values[group_at]) if group_at is not None and group_at < width else ""
            try:
                unit = Unit(str(values[unit_at]), group=group or None)
            except (ValueError, TypeError) as exc:
                problems.add(sheet.cell_place(index, unit_at), f"单位: {exc}")
        counts = self.counts(sheet, index)
        submitted, adopted = counts.get("submitted"), counts.get("adopted")
        if submitted is not None and adopted is not None and adopted > submitted:
            place = (
                sheet.cell_place(index, where["adopted"])
                if "adopted" in where
                else sheet.place(index)
            )
            problems.add(place, f"采纳数 ({adopted}) is more than 报送数 ({submitted})")
        month = None
        month_at = where.get("month")
        if month_at is not None:
            value = values[month_at] if month_at < width else None
            month = _month(value, sheet.cell_place(index, month_at), self.period, problems)
        if len(problems.items) + problems.dropped > before or unit is None:
            return None
        # A wrong 采纳率 claim is reported, but the row's counts still add to the 合计.
        if self.claims:
            _check_row_claims(sheet.row(index), where, counts, problems)
        parent = None
        parent_at = where.get("parent")
        if parent_at is not None and parent_at < width:
            parent = _text(values[parent_at]) or None
        return _Line(unit, month, sheet.place(index), counts, parent)

    def counts(self, sheet: _Sheet, index: int) -> dict[str, int | Fraction]:
        """The row's numeric figures; 采纳数 from the levels when there is no column."""
        values, problems = sheet.rows[index], self.problems
        width = len(values)
        counts: dict[str, int | Fraction] = {}
        for figure, position, heading in self.numeric:
            value = values[position] if position < width else None
            if (
                type(value) is str
                and len(value) < _COUNT_DIGITS
                and value.isdigit()
                and value.isascii()
            ):
                counts[figure] = int(value)
                continue  # the usual cell: no place, no problem
            if position < width or sheet.workbook:  # a workbook's row ends at its last value
                place = sheet.cell_place(index, position)
            elif figure.startswith("level:"):
                problems.add(
                    sheet.place(index), f"{figure[6:]}采用 is missing, expected a whole number"
                )
                continue
            else:
                place = sheet.place(index)
            if figure in _SCORES:
                if _text(value) == "":
                    continue  # a unit without a supplied score; checked with the months
                exact = _score(value, place, heading, problems)
                if exact is not None:
                    counts[figure] = exact
                continue
            count = _count(value, place, heading, problems)
            if count is not None:
                counts[figure] = count
        levels = self.levels
        if not levels or not all(f in counts for f in levels):
            return counts
        total = sum(int(counts[f]) for f in levels)
        if "adopted" not in self.where:
            counts["adopted"] = total
        elif "adopted" in counts and total != counts["adopted"]:
            problems.add(
                sheet.cell_place(index, self.where["adopted"]),
                f"{self.headings['adopted']} is {counts['adopted']} but the adoptions by "
                f"level add up to {total}",
            )
        return counts

    def check_totals(self, row: _Row, scope: list[_Line], kind: str) -> None:
        """A 合计/小计 row claims a sum for every numeric column it fills: check each."""
        label = "合计" if kind == "total" else "小计"
        problems = self.problems
        width = len(row.values)
        for figure, position, heading in self.numeric:
            if position >= width or _text(row.values[position]) == "":
                continue
            place = row.cell_place(position)
            parts = [line.values.get(figure) for line in scope]
            if any(p is None for p in parts):
                continue  # some rows lack it (a unit without a supplied score)
            computed = sum((p for p in parts if p is not None), Fraction(0))
            claimed: int | Fraction | None
            if figure.removeprefix("ytd_") == "score":
                claimed = _score(row.values[position], place, f"{label} {heading}", problems)
            else:
                claimed = _count(row.values[position], place, f"{label} {heading}", problems)
            if claimed is not None and claimed != computed:
                problems.add(
                    place,
                    f"{label} {heading} is {_number(claimed)} but the rows above add up to "
                    f"{_number(computed)}",
                )
        sums: dict[str, int | Fraction] = {}
        for figure in ("submitted", "adopted", "quota"):
            parts = [line.values.get(figure) for line in scope]
            if parts and all(p is not None for p in parts):
                sums[figure] = sum(int(p) for p in parts if p is not None)
        _check_row_claims(row, self.where, sums, problems)


def _check_row_claims(
    row: _Row, where: dict[str, int], counts: dict[str, int | Fraction], problems: _Problems
) -> None:
    """A row's own 采纳率 and 完成率 cells, checked against its counts."""
    width = len(row.values)
    for claim, numerator, denominator, what in (
        ("rate", "adopted", "submitted", "采纳率"),
        ("completion", "counted", "quota", "完成率"),
    ):
        position = where.get(claim)
        if position is None or (position >= width and not row.workbook):
            continue
        top = counts.get(numerator if numerator != "counted" else _COMPLETION_OF)
        bottom = counts.get(denominator)
        if top is None or bottom is None:
            continue
        _check_ratio(
            row.values[position] if position < width else None,
            place=row.cell_place(position),
            percent_format=row.percent_format(position),
            parts=(int(top), int(bottom)),
            what=what,
            problems=problems,
        )


_SCORES = frozenset({"score", "ytd_score"})
_COMPLETION_OF = "submitted"
"""What a data file's 完成率 column is checked against: items submitted over the quota."""


def _number(value: int | Fraction) -> str:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    return (
        f"{float(value):g}"
        if value.denominator in (2, 4, 5, 8, 10, 20, 25, 50, 100)
        else str(value)
    )


def _tallies(
    lines: list[_Line], period: Period | None, problems: _Problems, *, plain: bool = False
) -> tuple[list[Tally], list[str]]:
    """One tally per unit; ``plain``: the file has no count columns but 报送数 and 采纳数."""
    by_name: dict[str, list[_Line]] = {}
    for line in lines:
        by_name.setdefault(line.unit.name, []).append(line)
    monthly = any(line.month is not None for line in lines)
    whole = period
    if whole is None and monthly:
        whole = Period(
            min(line.month.start for line in lines if line.month),
            max(line.month.end for line in lines if line.month),
        )
    tallies: list[Tally] = []
    places: list[str] = []
    for name, group in by_name.items():
        first = group[0]
        if not monthly:
            for again in group[1:]:
                problems.add(again.place, f"{name} appears twice (first at {first.place})")
        else:
            seen: dict[Period | None, _Line] = {}
            for line in group:
                if line.unit.group != first.unit.group:
                    problems.add(
                        line.place,
                        f"{name} is in group {line.unit.group!r} here but "
                        f"{first.unit.group!r} at {first.place}",
                    )
                if line.month in seen:
                    problems.add(
                        line.place,
                        f"{name} has two rows for {line.month.label() if line.month else '?'} "
                        f"(first at {seen[line.month].place})",
                    )
                seen[line.month] = line
        assert whole is not None
        if not monthly and plain:
            tally = _plain_tally(first, whole, problems)
        else:
            tally = _tally(first.unit, whole, group if monthly else [first], "", problems)
        if tally is not None:
            tallies.append(tally)
            places.append(first.place)
    return tallies, places


_PLAIN = frozenset({"submitted", "adopted"})


class _Places(Sequence[str]):
    """Rows' places, worded only when asked for (a problem to report is rare)."""

    def __init__(self, sheet: _Sheet, indices: list[int]) -> None:
        self.sheet = sheet
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self.sheet.place(i) for i in self.indices[index]]
        return self.sheet.place(self.indices[index])


def _quick_tallies(
    sheet: _Sheet, start: int, where: dict[str, int], period: Period
) -> tuple[list[Tally], Sequence[str]] | None:
    """The tallies of a plain file (单位, 报送数, 采纳数, 类别), read a column at a time.

    Only a file that needs no judgement is read here: every unit's name already
    normal, every count digits. Anything else (a 合计 or note row, a blank row, an odd
    cell, a unit twice, a count that does not fit) returns ``None``, and the general
    reader, which explains every problem, reads the file instead.
    """
    rows = sheet.rows[start:]
    unit_at, group_at = where["unit"], where.get("group")
    submitted_at, adopted_at = where.get("submitted"), where["adopted"]
    needed = max(p for p in (unit_at, group_at, submitted_at, adopted_at) if p is not None)
    if not rows or min(map(len, rows)) <= needed:
        return None
    names = [row[unit_at] for row in rows]
    if not all(type(n) is str for n in names):
        return None
    joined = "\ufffd".join(names)  # U+FFFD: a character no name check or NFKC touches
    if (
        _QUICK_ODD.search(joined)
        or not unicodedata.is_normalized("NFKC", joined)
        or "" in names
        or max(map(len, names)) > MAX_NAME_LENGTH
        or {name[:1] for name in names} & _QUICK_STOPS
        or len(set(names)) != len(names)
    ):
        return None
    adopted = _digits([row[adopted_at] for row in rows])
    submitted = _digits([row[submitted_at] for row in rows]) if submitted_at is not None else None
    if adopted is None or (submitted_at is not None and submitted is None):
        return None
    if submitted is not None and any(map(operator.gt, adopted, submitted)):
        return None
    if group_at is None:
        groups: list[str | None] = [None] * len(rows)
    else:
        groups = [row[group_at] or None for row in rows]
        try:
            groups = [None if g is None else quick_group(g) for g in groups]
        except (TypeError, ValueError):
            return None
    units = [quick_unit(n, g, normal=True) for n, g in zip(names, groups, strict=True)]
    counted = submitted if submitted is not None else [None] * len(rows)
    tallies = [
        quick_tally(u, period, s, a) for u, s, a in zip(units, counted, adopted, strict=True)
    ]
    return tallies, _Places(sheet, list(range(start, start + len(rows))))


def _digits(cells: list[Any]) -> list[int] | None:
    """Whole numbers written as plain digits, or ``None`` when one is anything else."""
    if not all(type(c) is str for c in cells):
        return None
    joined = "".join(cells)
    if not joined.isascii() or not joined.isdigit() or "" in cells:
        return None
    if max(map(len, cells), default=0) >= _COUNT_DIGITS:
        return None  # a count that may be beyond MAX_COUNT: the general reader says so
    return list(map(int, cells))


# Characters that call for the general reader: what the name check refuses (controls,
# separators, bidi controls, surrogates, private use, non-characters), white space
# (names are normalised), 计 (合计, 小计, 总计 rows), and any character beyond the BMP
# (rare in names; one range keeps this class a fast lookup). ``tests/test_data.py``
# checks that the quick path reads what the general one reads.
_QUICK_ODD = re.compile(
    "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff"
    "\\ue000-\\uf8ff\\ufdd0-\\ufdef\\ufffe\\uffff\\s计\\U00010000-\\U0010ffff]"
)


# First characters that call for the general reader: blank names, 注/备注 notes, 合计/总计.
_QUICK_STOPS = frozenset(
    {"", " ", "\t", "\u3000", "注", "备", "说", "填", "制", "审", "数", "合", "总", "小"}
)


def _plain_tally(line: _Line, period: Period, problems: _Problems) -> Tally | None:
    """The usual row (报送数, 采纳数 and nothing else to add up), without the general path."""
    values = line.values
    adopted = values.get("adopted")
    if adopted is None:
        return None
    submitted = values.get("submitted")
    try:
        return Tally(line.unit, period, None if submitted is None else int(submitted), int(adopted))
    except (TypeError, ValueError) as exc:
        problems.add(line.place, str(exc))
        return None


def _tally(
    unit: Unit, period: Period, group: list[_Line], prefix: str, problems: _Problems
) -> Tally | None:
    """One unit's tally from its rows (one, or one per month), from ``prefix`` figures."""
    first = group[0]
    figures: dict[str, int | Fraction | None] = {}
    # The keys in the first row's (the header's) order, so levels keep the notice's order.
    keys = [k for k in first.values if k.startswith(prefix)]
    for line in group[1:]:
        keys += [k for k in line.values if k.startswith(prefix) and k not in keys]
    if not prefix:
        keys = [k for k in keys if not k.startswith("ytd_")]
    for key in keys:
        name = key.removeprefix(prefix)
        if len(group) == 1:
            figures[name] = first.values[key]
            continue
        parts = [line.values.get(key) for line in group]
        if None in parts:
            if name == "score":
                problems.add(
                    first.place, f"{unit.name} has a 得分 in some months and not in others"
                )
                return None
            figures[name] = None
            continue
        figures[name] = sum(parts[1:], parts[0])  # type: ignore[arg-type]
    levels = [(k[6:], int(v)) for k, v in figures.items() if k[:6] == "level:" and v is not None]
    adopted = figures.get("adopted")
    if adopted is None and levels:
        adopted = sum(count for _, count in levels)
    if adopted is None:
        return None
    submitted = figures.get("submitted")
    try:
        return Tally(
            unit,
            period,
            None if submitted is None else int(submitted),
            int(adopted),
            levels=levels,
            score=figures.get("score"),
            quota=_int_or_none(figures.get("quota")),
            instructions=_int_or_none(figures.get("instructions")),
            parent=first.parent,
        )
    except (TypeError, ValueError) as exc:
        problems.add(first.place, str(exc))
        return None


def _int_or_none(value: int | Fraction | None) -> int | None:
    return None if value is None else int(value)


def _ytd_tallies(
    lines: list[_Line], period: Period, current: dict[str, Tally], problems: _Problems
) -> list[Tally]:
    """The 累计 columns' tallies; each must be at least the period's own figure."""
    out = []
    for line in lines:
        ytd = _tally(line.unit, period, [line], "ytd_", problems)
        now = current.get(line.place)
        if ytd is None or now is None:
            continue
        for figure in ("submitted", "adopted"):
            this, total = getattr(now, figure), getattr(ytd, figure)
            if this is not None and total is not None and total < this:
                problems.add(
                    line.place,
                    f"{line.unit.name}: 累计{figure_name(figure)} {total} is less than this "
                    f"period's {this}",
                )
        out.append(ytd)
    if not out and lines and not problems.items:
        problems.add(
            None,
            "累计 columns but no 累计采纳数 (or 累计 level columns): the year-to-date "
            "adoptions are needed",
        )
    return out
