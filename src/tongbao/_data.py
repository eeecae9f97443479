"""Counts from the files offices already keep: CSV exports and Excel workbooks.

Real sheets have a title row above the header, Chinese or English column names, GBK
exports, full-width digits, thousands separators, blank and note rows, and a 合计 row at
the bottom. All of that is read. Figures a sheet states but tongbao computes (合计 and
小计 rows, a 采纳率 column) are claims: they are checked, never used. Every problem is
reported with the file and the place (``line 7`` in a CSV, ``cell C7`` in a workbook),
all of them in one :class:`~tongbao.InputError`.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ._files import read_bounded
from ._model import MAX_COUNT, Tally, Unit, _to_score
from ._numfmt import round_half_up
from ._period import Period
from ._stats import add_levels, rate, totals
from .errors import InputError, Location, Problem

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_COUNT",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "MAX_RECORD_CHARS",
    "MAX_ROWS",
    "read_counts",
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

_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("单位", "单位名称", "报送单位", "单位(部门)", "unit", "name", "unitname"),
    "submitted": (
        "报送数",
        "报送条数",
        "报送数量",
        "报送信息数",
        "报送信息条数",
        "报送",
        "上报数",
        "上报条数",
        "submitted",
    ),
    "adopted": (
        "采纳数",
        "采纳条数",
        "采纳数量",
        "采用数",
        "采用条数",
        "采纳",
        "采用",
        "采纳发布数",
        "采用发布数",
        "adopted",
    ),
    "group": ("类别", "分类", "类型", "分组", "单位类别", "group", "category"),
    "no": ("序号", "编号", "no", "no.", "#", "number"),
    "rate": ("采纳率", "采用率", "采发率", "信息采发率", "rate", "adoptionrate"),
    "month": ("月份", "月", "统计月份", "month"),
    "score": ("得分", "分数", "考核得分", "总得分", "合计得分", "score"),
}
_FIELD_OF = {alias: field for field, names in _ALIASES.items() for alias in names}
_TOTAL_LABELS = {"合计": "total", "总计": "total", "总数": "total", "小计": "subtotal"}
_NOTE_PREFIXES = ("注", "备注", "说明", "填表", "制表", "审核", "数据来源")
_UNDEFINED_RATES = {"", "—", "——", "-", "--", "/", "／", "#div/0!", "n/a", "无"}
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


@attrs.frozen
class _Cell:
    value: Any
    place: str
    percent_format: bool = False


@attrs.frozen
class _Row:
    cells: tuple[_Cell, ...]
    place: str
    blank: str = ""
    """The place of a cell past the last one kept (trailing blanks are dropped when
    read), with ``{column}`` (1, 2 …) or ``{letter}`` (A, B …) for its column."""

    def cell_at(self, position: int) -> _Cell | None:
        """The cell at 0-based ``position``: a blank one past the row's end, if known."""
        if position < len(self.cells):
            return self.cells[position]
        if not self.blank:
            return None
        from openpyxl.utils import get_column_letter  # noqa: PLC0415

        letter = get_column_letter(position + 1) if "{letter}" in self.blank else ""
        return _Cell(None, self.blank.format(column=position + 1, letter=letter))


def _clean_heading(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).lower()
    text = "".join(text.split())
    return re.sub(r"\((条|个|%|％|件|篇)\)$", "", text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


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


def _csv_rows(raw: bytes, name: str) -> Iterator[_Row]:
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
    lines = _BoundedLines(text, name)
    reader = csv.reader(lines, dialect)
    line = 1
    budget = _CellBudget(name)
    try:
        for cells in reader:
            lines.record_done()
            width = _width(cells)
            place = f"line {line}"
            budget.take(width, place)
            yield _Row(
                tuple(
                    _Cell(c, f"line {line}, column {i + 1}") for i, c in enumerate(cells[:width])
                ),
                place,
                f"line {line}, column {{column}}" if width < len(cells) else "",
            )
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError.at(
            f"not readable as CSV: {exc}", name, f"line {reader.line_num}"
        ) from None


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


def _xlsx_rows(raw: bytes, name: str, sheet: str | None) -> Iterator[_Row]:
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
) -> Iterator[_Row]:
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
                            yield _Row((), f"{label}row {gap}")
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
                    row = []
                    for column in range(1, width + 1):
                        value, style_id = cells.get(column, (None, 0))
                        place = f"{label}cell {get_column_letter(column)}{number}"
                        row.append(
                            _Cell(value, place, bool(style_id) and is_percent(style_id, place))
                        )
                    yield _Row(tuple(row), row_place, f"{label}cell {{letter}}{number}")
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


# --- interpreting rows ----------------------------------------------------------------


def _level_fields(levels: Sequence[str]) -> dict[str, str]:
    """Headings that name a level's adoptions: the level, or it with 采用/采纳 (条数)."""
    fields = {}
    for level in levels:
        name = _clean_heading(level)
        for suffix in ("", "采用", "采纳", "采用数", "采纳数", "采用条数", "采纳条数"):
            fields[name + suffix] = f"level:{level}"
    return fields


def _find_header(
    rows: list[_Row], problems: _Problems, levels: Sequence[str] = ()
) -> tuple[int, dict[str, int]] | None:
    named = {**_FIELD_OF, **_level_fields(levels)}
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        clash = None
        for position, cell in enumerate(row.cells):
            field = named.get(_clean_heading(cell.value))
            if field is None:
                continue
            if field in columns:
                clash = (field, cell)
            columns.setdefault(field, position)
        by_level = bool(levels) and all(f"level:{level}" in columns for level in levels)
        if {"unit", "submitted"} <= columns.keys() and ("adopted" in columns or by_level):
            if clash is not None:
                problems.add(
                    clash[1].place,
                    f"a second column for {clash[0]} ({_text(clash[1].value)!r}); "
                    "keep one, tongbao would not know which to use",
                )
            return index, columns
    problems.add(
        None,
        "no header row found in the first 20 rows: expected columns 单位/unit, "
        "报送数/submitted and 采纳数/adopted (optional: 类别/group, 序号/no., 采纳率/rate, "
        "月份/month)",
    )
    return None


def _count(cell: _Cell, what: str, problems: _Problems) -> int | None:
    value = cell.value
    if isinstance(value, bool):
        problems.add(cell.place, f"{what} is {value}, expected a whole number")
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            problems.add(cell.place, f"{what} is {value}, expected a whole number")
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
                if "cell " in cell.place
                else ""
            )
            problems.add(
                cell.place, f"{what} is empty, expected a whole number (write 0 for none){hint}"
            )
            return None
        if not text.isascii() or not text.isdigit():
            problems.add(cell.place, f"{what} is {_text(value)!r}, expected a whole number")
            return None
        if len(text.lstrip("0")) > len(str(MAX_COUNT)):
            problems.add(cell.place, f"{what} is more than {MAX_COUNT:,}, the largest count")
            return None
        number = int(text)
    else:
        problems.add(cell.place, f"{what} is {value!r}, expected a whole number")
        return None
    if number < 0:
        problems.add(cell.place, f"{what} is negative ({number})")
        return None
    if number > MAX_COUNT:
        problems.add(cell.place, f"{what} is more than {MAX_COUNT:,}, the largest count")
        return None
    return number


def _claimed_rate(cell: _Cell) -> tuple[Decimal, int] | str | None:
    """A stated rate as (percent, decimals), ``None`` for "undefined", or a complaint."""
    value = cell.value
    if isinstance(value, bool):
        return "is not a rate"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return f"is {value!r}, not a rate"
        if cell.percent_format or value <= 1:
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
    places = max(0, -int(decimal.as_tuple().exponent))
    return decimal, places


def _check_rate(cell: _Cell, submitted: int, adopted: int, problems: _Problems) -> None:
    claim = _claimed_rate(cell)
    if isinstance(claim, str):
        problems.add(cell.place, f"采纳率 {claim}")
        return
    exact = rate(_Counts(submitted, adopted))
    if claim is None:
        if exact is not None:
            problems.add(
                cell.place,
                f"采纳率 is empty but {adopted}/{submitted} is {round_half_up(exact * 100, 1)}%",
            )
        return
    percent, places = claim
    if exact is None:
        if percent != 0:
            problems.add(cell.place, f"采纳率 is {percent}% but nothing was submitted")
        return
    if places < 0:
        # A stored number (a formula's value): allow the error of a two-decimal rounding.
        if abs(Fraction(percent) - exact * 100) > Fraction(1, 200):
            problems.add(
                cell.place,
                f"采纳率 is {percent.normalize():f}% but {adopted}/{submitted} is "
                f"{round_half_up(exact * 100, 2)}%",
            )
        return
    computed = round_half_up(exact * 100, places)
    if computed != percent:
        problems.add(
            cell.place,
            f"采纳率 is {percent}% but {adopted}/{submitted} is {computed}% "
            f"(rounded half up to {places} decimals)",
        )


@attrs.frozen
class _Counts:
    submitted: int
    adopted: int


def _month(cell: _Cell, period: Period | None, problems: _Problems) -> Period | None:
    value = cell.value
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
        problems.add(cell.place, f"月份: {exc}")
        return None
    if found is None:
        problems.add(cell.place, f"月份 is {_text(value)!r}, expected a month such as 2018-03")
        return None
    if len(found) != 1:
        problems.add(cell.place, f"月份 is {_text(value)!r}, a range; expected one month")
        return None
    if period is not None and not period.contains(found):
        problems.add(
            cell.place,
            f"月份 {found.label()} is outside the notice's period {period.label()}",
        )
        return None
    return found


def _in_other(cell: _Cell, others: Sequence[Period]) -> bool:
    """Whether a 月份 cell names a month of one of the ``others`` periods."""
    for other in others:
        found = _month(cell, other, _Problems(""))
        if found is not None:
            return True
    return False


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


@attrs.frozen
class _Line:
    unit: Unit
    month: Period | None
    submitted: int
    adopted: int
    place: str
    levels: tuple[tuple[str, int], ...] = ()
    score: Fraction | None = None


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
    With ``root``, a file outside that folder (symlinks and ``..`` resolved) is refused.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    name = str(path)
    raw = read_bounded(path, MAX_FILE_BYTES, "data file", root=root)
    if not raw:
        raise InputError.at("the file is empty", name)
    suffix = path.suffix.lower()
    reader: Callable[[], Iterator[_Row]]
    if suffix in (".xlsx", ".xlsm"):
        reader = lambda: _xlsx_rows(raw, name, sheet)  # noqa: E731
    elif suffix in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise InputError.at("sheet is only for .xlsx workbooks", name)
        reader = lambda: _csv_rows(raw, name)  # noqa: E731
    else:
        raise InputError.at(
            f"unknown data file type {suffix or '(none)'!r}; expected .csv or .xlsx", name
        )
    try:
        rows = []
        for row in reader():
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise InputError.at(f"more than {MAX_ROWS:,} rows; split the file", name)
    except OSError as exc:
        raise InputError.at(f"cannot read the data file: {exc.strerror or exc}", name) from None
    problems = _Problems(name)
    lines = _read_lines(rows, period, problems, also, levels)
    problems.raise_if_any()
    return _tallies(lines, period, problems)


def _read_lines(
    rows: list[_Row],
    period: Period | None,
    problems: _Problems,
    also: Sequence[Period] = (),
    levels: Sequence[str] = (),
) -> list[_Line]:
    found = _find_header(rows, problems, levels)
    if found is None:
        return []
    header_index, columns = found
    if "month" not in columns and period is None:
        problems.add(
            None,
            "the file has no 月份/month column, so the period must be given "
            "(the notice's period, or --period 2018-03/2018-04)",
        )
        return []

    def cell(row: _Row, field: str) -> _Cell | None:
        position = columns.get(field)
        return None if position is None else row.cell_at(position)

    lines: list[_Line] = []
    section_start = 0
    closed_at: str | None = None
    for row in rows[header_index + 1 :]:
        if all(_text(c.value) == "" for c in row.cells):
            continue
        unit_cell = cell(row, "unit")
        label = "".join(_text(unit_cell.value if unit_cell else "").split())
        numbers = [cell(row, f) for f in ("submitted", "adopted")]
        has_numbers = any(c is not None and _text(c.value) != "" for c in numbers)
        if label.startswith(_NOTE_PREFIXES) and not has_numbers:
            continue
        kind = _TOTAL_LABELS.get(label) or _TOTAL_LABELS.get(
            "".join(_text(c.value) for c in row.cells[:2]).replace(" ", "")
        )
        if kind is not None:
            scope = lines if kind == "total" else lines[section_start:]
            _check_claimed_totals(row, cell, scope, kind, problems)
            if kind == "subtotal":
                section_start = len(lines)
            else:
                closed_at = row.place
            continue
        if closed_at is not None:
            problems.add(row.place, f"a unit's row after the 合计 row ({closed_at})")
        month_cell = cell(row, "month")
        if also and month_cell is not None and _in_other(month_cell, also):
            continue
        line = _read_line(row, cell, period, problems, levels)
        if line is not None:
            lines.append(line)
    if not lines and not problems.items:
        problems.add(None, "no units: the header is there but no row below it has counts")
    return lines


def _read_line(
    row: _Row,
    cell: Callable[[_Row, str], _Cell | None],
    period: Period | None,
    problems: _Problems,
    levels: Sequence[str] = (),
) -> _Line | None:
    unit_cell = cell(row, "unit")
    before = len(problems.items) + problems.dropped
    unit = None
    if unit_cell is None or _text(unit_cell.value) == "":
        problems.add(row.place, "the unit's name (单位) is empty")
    else:
        group_cell = cell(row, "group")
        group = _text(group_cell.value) if group_cell is not None else ""
        try:
            unit = Unit(str(unit_cell.value), group=group or None)
        except (ValueError, TypeError) as exc:
            problems.add(unit_cell.place, f"单位: {exc}")
    submitted_cell = cell(row, "submitted")
    submitted = None
    if submitted_cell is None:
        problems.add(row.place, "报送数 is missing, expected a whole number")
    else:
        submitted = _count(submitted_cell, "报送数", problems)
    adopted, by_level, adopted_cell = _adopted(row, cell, problems, levels)
    if submitted is not None and adopted is not None and adopted > submitted:
        where = adopted_cell.place if adopted_cell else row.place
        problems.add(where, f"采纳数 ({adopted}) is more than 报送数 ({submitted})")
        return None
    score = None
    score_cell = cell(row, "score")
    if score_cell is not None and _text(score_cell.value) != "":
        score = _score(score_cell, problems)
    month = None
    month_cell = cell(row, "month")
    if month_cell is not None:
        month = _month(month_cell, period, problems)
    rate_cell = cell(row, "rate")
    if rate_cell is not None and submitted is not None and adopted is not None:
        _check_rate(rate_cell, submitted, adopted, problems)
    if len(problems.items) + problems.dropped > before or unit is None:
        return None
    assert submitted is not None
    assert adopted is not None
    return _Line(unit, month, submitted, adopted, row.place, tuple(by_level), score)


def _adopted(
    row: _Row,
    cell: Callable[[_Row, str], _Cell | None],
    problems: _Problems,
    levels: Sequence[str],
) -> tuple[int | None, list[tuple[str, int]], _Cell | None]:
    """The adopted count and the adoptions by level (the sum, when no 采纳数 column)."""
    by_level: list[tuple[str, int]] = []
    for level in levels:
        level_cell = cell(row, f"level:{level}")
        if level_cell is None:
            problems.add(row.place, f"{level}采用 is missing, expected a whole number")
            continue
        count = _count(level_cell, f"{level}采用", problems)
        if count is not None:
            by_level.append((level, count))
    adopted_cell = cell(row, "adopted")
    adopted: int | None
    if adopted_cell is not None:
        adopted = _count(adopted_cell, "采纳数", problems)
        if adopted is not None and levels and len(by_level) == len(levels):
            total = sum(c for _, c in by_level)
            if total != adopted:
                problems.add(
                    adopted_cell.place,
                    f"采纳数 is {adopted} but the adoptions by level add up to {total}",
                )
    elif levels:
        adopted = sum(c for _, c in by_level) if len(by_level) == len(levels) else None
    else:
        problems.add(row.place, "采纳数 is missing, expected a whole number")
        adopted = None
    return adopted, by_level, adopted_cell


def _score(cell: _Cell, problems: _Problems) -> Fraction | None:
    value = cell.value
    try:
        if isinstance(value, bool):
            raise ValueError("true/false is not a number")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError("not a finite number")
            value = Decimal(repr(value))  # the number as the sheet shows it
        elif not isinstance(value, int):
            value = _text(value)
        return _to_score(value)
    except (ValueError, TypeError) as exc:
        problems.add(cell.place, f"得分 is {_text(value)!r}, expected a number ({exc})")
        return None


def _check_claimed_totals(
    row: _Row,
    cell: Callable[[_Row, str], _Cell | None],
    scope: list[_Line],
    kind: str,
    problems: _Problems,
) -> None:
    whole = totals(scope)
    label = "合计" if kind == "total" else "小计"
    for field, heading, computed in (
        ("submitted", "报送数", whole.submitted),
        ("adopted", "采纳数", whole.adopted),
    ):
        claim_cell = cell(row, field)
        if claim_cell is None or _text(claim_cell.value) == "":
            continue
        claimed = _count(claim_cell, f"{label} {heading}", problems)
        if claimed is not None and claimed != computed:
            problems.add(
                claim_cell.place,
                f"{label} {heading} is {claimed} but the rows above add up to {computed}",
            )
    rate_cell = cell(row, "rate")
    if rate_cell is not None and _text(rate_cell.value) != "":
        _check_rate(rate_cell, whole.submitted, whole.adopted, problems)


def _tallies(lines: list[_Line], period: Period | None, problems: _Problems) -> list[Tally]:
    by_name: dict[str, list[_Line]] = {}
    for line in lines:
        by_name.setdefault(line.unit.name, []).append(line)
    monthly = any(line.month is not None for line in lines)
    tallies = []
    for name, group in by_name.items():
        first = group[0]
        if not monthly:
            for again in group[1:]:
                problems.add(again.place, f"{name} appears twice (first at {first.place})")
            assert period is not None
            tallies.append(
                Tally(
                    first.unit,
                    period,
                    first.submitted,
                    first.adopted,
                    levels=first.levels,
                    score=first.score,
                )
            )
            continue
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
        whole = period or Period(
            min(line.month.start for line in lines if line.month),
            max(line.month.end for line in lines if line.month),
        )
        levels = add_levels(line.levels for line in group)
        scores = [line.score for line in group if line.score is not None]
        if scores and len(scores) != len(group):
            problems.add(first.place, f"{name} has a 得分 in some months and not in others")
            continue
        try:
            tallies.append(
                Tally(
                    first.unit,
                    whole,
                    sum(line.submitted for line in group),
                    sum(line.adopted for line in group),
                    levels=levels,
                    score=sum(scores, Fraction(0)) if scores else None,
                )
            )
        except (TypeError, ValueError) as exc:  # a sum over the months beyond a bound
            problems.add(first.place, str(exc))
    problems.raise_if_any()
    return tallies
