"""A large CSV item log counted fast, and exactly, or not at all.

A million rows read one by one in Python cost far more than reading them: here the
rows' raw cells are counted first, in C (``csv.reader``, ``operator.itemgetter``,
``collections.Counter``), and each DISTINCT value is read once by the same
:class:`~tongbao._itemrows.RowReader` the careful path uses. A timestamp is split at
its first space into a day (a few hundred distinct) and a time (read once each, to the
day it moves the item to when it has an offset), so timestamps to the second do not
make a million distinct keys. Titles are checked by their distinct lengths, and the
text once for characters a title may not hold.

Nothing here reports a problem: any doubt (a blank or note row, a cell that does not
read, a record over several lines, a zone whose offset changes near the items' days)
returns ``None``, and the file is read the careful way, which says where each problem
is. The items themselves are made only when asked for (:func:`reread`).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from ._cells import _text
from ._itemcells import day_only, instructed_value, split_time
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

_CHUNK = 1 << 22
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d(?:[ T]|$)")


def _longest_line(text: str) -> int:
    """The longest line's length, read in chunks (no list of every line at once)."""
    longest = run = 0
    for start in range(0, len(text), _CHUNK):
        pieces = text[start : start + _CHUNK].split("\n")
        if len(pieces) == 1:
            run += len(pieces[0])
            continue
        inner = max(map(len, pieces[1:-1]), default=0)
        longest = max(longest, run + len(pieces[0]), inner)
        run = len(pieces[-1])
    return max(longest, run)


def _one_line_records(text: str, dialect: Any, rows: int) -> bool:
    """Whether every record of ``text`` is one line, within the bounds, so that
    ``csv.reader`` may read it in C with nothing checked on the way."""
    if text.count("\r") > text.count("\n"):
        return False  # lines ended by a lone \r: the careful path
    if text.count("\n") + 1 > rows or _longest_line(text) > MAX_RECORD_CHARS:
        return False
    escape = dialect.escapechar
    if escape and escape in text:
        return False
    quote = dialect.quotechar or '"'
    if quote not in text:
        return True
    # Every line with a quote must close each quoted field it opens, and hold quotes
    # only as whole quoted fields; then no record runs over two lines.
    delimiter = re.escape(dialect.delimiter)
    q = re.escape(quote)
    field = rf"(?:[^{q}{delimiter}\r\n]*|{q}(?:[^{q}\r\n]|{q}{q})*{q})"
    closed = re.compile(rf"{field}(?:{delimiter}{field})*\r?")
    position = text.find(quote)
    while position >= 0:
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if closed.fullmatch(text, start, end) is None:
            return False
        position = text.find(quote, end)
    return True


class _Ids(dict[Any, int]):
    """A whole number for each distinct value, in the order met."""

    def __missing__(self, value: Any) -> int:
        number = self[value] = len(self)
        return number

    def values_by_id(self) -> list[Any]:
        return list(self)


_LARGE = 100_000
"""Lines (in the first 16 M characters) that make a log large (see :class:`_Times`)."""
_AWARE = 10
"""Added to the days an aware time moves its date (its key then says it was aware)."""


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

    def __init__(self, offset: int, *, sliced: bool, large: bool) -> None:
        super().__init__(_usual_times(offset) if sliced and large else {})
        self.offset = offset
        self.sliced = sliced

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


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (every record is one line), read in C a few megabytes at a
    time: a StringIO of the whole text would copy it at four bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _CHUNK)
        end = len(text) if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _refused_character(text: str, *, tab: bool) -> bool:
    """Whether ``text`` holds a character a title may not (a tab too, unless it is the
    delimiter). Most text is printable throughout, which C says at once; only a chunk
    that is not is searched with the exact pattern."""
    tab_char = "" if tab else "\t"
    bmp = re.compile(f"[{tab_char}\x00-\x08\x0b\x0c\x0e-\x1f{_REFUSED_BMP}]")
    for start in range(0, len(text), _CHUNK):
        chunk = text[start : start + _CHUNK]
        plain = chunk.replace("\n", "").replace("\r", "")
        if plain.isprintable():
            continue
        plain = plain.replace("\u3000", "").replace("\xa0", "")  # spaces offices type
        if tab:
            plain = plain.replace("\t", "")
        if plain.isprintable():
            continue
        if bmp.search(chunk) is not None:
            return True
        if max(chunk) > "\uffff" and re.search(f"[{_REFUSED}]", chunk) is not None:
            return True
    return False


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
    """A CSV item log's text, counted fast when it can be (see the module docstring).

    ``skip``: the records above the first item row (title rows, the header);
    ``reader``: reads each distinct value, with a collector of its own (nothing is
    reported from here); ``sample``: the first item's date cell, which says how the
    cells are split (after ten characters when it begins ``2018-03-05``, else at the
    first space); ``first_day``: a day near the items' (for the zone's offset).
    """

    def __init__(
        self,
        text: str,
        dialect: Any,
        skip: int,
        reader: RowReader,
        *,
        sample: str,
        first_day: datetime.date | None,
    ) -> None:
        self.text = text
        self.dialect = dialect
        self.skip = skip
        self.reader = reader
        self.offset = _zone_offset(reader.zone, first_day)
        self.sliced = _ISO_DAY.match(sample) is not None
        large = text.count("\n", 0, 1 << 24) > _LARGE
        self.times = _Times(self.offset, sliced=self.sliced, large=large)
        self.days: dict[str, tuple[datetime.date, bool] | None] = {}
        self.units: dict[tuple[str, str], Unit | None] = {}
        self.met: set[datetime.date] = set()

    def _rows(self) -> Iterator[list[str]]:
        rows = csv.reader(_lines(self.text), self.dialect)
        for _ in itertools.islice(rows, self.skip):
            pass
        return rows

    def counts(self, max_rows: int) -> ItemCounts | None:
        """The counts of every item row, or ``None``: read the file the careful way."""
        text, dialect, reader = self.text, self.dialect, self.reader
        if not _one_line_records(text, dialect, max_rows):
            return None
        if dialect.delimiter == "\t" and (dialect.quotechar or '"') in text:
            return None  # a quoted title may hold a tab, which the careful path refuses
        if _refused_character(text, tab=dialect.delimiter == "\t"):
            return None  # a title may hold it: the careful path says which
        positions = [
            reader.unit_at,
            reader.group_at,
            reader.adopted_at,
            reader.level_at,
            reader.instructions_at,
        ]
        present = [p for p in positions if p is not None]
        lengths: set[int] = set()
        cell_ids, day_ids = _Ids(), _Ids()
        cells, days, times, titles = itertools.tee(filter(None, self._rows()), 4)
        date_at = itemgetter(reader.date_at)
        if self.sliced:
            day_texts = map(itemgetter(slice(0, 10)), map(date_at, days))
            rests = map(itemgetter(slice(10, None)), map(date_at, times))
        else:
            day_texts = map(itemgetter(0), map(str.partition, map(date_at, days), _SPACES))
            rests = map(itemgetter(2), map(str.partition, map(date_at, times), _SPACES))
        # Small whole numbers stand for the distinct cells and days: the key of each
        # row is then hashed and compared at the cost of a few integers.
        keys = zip(
            map(cell_ids.__getitem__, map(itemgetter(*present), cells)),
            map(day_ids.__getitem__, day_texts),
            map(self.times.__getitem__, rests),
            map(lengths.add, map(len, map(str.strip, map(itemgetter(reader.title_at), titles)))),
            strict=True,
        )
        try:
            raw = Counter(keys)
        except (IndexError, csv.Error):
            return None  # a short row, a bad record: the careful path says where
        if not lengths or min(lengths) == 0 or max(lengths) > MAX_TITLE_CHARS:
            return None
        slot = {p: i for i, p in enumerate(present)}
        where = [None if p is None else slot[p] for p in positions]
        return self._tally(raw, cell_ids.values_by_id(), day_ids.values_by_id(), where)

    def _tally(
        self,
        raw: Counter[Any],
        all_cells: list[Any],
        all_days: list[Any],
        where: list[int | None],
    ) -> ItemCounts | None:
        """Each distinct raw key read once, into counts per unit and month."""
        unit_i, group_i, adopted_i, level_i, instr_i = where
        assert unit_i is not None
        reader = self.reader
        adoptions: dict[tuple[Any, Any], tuple[bool, str | None] | None] = {}
        instructed: dict[str, bool] = {}
        counts: Counter[_Key] = Counter()
        for (cell_id, day_id, time, _none), number in raw.items():
            cells, day_text = all_cells[cell_id], all_days[day_id]
            group = cells[group_i] if group_i is not None else ""
            unit = self.unit(cells[unit_i], group)
            day = self.day(day_text, time)
            if unit is None or day is None:
                return None
            flag = cells[adopted_i] if adopted_i is not None else None
            level_cell = cells[level_i] if level_i is not None else None
            adoption = adoptions.get((flag, level_cell), _UNREAD)
            if adoption is _UNREAD:
                adoption = reader.adoption(flag, level_cell, "line 1")
                adoptions[flag, level_cell] = adoption
            if adoption is None or reader.problems.items:
                return None
            instruction = False
            if instr_i is not None:
                note = cells[instr_i]
                if note not in instructed:
                    instructed[note] = instructed_value(note)
                instruction = instructed[note]
            adopted, level = adoption
            counts[unit.name, unit.group, day.year, day.month, adopted, level, instruction] += (
                number
            )
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
            if not plain:
                return None  # ten characters that are no date alone
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
            item = reader.read(cells, f"line {line}", workbook=False)
            if item is not None:
                yield item


_UNREAD: Any = object()
_SPACES = itertools.repeat(" ")
