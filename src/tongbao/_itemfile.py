"""Item logs from CSV and XLSX files: one row per submitted item, read into items.

A submission system's export (信息报送 records) has a row per item: 单位, 标题,
报送日期 or 报送时间, 是否采用 and/or 采用级别, sometimes 批示 and 类别. This module
finds that header (title rows above it are skipped), reads every row into an
:class:`~tongbao._items.Item` with its place, and reports every problem with the file,
the place, the column's heading, the value and what was expected. :func:`data_form`
tells such a file from a file of tallies by its header alone.

A large CSV log (a million rows) is read fast and exactly: its bytes decoded as they
are read, the rows' raw cells counted first, in C, and each DISTINCT unit, date,
adoption and level read once; the items themselves (titles and all) are only made when
asked for. Any doubt about a
row (a blank, a note, a cell that does not read) sends the file through the careful
path, row by row, which says where each problem is.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import itertools
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import zip_longest
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._cells import MAX_PROBLEMS, _text
from ._data import paused_gc
from ._files import Input, Source, read_input
from ._headings import FIELD_OF, ITEM_FIELD_OF, Header, clean_heading, recognise
from ._itemcells import adopted_words, when_value
from ._itemfast import FastLog
from ._itemrows import MAX_TITLE_CHARS, RowReader, cell_place
from ._items import DEFAULT_TIME_ZONE, Item, ItemCounts, count_items
from ._limits import Limits, limited
from ._problems import Collector
from ._sheets import (
    _HEADER_SEARCH_ROWS,
    DATA_KINDS,
    MAX_COLUMNS,
    _BoundedLines,
    _decode,
    _Sheet,
    _xlsx_rows,
)
from .errors import InputError, Location, Problem

__all__ = [
    "MAX_ITEM_FILE_BYTES",
    "MAX_ITEM_ROWS",
    "MAX_TITLE_CHARS",
    "ItemLog",
    "data_form",
    "read_items",
]

MAX_ITEM_FILE_BYTES = 256 * 1024 * 1024
"""The largest item log read (256 MiB, some two million rows); larger logs belong in a
database (:func:`~tongbao.open_database`)."""
MAX_ITEM_ROWS = 2_000_000
"""The most rows one item log may hold, header and title rows included."""

DataForm = Literal["tallies", "items"]

_HEADINGS_SHOWN = "单位, 标题, 报送日期 (or 报送时间), 是否采用 or 采用级别"


def _zone(zone: str | ZoneInfo) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    try:
        return ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InputError.of("items.unknown_zone", None, zone=repr(zone)) from None


# --- the header -------------------------------------------------------------------


def _figures(values: Sequence[Any], mapping: Mapping[str, str]) -> list[str | None]:
    """The item figure each cell of a row names, as a heading (``None``: not read)."""
    chosen = {clean_heading(heading): figure for figure, heading in mapping.items()}
    figures: list[str | None] = []
    for value in values:
        cleaned = clean_heading(value)
        if cleaned in chosen:
            figures.append(chosen[cleaned])
            continue
        field = ITEM_FIELD_OF.get(cleaned)
        figures.append(None if field in mapping else field)
    return figures


def _sub_header(
    values: Sequence[Any], figures: Sequence[str | None], mapping: Mapping[str, str]
) -> list[str | None] | None:
    """The figures of a second header row under ``figures``' row, or ``None``.

    Exports with grouped headings put a merged 采用情况 over 是否采用 and 采用级别: the
    row below the header then holds only headings, and is blank under the title and the
    date (merged down). Its headings name their columns.
    """
    below = _figures(values, mapping)
    filled = [position for position, value in enumerate(values) if _text(value)]
    if not filled or any(below[p] is None for p in filled):
        return None
    if any(p in filled for p, f in enumerate(figures) if f in ("title", "submitted_on")):
        return None
    return below


def _is_item_header(figures: Sequence[str | None]) -> bool:
    return "title" in figures and "submitted_on" in figures


def _is_tally_header(values: Sequence[Any]) -> bool:
    found = {recognise(clean_heading(v), FIELD_OF) for v in values}
    return "unit" in found and bool(found & {"submitted", "adopted", "score"})


def data_form(
    source: Source | Input,
    *,
    kind: str | None = None,
    name: str | None = None,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    root: str | os.PathLike[str] | None = None,
) -> DataForm:
    """Whether a data file holds tallies or items, from its header alone.

    ``"items"`` when one of its first rows has a title column (标题, 信息标题 …) and a
    date column (报送日期, 报送时间 …), by the headings tongbao knows or those
    ``columns`` names (``{"title": "subject"}``); ``"tallies"`` otherwise. Only the
    first rows are read.

    Raises:
        InputError: the file cannot be read (missing, too large, not CSV or XLSX).
    """
    data = _input(source, kind, name, root)
    mapping = dict(columns or {})
    for values, _place in _first_rows(data, sheet):
        if _is_item_header(_figures(values, mapping)):
            return "items"
    return "tallies"


def _input(
    source: Source | Input,
    kind: str | None,
    name: str | None,
    root: str | os.PathLike[str] | None,
) -> Input:
    return read_input(
        source,
        MAX_ITEM_FILE_BYTES,
        "data file",
        kind=kind,
        name=name,
        kinds=DATA_KINDS,
        root=Path(root) if root is not None else None,
    )


def _first_rows(data: Input, sheet: str | None) -> Iterator[tuple[list[Any], str]]:
    """The first rows of a data file (where its header is), each with its place."""
    if not data.data:
        raise InputError.of("file.empty", data.name)
    if data.kind == "xlsx":
        rows = _xlsx_rows(data.data, data.name, sheet, _Sheet(workbook=True), max_cells=1 << 62)
        with _closing(rows):
            for values, number, _percent in itertools.islice(rows, _HEADER_SEARCH_ROWS):
                yield values, f"row {number}"
        return
    if sheet is not None:
        raise InputError.of("data.sheet_not_workbook", data.name)
    text = _decode_start(data.data, data.name)
    for cells, line in itertools.islice(_csv_records(text, data.name), _HEADER_SEARCH_ROWS):
        yield cells, f"line {line}"


def _decode_start(raw: bytes, name: str) -> str:
    """The text of a file's first 64 KiB (enough for its header), as :func:`_decode`
    would read the whole."""
    start = raw[: 1 << 16]
    if len(start) == len(raw) or start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(raw if len(start) == len(raw) else start, name)
    if b"\x00" in start[:4096]:
        raise InputError.of("data.binary", name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(start, final=False)
        except UnicodeDecodeError:
            continue
    raise InputError.of("data.encoding", name)


def _dialect(text: str) -> Any:
    try:
        return csv.Sniffer().sniff(text[:8192], ",\t;，")
    except csv.Error:
        return csv.excel


def _csv_records(text: str, name: str, dialect: Any = None) -> Iterator[tuple[list[str], int]]:
    """The records of a CSV text, each with the line it starts on, every bound checked
    as they come (a record's length, the rows). Records are read one at a time and
    never kept, so a wide one costs no more than its length (unlike a tally file's,
    whose rows are all held: :data:`~tongbao._sheets.MAX_COLUMNS` bounds those)."""
    lines = _BoundedLines(text, name)
    reader = csv.reader(lines, dialect or _dialect(text))
    line = 1
    count = 0
    try:
        for cells in reader:
            lines.record_done()
            count += 1
            if count > MAX_ITEM_ROWS:
                raise InputError.of("data.too_many_rows", name, limit=f"{MAX_ITEM_ROWS:,}")
            yield cells, line
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError.of(
            "data.bad_csv", name, f"line {reader.line_num}", reason=str(exc)
        ) from None


@contextlib.contextmanager
def _closing(rows: Iterator[Any]) -> Iterator[None]:
    """Close a workbook's row generator (and so the workbook) when done with it."""
    try:
        yield
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


class _Found:
    """The header row: where it is, which column holds which figure."""

    def __init__(self, index: int, where: dict[str, int], header: Header) -> None:
        self.index = index
        self.where = where
        self.header = header
        self.headings = {figure: heading for heading, figure in header.headings if figure}
        self.date_at = where["submitted_on"]


def _find_header(
    rows: Sequence[tuple[Sequence[Any], str]],
    mapping: Mapping[str, str],
    problems: Collector,
) -> _Found | None:
    """The item header among the first rows, or ``None`` with the problem added."""
    for first, (top, place) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        figures = _figures(top, mapping)
        if not _is_item_header(figures):
            continue
        index, values = first, list(top)
        below = _sub_header(rows[first + 1][0], figures, mapping) if first + 1 < len(rows) else None
        if below is not None:  # a two-row header: 采用情况 over 是否采用 | 采用级别
            values = [b if _text(b) else v for v, b in zip_longest(top, rows[first + 1][0])]
            figures = [b or f for f, b in zip_longest(figures, below)]
            index = first + 1
        header = Header(
            problems.file or "",
            place,
            tuple((_text(v), f) for v, f in zip(values, figures, strict=True)),
        )
        where: dict[str, int] = {}
        for position, figure in enumerate(figures):
            if figure is None:
                continue
            if figure in where:
                problems.add(
                    "items.column_twice",
                    cell_place(place, position),
                    figure=figure,
                    heading=repr(_text(values[position])),
                    first=repr(_text(values[where[figure]])),
                )
            where.setdefault(figure, position)
        for figure, heading in mapping.items():
            if figure not in where:
                problems.add(
                    "data.named_column_missing",
                    place,
                    heading=repr(heading),
                    figure=figure,
                    written=header.written(),
                )
        if "unit" not in where:
            problems.add("items.no_unit_column", place, written=header.written())
        if "adopted" not in where and "level" not in where:
            problems.add("items.no_adoption_column", place, written=header.written())
        return _Found(index, where, header) if not problems.items else None
    if any(_is_tally_header(values) for values, _place in rows[:_HEADER_SEARCH_ROWS]):
        problems.add("items.tally_file")
    else:
        problems.add("items.no_header", headings=_HEADINGS_SHOWN)
    return None


# --- the item log ------------------------------------------------------------------


class ItemLog:
    """An item log read from a CSV or XLSX file: an :class:`~tongbao.ItemSource`.

    ``header`` is the header as read (which column holds which figure, and where the
    header row is); ``records`` are the items, in the file's order, each with its place
    (made when first asked for, when the file was read the fast way).
    """

    __slots__ = ("_counts", "_records", "_reread", "header", "instructions", "name")

    def __init__(
        self,
        name: str,
        header: Header,
        counts: ItemCounts,
        *,
        records: tuple[Item, ...] | None = None,
        reread: Callable[[datetime.date | None, datetime.date | None], Iterator[Item]]
        | None = None,
    ) -> None:
        self.name = name
        self.header = header
        self.instructions = counts.instructions
        self._counts = counts
        self._records = records
        self._reread = reread

    def __repr__(self) -> str:
        items = sum(month.submitted for month in self._counts.months.values())
        return f"ItemLog({self.name!r}, {items} items)"

    @property
    def records(self) -> tuple[Item, ...]:
        """Every item, in the file's order."""
        if self._records is None:
            assert self._reread is not None
            self._records = tuple(self._reread(None, None))
        return self._records

    def counts(self) -> ItemCounts:
        """Every item counted per unit and month."""
        return self._counts

    def items(self, first: datetime.date, last: datetime.date) -> list[Item]:
        """The items submitted from ``first`` to ``last`` (both included), in file order."""
        if self._records is None and self._reread is not None:
            return list(self._reread(first, last))
        return [item for item in self.records if first <= item.submitted_on <= last]


def read_items(
    source: Source | Input,
    *,
    kind: str | None = None,
    name: str | None = None,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    levels: Sequence[str] = (),
    zone: str | ZoneInfo = DEFAULT_TIME_ZONE,
    adopted_values: Mapping[str, bool] | None = None,
    limits: Limits | None = None,
    root: str | os.PathLike[str] | None = None,
) -> ItemLog:
    """An item log (one row per submitted item) read from a CSV or XLSX file.

    The header (单位, 标题, 报送日期/报送时间, 是否采用 and/or 采用级别, optional 批示 and
    类别; title rows above it are skipped) says which column is which; ``columns``
    names the headings of figures tongbao does not recognise
    (``{"title": "subject", "submitted_on": "created"}``). Every row is read: blank and
    note rows are skipped, anything else that does not read is a located problem.

    The cells as read:

    * 报送日期/报送时间: ``2018-03-05``, ``2018-03-05 14:22(:10)``,
      ``2018-03-05T14:22:10+08:00`` or ``…Z``, ``2018/3/5``, ``2018.3.5``,
      ``2018年3月5日`` (``14:22`` or ``14时22分`` after it), ``20180305``, in full-width
      digits too; a workbook's dates and times, and its numbers as Excel serial days
      (the workbook's 1900 or 1904 system). A number in a CSV file is refused: nothing
      says which day it counts from. A timestamp with an offset is converted to
      ``zone`` before its date is taken (``2018-03-31T20:00-04:00`` is 1 April in
      Shanghai); one without is local. Years outside 1990..2099 and days that do not
      exist (2018-02-30) are refused.
    * 是否采用: 是/否, Y/N, yes/no, 1/0, 已采用/未采用, 采用/不采用, 已采纳/未采纳,
      true/false (any case or width); empty is not adopted. ``adopted_values`` adds a
      system's own words (``{"已发布": True, "待审核": False}``), compared the same way.
    * 采用级别: a level name, normalised as unit names are (empty: not adopted); with
      ``levels``, one of them. 否 with a level is refused, and so is 是 without one when
      the notice has levels.
    * 批示: any text, or 是, means an instruction; 否, 无, 0 or empty does not.
    * 单位 and 类别: as in a file of tallies (:class:`~tongbao.Unit`); a 合计 row is
      refused (an item log has none). 标题: 1 to 500 characters after its outer spaces,
      no control characters.

    The file may hold up to 2,000,000 rows and 256 MiB (larger logs belong in a
    database). A large CSV log is counted from its distinct values, and the items
    (``.records``, ``.items(first, last)``) are made only when asked for.

    Args:
        source: a path, the file's bytes, a binary file object, or an ``Input``.
        kind: ``"csv"`` or ``"xlsx"``; required for bytes and file objects.
        name: the file's name in messages.
        sheet: a workbook's sheet (default: the first).
        levels: the notice's level names; each adopted item's 采用级别 must be one.
        zone: the office's time zone: a timestamp with an offset is converted to it.
        adopted_values: a system's own 是否采用 words and what each means, True
            (adopted) or False (not): ``{"Adopted": True, "Pending": False}``. They add
            to the built-in words; one that is empty, or means the opposite of a
            built-in word (``{"N": True}``) or of another key alike but for case and
            width, is refused.
        limits: a :class:`~tongbao.Limits` to hold the file to (its size, its units).
        root: refuse a file outside this folder.

    Raises:
        InputError: every problem found (up to 50), with the file and the place; a
            tally file is refused, saying so; an unknown zone or a wrong
            ``adopted_values``, before the file is read.
    """
    office = _zone(zone)
    words = adopted_words(adopted_values)
    with limited(limits), paused_gc():
        data = _input(source, kind, name, root)
        log = _read(data, sheet, dict(columns or {}), tuple(levels), office, words=words)
    if limits is not None and len(log.counts().units) > limits.units:
        units = len(log.counts().units)
        raise InputError(
            Problem.of(
                "limit.units", Location(data.name), count=f"{units:,}", allowed=f"{limits.units:,}"
            )
        )
    return log


def _read(
    data: Input,
    sheet: str | None,
    mapping: dict[str, str],
    levels: tuple[str, ...],
    zone: ZoneInfo,
    *,
    words: dict[str, bool],
) -> ItemLog:
    if not data.data:
        raise InputError.of("file.empty", data.name)
    if data.kind == "xlsx":
        return _read_workbook(data, sheet, mapping, levels, zone, words=words)
    if sheet is not None:
        raise InputError.of("data.sheet_not_workbook", data.name)
    if data.data.startswith(b"PK\x03\x04"):
        raise InputError.of("data.zip_as_csv", data.name)
    fast = _read_fast(data, mapping, levels, zone, words=words)
    if fast is not None:
        return fast
    text = _decode(data.data, data.name)
    return _read_text(text, data.name, mapping, levels, zone, words=words)


def _problems(name: str) -> Collector:
    return Collector(name, limit=MAX_PROBLEMS)


def _read_workbook(
    data: Input,
    sheet: str | None,
    mapping: dict[str, str],
    levels: tuple[str, ...],
    zone: ZoneInfo,
    *,
    words: dict[str, bool],
) -> ItemLog:
    name = data.name
    problems = _problems(name)
    into = _Sheet(workbook=True)
    rows = _xlsx_rows(data.data, name, sheet, into, max_cells=MAX_ITEM_ROWS * MAX_COLUMNS)
    with _closing(rows):
        start: list[tuple[list[Any], str]] = []
        for values, number, _percent in rows:
            start.append((values, f"{into.label}row {number}"))
            if len(start) >= _HEADER_SEARCH_ROWS:
                break
        found = _find_header(start, mapping, problems)
        problems.raise_if_any()
        assert found is not None
        reader = RowReader(
            found.where,
            found.headings,
            levels,
            zone,
            problems,
            date1904=_date1904(data.data),
            adopted_values=words,
        )
        records: list[Item] = []

        def take(values: Sequence[Any], place: str) -> None:
            item = reader.read(values, place, workbook=True)
            if item is not None:
                records.append(item)

        for values, place in start[found.index + 1 :]:
            take(values, place)
        count = len(start)
        for values, number, _percent in rows:
            count += 1
            if count > MAX_ITEM_ROWS:
                raise InputError.of("data.too_many_rows", name, limit=f"{MAX_ITEM_ROWS:,}")
            take(values, f"{into.label}row {number}")
    return _finish(records, found, problems, name)


def _finish(records: list[Item], found: _Found, problems: Collector, name: str) -> ItemLog:
    if not records and not problems.items:
        problems.add("items.no_rows", found.header.place)
    problems.raise_if_any()
    instructions = "instructions" in found.where
    counts = count_items(records, instructions=instructions)
    return ItemLog(name, found.header, counts, records=tuple(records))


def _date1904(raw: bytes) -> Callable[[], bool]:
    """Whether a workbook counts its dates from 1904, looked up when first needed."""
    answer: list[bool] = []

    def ask() -> bool:
        if not answer:
            import zipfile  # noqa: PLC0415

            try:
                with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                    part = archive.read("xl/workbook.xml")[: 1 << 20]
            except (KeyError, zipfile.BadZipFile, OSError):
                part = b""
            answer.append(re.search(rb'date1904="(1|true)"', part) is not None)
        return answer[0]

    return ask


def _encoding(raw: bytes) -> tuple[str, str] | None:
    """The encoding :func:`~tongbao._sheets._decode` would read ``raw`` in, as far as its
    first 64 KiB say, and their text; ``None``: leave it to the careful path."""
    start = raw[: 1 << 16]
    whole = len(start) == len(raw)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in start[:4096]:
        return None
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return encoding, codecs.getincrementaldecoder(encoding)().decode(start, final=whole)
        except UnicodeDecodeError:
            continue
    return None


def _read_fast(
    data: Input,
    mapping: dict[str, str],
    levels: tuple[str, ...],
    zone: ZoneInfo,
    *,
    words: dict[str, bool],
) -> ItemLog | None:
    """A CSV item log counted the fast way, its bytes decoded as they are read, or
    ``None``: any doubt (the header, a row, the encoding past its start) and the file is
    read the careful way, which says where each problem is."""
    found_encoding = _encoding(data.data)
    if found_encoding is None:
        return None
    encoding, text = found_encoding
    dialect = _dialect(text)
    start: list[tuple[list[str], str]] = []
    try:
        for cells, line in _csv_records(text, data.name, dialect):
            start.append((cells, f"line {line}"))
            if len(start) > _HEADER_SEARCH_ROWS:
                break
    except InputError:
        return None
    if len(data.data) > 1 << 16 or len(start) > _HEADER_SEARCH_ROWS:
        start = start[:-1]  # the last record read may run on past the text decoded
    found = _find_header(start, mapping, Collector(None))
    if found is None:
        return None
    after = start[found.index + 1 :]
    fast = _fast(data.data, encoding, dialect, found, levels, zone, after, words=words)
    if fast is None:
        return None
    return ItemLog(data.name, found.header, fast[0], reread=fast[1].items)


def _read_text(
    text: str,
    name: str,
    mapping: dict[str, str],
    levels: tuple[str, ...],
    zone: ZoneInfo,
    *,
    words: dict[str, bool],
) -> ItemLog:
    """A CSV item log's text read row by row (the careful path)."""
    problems = _problems(name)
    dialect = _dialect(text)
    records = _csv_records(text, name, dialect)
    start: list[tuple[list[str], str]] = []
    for cells, line in records:
        start.append((cells, f"line {line}"))
        if len(start) >= _HEADER_SEARCH_ROWS:
            break
    found = _find_header(start, mapping, problems)
    problems.raise_if_any()
    assert found is not None
    reader = RowReader(found.where, found.headings, levels, zone, problems, adopted_values=words)
    items: list[Item] = []
    rows = itertools.chain(start[found.index + 1 :], ((c, f"line {n}") for c, n in records))
    for cells, place in rows:
        item = reader.read(cells, place, workbook=False)
        if item is not None:
            items.append(item)
    return _finish(items, found, problems, name)


def _fast(  # noqa: PLR0917 - the reading's parts, passed on
    raw: bytes,
    encoding: str,
    dialect: Any,
    found: _Found,
    levels: tuple[str, ...],
    zone: ZoneInfo,
    after: list[tuple[list[str], str]],
    *,
    words: dict[str, bool],
) -> tuple[ItemCounts, FastLog] | None:
    """The counts of a CSV log read the fast way (:mod:`tongbao._itemfast`), or ``None``."""
    scratch = Collector(None)
    reader = RowReader(found.where, found.headings, levels, zone, scratch, adopted_values=words)
    first_day, sample = None, ""
    for cells, _place in after:
        if found.date_at < len(cells):
            sample = cells[found.date_at]
            day = when_value(sample, zone)
            first_day = day if isinstance(day, datetime.date) else None
            break
    fast = FastLog(
        raw, encoding, dialect, found.index + 1, reader, sample=sample, first_day=first_day
    )
    counts = fast.counts(MAX_ITEM_ROWS)
    if counts is None or not counts.months:
        return None
    return counts, fast
