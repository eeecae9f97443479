"""A large CSV item log counted fast, and exactly, or not at all.

A million rows read one by one in Python cost far more than reading them: here the
file's bytes are decoded as they are read (``io.TextIOWrapper``, never one text of the
whole file), ``csv.reader`` reads them in batches of a few thousand rows, each batch is
transposed in C (``zip(*rows)``) and its columns are checked or counted whole
(``map``, ``collections.Counter``); each DISTINCT value is then read once by the same
:class:`~tongbao._itemrows.RowReader` the careful path uses. A ten-character date is
counted by its month and what its time does (read once per distinct time: the day it
moves the item to when it has an offset); the distinct days are read apart, and only
the rows whose time moves their day are counted by day, so timestamps to the second
make neither a million distinct keys nor a hundred thousand. Titles are checked by
their lengths, and each batch's titles at once for characters a title may not hold.

Nothing here reports a problem: any doubt (a blank or note row, a cell that does not
read, a record over several lines, a byte that does not decode, a zone whose offset
changes near the items' days) returns ``None``, and the file is read the careful way,
which says where each problem is. The items themselves are made only when asked for
(:meth:`FastLog.items`).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from ._cells import _text
from ._itemcells import day_only, instructed_value, split_time
from ._itemplain import plain_counts
from ._itemrows import _NOTE_PREFIXES, _TOTALS, MAX_TITLE_CHARS, RowReader
from ._items import CountRow, Item, ItemCounts
from ._model import _REFUSED, Unit
from ._sheets import MAX_RECORD_CHARS

__all__ = ["FastLog"]

_REFUSED_BMP = (
    "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
)
"""The characters of :data:`~tongbao._model._REFUSED` in the first plane (a pattern of
them alone is a quick table look-up per character)."""

_BATCH = 1 << 12
"""Rows read, transposed and counted at a time."""
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d(?:[ T]|$)")
_PLAIN_TITLES = re.compile(f"[\x00-\x1f{_REFUSED_BMP}]")
_REFUSED_TITLE = re.compile(f"[\x00-\x1f{_REFUSED}]")


def _refused_title(titles: tuple[str, ...]) -> bool:
    """Whether a title of ``titles`` holds a character a title may not (a tab or a line
    break too: the careful path says which). Most titles are printable throughout,
    which C says at once for all of them; only when they are not is the text searched."""
    text = "".join(titles)
    if text.isprintable():
        return False
    if _PLAIN_TITLES.search(text) is not None:
        return True
    return max(text) > "\uffff" and _REFUSED_TITLE.search(text) is not None


def _columns(
    batch: list[list[str]], needed: int, counted: set[int], longest: dict[int, int]
) -> list[tuple[str, ...]] | None:
    """A batch of rows transposed, blank ones left out (``[]``: only blank ones);
    ``None``: a row too short, or a line that may be too long (the careful path says
    where). ``longest`` gathers the longest cell of each column not ``counted``."""
    widths = set(map(len, batch))
    if 0 in widths:  # blank lines
        widths.discard(0)
        batch = list(filter(None, batch))
        if not batch:
            return []
    if min(widths) < needed:
        return None
    columns = list(zip(*batch, strict=False))
    if len(widths) > 1:  # rows of several widths: each row's length bounds its line
        most = max(map(len, map("".join, batch))) * 2 + 3 * max(widths)
        return None if most > MAX_RECORD_CHARS else columns
    for at, column in enumerate(columns):
        if at not in counted:
            longest[at] = max(longest.get(at, 0), *map(len, column))
    return columns


class _Days:
    """A log's rows after a ten-character date counted by month into ``raw``, its
    distinct ``days`` gathered, those with an aware time (``aware``) too, and the rows
    whose time moves their day counted again by day (``moved``)."""

    def __init__(self, raw: Counter[Any]) -> None:
        self.raw = raw
        self.moved: Counter[Any] = Counter()
        self.days: set[str] = set()
        self.aware: set[str] = set()

    def add(self, cells: list[tuple[str, ...]], dates: tuple[str, ...], classes: list[Any]) -> None:
        days = list(map(_DAY, dates))
        self.days.update(days)
        self.raw.update(zip(*cells, map(_MONTH, dates), classes, strict=True))
        if _MOVING.isdisjoint(classes):
            return
        self.aware.update(itertools.compress(days, map(_MOVING.__contains__, classes)))
        shifted = list(map(_SHIFTED.__contains__, classes))
        if any(shifted):
            keys = zip(*cells, days, classes, strict=True)
            self.moved.update(itertools.compress(keys, shifted))


_DAY = itemgetter(slice(0, 10))
_MONTH = itemgetter(slice(0, 7))
_LARGE = 100_000
"""Lines (in the first 16 M characters) that make a log large (see :class:`_Times`)."""
_AWARE = 10
"""Added to the days an aware time moves its date (its key then says it was aware)."""
_MOVING = frozenset(range(_AWARE - 3, _AWARE + 4))
"""The classes of aware times after a ten-character date (:class:`_Times`)."""
_SHIFTED = _MOVING - {_AWARE}
"""Those that move the date to another day."""


class _Shifts(dict[tuple[bytes, bytes], int | None]):
    """The days a time with an offset moves its date, by its hour and minute and its
    offset (``b"14:22"``, ``b"+08:00"``), read once each: offsets are whole minutes, and
    so is the zone's (:meth:`FastLog._plain`), so seconds cannot move a date."""

    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset

    def __missing__(self, key: tuple[bytes, bytes]) -> int | None:
        hour_minute, offset = key
        time = f" {hour_minute.decode('ascii')}:00{offset.decode('ascii')}"
        found = _time_class(time, self.offset, sliced=True)
        shift = self[key] = found - _AWARE if found in _MOVING else None
        return shift


class _Times(dict[str, Any]):
    """What follows a cell's date, read once per distinct text.

    Split after ten characters (``sliced``: ``2018-03-05`` then `` 14:22:10`` or
    ``T14:22:10+08:00``), each text is the whole days the time moves the date, plus
    :data:`_AWARE` when the time has an offset; split at the first space, it is
    (those days, whether there was a time). ``None``: no time. A time with an offset
    moves the date by the days from the written day to its UTC instant plus the zone's
    ``offset``, which is then checked against the zone around each day it moved
    (:func:`_steady`). Sliced, in a ``large`` log, the usual times to the second
    (naive, ``Z`` and the zone's own offset) are known before any row is read
    (:func:`_usual_times`: a fraction of a second, once, that a small file would not
    repay).
    """

    def __init__(self, offset: int, *, sliced: bool) -> None:
        super().__init__()
        self.offset = offset
        self.sliced = sliced
        self.known = False

    def know_usual(self, raw: bytes) -> None:
        """Know the usual times at once, if ``raw`` is large enough to repay it."""
        if self.sliced and not self.known and raw.count(b"\n", 0, 1 << 24) > _LARGE:
            self.update(_usual_times(self.offset))
        self.known = True

    def __missing__(self, rest: str) -> Any:
        found = _time_class(rest, self.offset, sliced=self.sliced)
        self[rest] = found
        return found


def _time_class(rest: str, offset: int, *, sliced: bool) -> Any:
    """What :class:`_Times` holds for ``rest``."""
    shift: int | None = 0
    timed = bool(rest.strip())
    if timed:
        moment = split_time(rest, separated=not sliced)
        if moment is None:
            shift = None
        elif moment[1] is not None:
            shift = _AWARE + (moment[0] - moment[1] + offset) // 86400
    return shift if sliced or shift is None else (shift, timed)


@functools.lru_cache(maxsize=1)
def _usual_times(offset: int) -> dict[str, int]:
    """The class of every usual time to the second after a ten-character date: naive
    (`` 14:22:10``, ``T14:22:10``), in UTC (``T14:22:10Z``) and at the zone's own
    offset (``T14:22:10+08:00``); a million timestamps hold most of them."""
    sign = "-" if offset < 0 else "+"
    own = f"{sign}{abs(offset) // 3600:02d}:{abs(offset) % 3600 // 60:02d}"
    known: dict[str, int] = {}
    for seconds in range(86400):
        clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        known[" " + clock] = known["T" + clock] = 0
        known[f"T{clock}Z"] = _AWARE + (seconds + offset) // 86400
        known[f"T{clock}{own}"] = _AWARE
    return known


def _steady(zone: ZoneInfo, offset: int, days: set[datetime.date]) -> bool:
    """Whether ``zone`` is ``offset`` seconds from UTC all around each of ``days``."""
    checked: set[datetime.date] = set()
    for day in days:
        for shift in range(-2, 4):
            near = day + datetime.timedelta(days=shift)
            if near in checked:
                continue
            checked.add(near)
            found = datetime.datetime.combine(near, datetime.time(), zone).utcoffset()
            if found is None or found.total_seconds() != offset:
                return False
    return True


def _zone_offset(zone: ZoneInfo, day: datetime.date | None) -> int:
    moment = datetime.datetime.combine(day or datetime.date(2000, 1, 1), datetime.time(), zone)
    found = moment.utcoffset()
    return int(found.total_seconds()) if found is not None else 0


_Key = tuple[str, str | None, int, int, bool, str | None, bool]


class FastLog:
    """A CSV item log's bytes, counted fast when they can be (see the module docstring).

    ``raw`` and ``encoding``: the file, decoded a little at a time (never held as one
    text); ``skip``: the records above the first item row (title rows, the header);
    ``reader``: reads each distinct value, with a collector of its own (nothing is
    reported from here); ``sample``: the first item's date cell, which says how the
    cells are split (after ten characters when it begins ``2018-03-05``, else at the
    first space); ``first_day``: a day near the items' (for the zone's offset).
    """

    def __init__(
        self,
        raw: bytes,
        encoding: str,
        dialect: Any,
        skip: int,
        reader: RowReader,
        *,
        sample: str,
        first_day: datetime.date | None,
    ) -> None:
        self.raw = raw
        self.encoding = encoding
        self.dialect = dialect
        self.skip = skip
        self.reader = reader
        self.offset = _zone_offset(reader.zone, first_day)
        self.sliced = _ISO_DAY.match(sample) is not None
        self.times = _Times(self.offset, sliced=self.sliced)
        self.days: dict[str, tuple[datetime.date, bool] | None] = {}
        self.units: dict[tuple[str, str], Unit | None] = {}
        self.met: set[datetime.date] = set()

    def _rows(self) -> Any:
        """A csv reader over the file's records below the header, decoded as they are
        read (in C, as a file opened with ``newline=""`` is)."""
        text = io.TextIOWrapper(io.BytesIO(self.raw), encoding=self.encoding, newline="")
        rows = csv.reader(text, self.dialect)
        for _ in itertools.islice(rows, self.skip):
            pass
        return rows

    def counts(self, max_rows: int) -> ItemCounts | None:
        """The counts of every item row, or ``None``: read the file the careful way."""
        try:
            return self._counts(max_rows)
        except (csv.Error, UnicodeDecodeError):
            return None  # a bad record, a byte that does not decode: the careful path

    def _counts(self, max_rows: int) -> ItemCounts | None:
        """The counts of a plain log read from its bytes (:meth:`_plain`), or of any
        other read in batches (:meth:`_batched`); ``None``: read it the careful way."""
        reader, dialect = self.reader, self.dialect
        if dialect.escapechar:
            return None
        positions = [
            reader.unit_at,
            reader.group_at,
            reader.adopted_at,
            reader.level_at,
            reader.instructions_at,
        ]
        present = [p for p in positions if p is not None]
        slot = {p: i for i, p in enumerate(present)}
        where = [None if p is None else slot[p] for p in positions]
        plain = self._plain(present, max_rows)
        if plain is not None:
            months = self._by_month(*plain, len(present))
            return self._tally(months, len(present), where) if months else None
        return self._batched(present, where, max_rows)

    def _batched(
        self, present: list[int], where: list[int | None], max_rows: int
    ) -> ItemCounts | None:
        """Batches of rows read in C, transposed (``zip(*rows)``), each column checked or
        counted whole; every record must be one line (``line_num``), within the bounds.

        Each row is counted by its counted cells, its month (a ten-character date's
        first seven) and what its time does (:class:`_Times`); the distinct days are
        gathered apart, and the rows whose time moves their day are counted again by
        day, to be moved (:meth:`_tally`). A key per day would make a hundred thousand
        distinct keys, each looked up far from the last.
        """
        reader = self.reader
        title_at, date_at = reader.title_at, reader.date_at
        needed = max(*present, title_at, date_at) + 1
        counted = {*present, title_at, date_at}
        sliced = self.sliced
        day_of: Callable[[str], str] = itemgetter(slice(0, 10))
        rest_of: Callable[[str], str] = itemgetter(slice(10, None))
        if not sliced:
            day_of, rest_of = _before_space, _after_space
        self.times.know_usual(self.raw)
        times = self.times.__getitem__
        raw: Counter[Any] = Counter()
        by_day = _Days(raw)
        longest: dict[int, int] = {}  # the longest cell of each column not counted
        titles: set[int] = set()
        rows = self._rows()
        records = self.skip
        while batch := list(itertools.islice(rows, _BATCH)):
            records += len(batch)
            if records > max_rows or rows.line_num != records:
                return None  # too many rows, or a record over several lines
            columns = _columns(batch, needed, counted, longest)
            if columns is None:
                return None
            if not columns:
                continue  # blank lines only
            title_column = columns[title_at]
            titles.update(map(len, title_column))
            if any(map(str.isspace, title_column)) or _refused_title(title_column):
                return None
            cells = [columns[p] for p in present]
            dates = columns[date_at]
            classes = list(map(times, map(rest_of, dates)))
            if not sliced:
                raw.update(zip(*cells, map(day_of, dates), classes, strict=True))
                continue
            by_day.add(cells, dates, classes)
        if not titles or min(titles) == 0 or max(titles) > MAX_TITLE_CHARS:
            return None
        # The longest line a record of one line may be: each cell quoted, its quotes
        # doubled, with its delimiter.
        distinct = zip(*raw, strict=True)
        widest = [max(map(len, values)) for values in itertools.islice(distinct, len(present) + 1)]
        lengths = [*longest.values(), *widest, max(titles), max(map(len, by_day.days), default=10)]
        most = 2 * (sum(lengths) + max(map(len, self.times), default=0)) + 3 * len(lengths)
        if most > MAX_RECORD_CHARS:
            return None
        if sliced:
            raw = self._by_month(raw, by_day, len(present))
            if not raw:
                return None
        return self._tally(raw, len(present), where)

    def _plain(self, present: list[int], max_rows: int) -> tuple[Counter[Any], _Days] | None:
        """The counts of a plain log (:mod:`tongbao._itemplain`: ISO dates, lines of one
        width, bytes split in C, a line with quotes read alone), by month as written
        and each value read back to text, as the batches give them; ``None``: read it
        in batches."""
        if not self.sliced or self.offset % 60:
            return None
        reader = self.reader
        found = plain_counts(
            self.raw,
            self.skip,
            self.encoding,
            present,
            reader.title_at,
            reader.date_at,
            _Shifts(self.offset),
            dialect=self.dialect,
            longest_title=MAX_TITLE_CHARS,
            max_records=max_rows - self.skip,
        )
        if found is None:
            return None
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        texts: dict[bytes, str] = {}

        def text(value: bytes) -> str:
            read = texts.get(value)
            if read is None:
                read = texts[value] = value.decode(encoding)
            return read

        months: Counter[Any] = Counter()
        for key, number in found.months.items():
            months[*map(text, key[:-1]), key[-1].decode("ascii"), 0] += number
        by_day = _Days(months)
        # Each month's first day, read, says the month is one; a day to the 28th is then
        # one too, and each later day was gathered to be read.
        firsts = {f"{key[-2]}-01" for key in months}
        by_day.days = firsts.union(day.decode("ascii") for day in found.days)
        by_day.aware = {day.decode("ascii") for day in found.aware}
        for moved, number in found.moved.items():
            *cells, day, shift = moved
            by_day.moved[*map(text, cells), day.decode("ascii"), _AWARE + shift] += number
        return months, by_day

    def _by_month(self, raw: Counter[Any], by_day: _Days, width: int) -> Counter[Any]:
        """The counts by (counted cells, year and month), every day read and each row
        whose time moves its day moved; empty: read the file the careful way."""
        months: dict[str, tuple[int, int]] = {}
        for text in by_day.days:
            day = self.day(text, 0)
            if day is None or months.setdefault(text[:7], (day.year, day.month)) != (
                day.year,
                day.month,
            ):
                return Counter()
        for text in by_day.aware:
            self.day(text, _AWARE)  # the zone's offset is checked around it
        by_month: Counter[Any] = Counter()
        for key, number in raw.items():
            time = key[width + 1]
            if time != 0 and time not in _MOVING:
                return Counter()  # no time, or one the careful path refuses
            by_month[*key[:width], months[key[width]]] += number
        for key, number in by_day.moved.items():
            day = self.day(key[width], key[width + 1])
            if day is None:
                return Counter()  # pragma: no cover - every day was read above
            by_month[*key[:width], months[key[width][:7]]] -= number
            by_month[*key[:width], (day.year, day.month)] += number
        return +by_month

    def _tally(self, raw: Counter[Any], width: int, where: list[int | None]) -> ItemCounts | None:
        """Each distinct key (the counted cells, then the year and month, or the day and
        the time's class) read once, into counts per unit and month."""
        unit_i, group_i, adopted_i, level_i, instr_i = where
        assert unit_i is not None
        reader = self.reader
        adoptions: dict[tuple[Any, Any], tuple[bool, str | None] | None] = {}
        instructed: dict[str, bool] = {}
        months: dict[tuple[str, Any], tuple[int, int] | None] = {}
        counts: Counter[_Key] = Counter()
        sliced = self.sliced
        for key, number in raw.items():
            group = key[group_i] if group_i is not None else ""
            unit = self.unit(key[unit_i], group)
            if sliced:
                month = key[width]
            else:
                when = key[width], key[width + 1]
                month = months.get(when, _UNREAD)
                if month is _UNREAD:
                    day = self.day(*when)
                    month = months[when] = None if day is None else (day.year, day.month)
            if unit is None or month is None:
                return None
            flag = key[adopted_i] if adopted_i is not None else None
            level_cell = key[level_i] if level_i is not None else None
            adoption = adoptions.get((flag, level_cell), _UNREAD)
            if adoption is _UNREAD:
                adoption = reader.adoption(flag, level_cell, "line 1")
                adoptions[flag, level_cell] = adoption
                if reader.problems.items:
                    return None
            if adoption is None:
                return None
            instruction = False
            if instr_i is not None:
                note = key[instr_i]
                if note not in instructed:
                    instructed[note] = instructed_value(note)
                instruction = instructed[note]
            adopted, level = adoption
            counts[unit.name, unit.group, *month, adopted, level, instruction] += number
        if reader.problems.items:
            return None
        if self.met and not _steady(reader.zone, self.offset, self.met):
            return None
        return ItemCounts.of(
            (CountRow(*key, number) for key, number in counts.items()),
            instructions=instr_i is not None,
        )

    def unit(self, raw: str, group: str) -> Unit | None:
        """The unit of a 单位 cell, ``None`` if it is not one (a note, a total, empty)."""
        key = (raw, group)
        if key not in self.units:
            text = _text(raw)
            unit = None
            if (
                text
                and not text.startswith(_NOTE_PREFIXES)
                and text.replace(" ", "") not in _TOTALS
            ):
                unit = self.reader.unit(text, raw, group, "line 1")
            self.units[key] = unit
        return self.units[key]

    def day(self, text: str, time: Any) -> datetime.date | None:
        """The local date of a date cell split into ``text`` and what :class:`_Times`
        read of the rest, or ``None``."""
        if time is None:
            return None
        found = self.days.get(text, _UNREAD)
        if found is _UNREAD:
            problems = self.reader.problems
            before = len(problems)
            read = self.reader.when(text, "line 1", workbook=False)
            found = None if read is None or len(problems) > before else (read, day_only(text))
            self.days[text] = found
        if found is None:
            return None
        day: datetime.date = found[0]
        plain: bool = found[1]
        if self.sliced:
            shift = time
            if not plain or text[-1:].isspace():
                return None  # ten characters that are no date alone, or end in a space
                # (2018-03-5 T10:00 is no date, though 2018-03-5 and T10:00 read alone)
        else:
            shift, timed = time
            if timed and not plain:
                return None  # a time after a timestamp: the careful path refuses it
        if shift >= _AWARE // 2:
            shift -= _AWARE
            self.met.add(day)  # the zone's offset is checked around it
        return day + datetime.timedelta(days=shift) if shift else day

    def items(self, first: datetime.date | None, last: datetime.date | None) -> Iterator[Item]:
        """The items counted, each with its line, those from ``first`` to ``last`` only
        (``None``: no bound); each value was read once already."""
        reader = self.reader
        at = reader.date_at
        self.times.know_usual(self.raw)
        for line, cells in enumerate(self._rows(), start=self.skip + 1):
            if not cells:
                continue
            value = cells[at]
            if self.sliced:
                when = self.day(value[:10], self.times[value[10:]])
            else:
                day_text, _, rest = value.partition(" ")
                when = self.day(day_text, self.times[rest])
            if when is None:
                continue  # pragma: no cover - every row was read when counted
            if (first is not None and when < first) or (last is not None and when > last):
                continue
            item = reader.read(cells, f"line {line}", workbook=False, day=when)
            if item is not None:
                yield item


_UNREAD: Any = object()


def _before_space(value: str) -> str:
    return value.partition(" ")[0]


def _after_space(value: str) -> str:
    return value.partition(" ")[2]
