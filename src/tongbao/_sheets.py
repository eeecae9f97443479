"""A data file's rows as read: CSV text and Excel workbooks, within bounds.

Every bound is checked while the rows are read, so a line of a million commas, a zip
bomb or a million rows is refused before it is built. The rows stay plain lists, each
with its line or row number for messages (``line 7`` in a CSV, ``cell C7`` in a
workbook); the header and the cells are read by :mod:`tongbao._columns`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from ._files import Input
from ._limits import unpacked_limit
from .errors import InputError

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_RECORD_CHARS",
    "MAX_ROWS",
    "MAX_XLSX_PART",
    "MAX_XLSX_UNPACKED",
    "_HEADER_SEARCH_ROWS",
    "_Row",
    "_Sheet",
    "_rows",
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
_HEADER_SEARCH_ROWS = 20


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


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:4096]:
        raise InputError.of("data.binary", name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.of("data.encoding", name)


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
        raise InputError.of("data.zip_as_csv", name)
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
            raise InputError.of(
                "data.bad_csv", name, f"line {reader.line_num}", reason=str(exc)
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
        raise InputError.of(
            "data.bad_csv", name, f"line {reader.line_num}", reason=str(exc)
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
            raise InputError.of(
                "data.row_too_long",
                self._name,
                f"line {self._number}",
                limit=f"{MAX_RECORD_CHARS:,}",
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

    def __init__(self, name: str, limit: int | None = None) -> None:
        self.name = name
        self.cells = 0
        self.limit = limit

    def take(self, width: int, place: str) -> None:
        if width > MAX_COLUMNS:
            raise InputError.of(
                "data.too_many_columns",
                self.name,
                place,
                width=f"{width:,}",
                limit=f"{MAX_COLUMNS:,}",
            )
        self.cells += width
        limit = MAX_CELLS if self.limit is None else self.limit
        if self.cells > limit:
            raise InputError.of("data.too_many_cells", self.name, place, limit=f"{limit:,}")


def _check_workbook(raw: bytes, name: str) -> None:
    import zipfile  # noqa: PLC0415

    if not raw.startswith(b"PK"):
        hint = (
            " (it looks like an old .xls: save it as .xlsx)"
            if raw.startswith(b"\xd0\xcf\x11\xe0")
            else " (is it a CSV file with the wrong name?)"
        )
        raise InputError.of("data.not_xlsx", name, hint=hint)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError.of("data.workbook_damaged", name, reason=str(exc)) from None
    unpacked = sum(info.file_size for info in infos)
    for info in infos:
        limit = _part_limit(info.filename)
        if limit is not None and info.file_size > limit:
            raise InputError.of(
                "data.part_too_large",
                name,
                part=info.filename,
                size=f"{info.file_size:,}",
                limit=f"{limit:,}",
            )
    allowed = unpacked_limit(MAX_XLSX_UNPACKED)
    if unpacked > allowed:
        raise InputError.of(
            "data.workbook_too_large",
            name,
            size=f"{unpacked:,}",
            limit=f"{allowed:,}",
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
    raw: bytes, name: str, sheet: str | None, into: _Sheet, *, max_cells: int | None = None
) -> Iterator[tuple[list[Any], int, list[bool]]]:
    """The rows of a workbook's sheet, every row the sheet holds.

    The sheet's own ``<dimension>`` is not trusted (tools write ``A1`` or a wrong
    range): the sheet XML is read row by row, cells kept sparse until a row is
    complete, trailing empty cells dropped, and the bounds checked as the rows come.
    openpyxl opens the workbook and converts each cell's value; anything it raises
    on a damaged part is an :class:`InputError` naming the file and the row.
    ``max_cells`` replaces :data:`MAX_CELLS` (an item log has a row per item).
    """
    _check_workbook(raw, name)
    import warnings  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415 - heavy, needed only for workbooks

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError.of("data.workbook_unreadable", name, reason=_why(exc)) from None
    try:
        names = book.sheetnames
        if not names:
            raise InputError.of("data.no_sheets", name)
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            raise InputError.of(
                "data.no_such_sheet", name, sheet=repr(sheet), sheets=", ".join(names)
            )
        label = f"sheet {ws.title!r}, " if len(names) > 1 else ""
        into.label = label
        yield from _sheet_rows(book, ws, name, label, max_cells)
    except InputError:
        raise
    except Exception as exc:
        raise InputError.of("data.workbook_damaged", name, reason=_why(exc)) from None
    finally:
        book.close()


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _sheet_rows(  # noqa: PLR0915 - one pass over the sheet's XML reads best in one place
    book: Any, ws: Any, name: str, label: str, max_cells: int | None = None
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
                raise InputError.of(
                    "data.workbook_damaged",
                    name,
                    place,
                    reason=f"style {style_id} does not exist",
                ) from None
            percent[style_id] = "%" in str(fmt or "")
        return percent[style_id]

    budget = _CellBudget(name, max_cells)
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
                            raise InputError.of(
                                "data.workbook_damaged",
                                name,
                                f"{label}row {number}",
                                reason=f"row number {number} "
                                f"{'out of order' if number <= previous else 'out of range'}",
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
                        raise InputError.of(
                            "data.workbook_damaged", name, f"{label}cell {where}", reason=_why(exc)
                        ) from None
                    element.clear()
                    value, column = cell["value"], cell["column"]
                    if _blank(value):
                        continue
                    place = f"{label}cell {_column_name(column)}{number}"
                    if not 1 <= column <= MAX_COLUMNS:
                        raise InputError.of(
                            "data.column_too_far",
                            name,
                            place,
                            column=_column_name(column),
                            limit=f"{MAX_COLUMNS:,}",
                            letter=get_column_letter(MAX_COLUMNS),
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


DATA_KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
"""Each data file suffix and the kind it means: ``csv`` (any delimited text), ``xlsx``."""


def _rows(source: Input, sheet: str | None) -> _Sheet:
    raw, name = source.data, source.name
    if not raw:
        raise InputError.of("file.empty", name)
    found = _Sheet(workbook=source.kind == "xlsx")
    try:
        if source.kind == "xlsx":
            for values, number, percents in _xlsx_rows(raw, name, sheet, found):
                found.rows.append(values)
                found.numbers.append(number)
                found.percent.append(percents)
                if len(found.rows) > MAX_ROWS:
                    raise InputError.of("data.too_many_rows", name, limit=f"{MAX_ROWS:,}")
        else:
            if sheet is not None:
                raise InputError.of("data.sheet_not_workbook", name)
            found.rows, found.numbers = _csv_rows(raw, name)
            if len(found.rows) > MAX_ROWS:
                raise InputError.of("data.too_many_rows", name, limit=f"{MAX_ROWS:,}")
    except OSError as exc:
        raise InputError.of(
            "file.unreadable", name, what="data file", reason=str(exc.strerror or exc)
        ) from None
    return found
