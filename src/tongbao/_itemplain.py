"""A plain CSV item log counted from its bytes, a chunk of lines at a time.

Most logs a submission system exports are plain: no quotes, so each line is one record
and each delimiter ends a cell. Such a log needs no CSV parser: a chunk of whole lines
(about :data:`CHUNK` bytes; none longer than :data:`LONGEST_LINE`, so none passes the
longest record) has a delimiter put in place of each line break's carriage return, or
before a bare line feed, and is split once at the delimiters (``bytes.split``
in C), which gives every cell of every line in order; the chunk is taken only when each
line has exactly the width of the first, which a count of the line breaks among the
first column's cells proves (each line break begins one cell, so all of them begin a
row's first cell exactly when there are as many as rows). The columns are then slices of
that list, and each is checked or counted whole:

- titles: decoded together (which checks their bytes) and printable throughout (no
  control, format, private-use or separator character but the ASCII space), none empty
  or spaces only, none longer than the longest title;
- dates: grouped by length (each plain shape has its own: an ISO day, with a time to
  the minute or second, with ``Z`` or an offset), each group joined into a table of
  one row a date; its digits made zeros (``bytes.translate``), it must equal its shape
  repeated, and each column of digits (the hours' tens, say) is one slice of it, so
  the ranges (hours to 23, minutes and seconds to 59, days to 31) are checked in C;
  the days from the 29th are gathered to be read, and each month by its first day;
- counted cells (unit, group, adoption, level, instruction) and each date's month: one
  ``collections.Counter`` of them; each distinct value is decoded and read later, once;
- any other column: its bytes decoded together, only to check them.

Only the rows with an offset (``Z``, ``-04:00``) are read one by one, for the day
their time moves them to (read once per distinct hour, minute and offset); the zone's
own offset moves none, and is not.

The bytes are split only at ASCII delimiters and line breaks, which in UTF-8 and GB18030
never occur inside a character. Nothing here reports a problem: any doubt (a quote, a
blank line, a bare carriage return, a line of another width, a date of another shape, a
character a title may not hold, a byte that does not decode) returns ``None``, and the
caller reads the file another way.
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

from ._sheets import MAX_RECORD_CHARS

__all__ = ["CHUNK", "DELIMITERS", "ENCODINGS", "LONGEST_LINE", "PlainCounts", "plain_counts"]

CHUNK = 1 << 18
"""The bytes read at a time (whole lines, a line longer than this alone)."""
LONGEST_LINE = MAX_RECORD_CHARS
"""The longest line read here, in bytes: no longer than a record may be in characters,
so no bound can be passed unseen."""

DELIMITERS = frozenset(",;\t")
"""Delimiters a plain log is split at in its bytes (none is ever part of a character
in UTF-8 or GB18030, nor is a line break or an ASCII quote)."""
ENCODINGS = frozenset({"utf-8-sig", "gb18030"})
"""The encodings a plain log's bytes are split in."""
_QUOTED_SHARE = 8
"""Set aside at most one line in this many for its quotes (each is read alone)."""

_DIGITS_ZERO = bytes.maketrans(b"123456789T+", b"000000000 -")
"""Every digit a zero, the ``T`` between date and time a space, a ``+`` a ``-``."""
_SHAPES = {
    10: b"0000-00-00",
    16: b"0000-00-00 00:00",
    17: b"0000-00-00 00:00Z",
    19: b"0000-00-00 00:00:00",
    20: b"0000-00-00 00:00:00Z",
    22: b"0000-00-00 00:00-00:00",
    25: b"0000-00-00 00:00:00-00:00",
}
"""Each date's shape, by its length, after :data:`_DIGITS_ZERO`."""
_SIGN_AT = {22: 16, 25: 19}
"""Where an offset's sign is in the shapes with one (``+`` becomes ``-`` only there)."""
_AWARE = frozenset({17, 20, 22, 25})
"""The lengths of the shapes with an offset."""
_MINUTE_ONLY = frozenset({16, 17, 22})
"""Those without seconds (an offset then begins after sixteen bytes, not nineteen)."""

_CR = 13
_LINE_ENDS = frozenset(b"\r\n")
_DAY = itemgetter(slice(0, 10))
_MONTH = itemgetter(slice(0, 7))
_HOUR_MINUTE = itemgetter(slice(11, 16))
_OFFSET = itemgetter(slice(19, None))
_OFFSET_AFTER_MINUTES = itemgetter(slice(16, None))
_AFTER_BREAK = itemgetter(slice(1, None))


def _ones(digits: bytes) -> bytes:
    """A translation table: 1 for each of ``digits``, 0 for any other byte."""
    return bytes(int(byte in digits) for byte in range(256))


_IS_0, _IS_2, _IS_3 = _ones(b"0"), _ones(b"2"), _ones(b"3")
_IS_4_TO_9, _IS_9 = _ones(b"456789"), _ones(b"9")
_KIND_ONES = {kind: _ones(bytes([kind])) for kind in _SHAPES}
"""For each shape's length, a row's 1 when its date is that long (a table of lengths)."""


def _any_both(first: bytes, first_ones: bytes, second: bytes, second_ones: bytes) -> bool:
    """Whether at some place ``first``'s byte is one of ``first_ones`` and ``second``'s
    one of ``second_ones`` (two byte strings of one length: one byte a row)."""
    return bool(
        int.from_bytes(first.translate(first_ones)) & int.from_bytes(second.translate(second_ones))
    )


class PlainCounts:
    """What :func:`plain_counts` found, all in the file's bytes.

    ``months``: rows by (counted cells…, the month as written); ``days``: the days that
    must be read to know every row's date is one (each month's first, and each day
    after the 28th written); ``aware``: the days written with an offset; ``moved``: the
    rows whose offset moves them to another day, by (counted cells…, day as written,
    days moved); ``records``: the lines read; ``quoted``: the lines set aside for
    holding the quote character, read by a CSV reader at the end.
    """

    def __init__(self) -> None:
        self.months: Counter[tuple[bytes, ...]] = Counter()
        self.days: set[bytes] = set()
        self.aware: set[bytes] = set()
        self.moved: Counter[tuple[Any, ...]] = Counter()
        self.records = 0
        self.quoted: list[bytes] = []


class _Layout:
    """A log's columns and limits, the same for each chunk."""

    def __init__(
        self,
        *,
        width: int,
        delimiter: bytes,
        encoding: str,
        counted: list[int],
        title_at: int,
        date_at: int,
        shifts: Mapping[tuple[bytes, bytes], int | None],
        longest_title: int,
        dialect: Any,
    ) -> None:
        self.width = width
        self.delimiter = delimiter
        self.encoding = encoding
        self.counted = counted
        self.title_at = title_at
        self.date_at = date_at
        self.shifts = shifts
        self.longest_title = longest_title
        self.dialect = dialect
        used = {*counted, title_at, date_at}
        self.needed = max(used)
        self.unused = [at for at in range(width) if at not in used]


def plain_counts(  # noqa: PLR0917 - a file's layout, passed on
    raw: bytes,
    skip: int,
    encoding: str,
    counted: list[int],
    title_at: int,
    date_at: int,
    shifts: Mapping[tuple[bytes, bytes], int | None],
    *,
    dialect: Any,
    longest_title: int,
    max_records: int,
) -> PlainCounts | None:
    """The counts of the lines of ``raw`` below its first ``skip`` (the header and any
    title rows), or ``None``: read the file another way.

    ``encoding``: the file's, one of :data:`ENCODINGS`; ``dialect``: its CSV dialect
    (a delimiter of :data:`DELIMITERS`, its quote character); ``counted``: the columns
    counted, in order; ``shifts[hour_minute, offset]``: the days a time with an offset
    moves its date by (``None``: it is no time); ``longest_title`` in characters;
    ``max_records``: the most lines below the first ``skip``.
    """
    quote = (dialect.quotechar or "").encode()
    if (
        encoding not in ENCODINGS
        or dialect.delimiter not in DELIMITERS
        or dialect.skipinitialspace
        or len(quote) > 1
        or b"\x00" in raw
    ):
        return None
    delimiter = dialect.delimiter.encode()
    start = 0
    for _ in range(skip):
        start = raw.find(b"\n", start) + 1
        if not start:
            return None
    above = raw[:start]
    if b"\r" in above.replace(b"\r\n", b"") or (quote and quote in above):
        return None  # a bare carriage return or a quote above the items
    end = len(raw)
    while end > start and raw[end - 1] in _LINE_ENDS:
        end -= 1
    tail = raw[end:]
    if b"\r" in tail.replace(b"\r\n", b""):
        return None  # a bare carriage return
    first_break = raw.find(b"\n", start, end)
    first_line = raw[start : first_break if first_break >= 0 else end]
    crlf = first_line.endswith(b"\r")
    width = first_line.count(delimiter) + 1
    if width <= max(*counted, title_at, date_at):
        return None
    layout = _Layout(
        width=width,
        delimiter=delimiter,
        encoding="utf-8" if encoding == "utf-8-sig" else encoding,  # no mark in a cell
        counted=counted,
        title_at=title_at,
        date_at=date_at,
        shifts=shifts,
        longest_title=longest_title,
        dialect=dialect,
    )
    found = PlainCounts()
    found.records = max(0, tail.count(b"\n") - 1)  # blank lines at the end
    # No line longer than the CSV reader's longest field (csv.field_size_limit(), which
    # a program may change): no cell of one can be.
    longest = min(LONGEST_LINE, csv.field_size_limit())
    size = min(CHUNK, longest)
    position = start
    while position < end:
        stop = end if end - position <= size else raw.rfind(b"\n", position, position + size)
        if stop <= position:  # a line longer than a chunk: the chunk is that line
            stop = raw.find(b"\n", position, end)
            stop = end if stop < 0 else stop
            if stop - position > longest:
                return None
        if crlf and stop < end and raw[stop - 1] != _CR:
            return None  # a line that ends in a line feed alone
        chunk = raw[position : stop - 1 if crlf and stop < end else stop]
        position = stop + 1
        if quote and quote in chunk:
            chunk = _set_aside(chunk, quote, crlf, found)
            if len(found.quoted) * _QUOTED_SHARE > found.records + size:
                return None  # quotes on many lines: a CSV reader reads them faster
            if not chunk:
                continue  # every line quoted
        if not _count_chunk(chunk, crlf, layout, found) or found.records > max_records:
            return None
    if found.quoted and not _count_quoted(found.quoted, crlf, layout, found):
        return None
    if found.records > max_records:
        return None
    return found


def _set_aside(chunk: bytes, quote: bytes, crlf: bool, found: PlainCounts) -> bytes:
    """The lines of ``chunk`` without ``quote``, the others set aside in ``found``
    (found by searching, so a chunk with few of them costs little more)."""
    plain, start = [], 0
    at = chunk.find(quote)
    while at >= 0:
        line_start = chunk.rfind(b"\n", 0, at) + 1
        line_end = chunk.find(b"\n", at)
        line_end = len(chunk) if line_end < 0 else line_end
        plain.append(chunk[start:line_start])
        found.quoted.append(chunk[line_start:line_end])
        found.records += 1
        start = line_end + 1
        at = chunk.find(quote, start)
    plain.append(chunk[start:])
    rest = b"".join(plain)
    rest = rest.removesuffix(b"\n")
    return rest.removesuffix(b"\r") if crlf else rest


def _count_chunk(chunk: bytes, crlf: bool, layout: _Layout, found: PlainCounts) -> bool:
    """Count a chunk of whole lines (the last one's line break left off) into ``found``;
    ``False``: it is not plain."""
    breaks = chunk.count(b"\n")
    delimiter, width = layout.delimiter, layout.width
    if crlf:  # each line break a CR LF: the delimiter takes the CR's place
        if chunk.count(b"\r") != breaks:
            return False  # a line feed alone, or a carriage return alone
        marked = chunk.replace(b"\r\n", delimiter + b"\n")
        if b"\r" in marked:
            return False  # as many of each, but not in pairs
    else:
        if b"\r" in chunk:
            return False
        marked = chunk.replace(b"\n", delimiter + b"\n")
    cells = marked.split(delimiter)
    del marked
    if len(cells) != (breaks + 1) * width:
        return False
    first = b"".join(cells[0::width])
    if first.count(b"\n") != breaks:
        return False  # lines of several widths (a blank line among them)
    found.records += breaks + 1

    def column(at: int) -> list[bytes]:
        values = cells[at::width]
        if at == 0:  # the first column's cells but the first begin with the line break
            values[1:] = map(_AFTER_BREAK, values[1:])
        return values

    for at in layout.unused:  # each cell apart: no character runs over two of them
        joined = first if at == 0 else b",".join(cells[at::width])
        if not joined.isascii():
            joined.decode(layout.encoding)  # only to check: a byte that does not decode raises
    return _count_columns(column, layout, found)


def _count_quoted(lines: list[bytes], crlf: bool, layout: _Layout, found: PlainCounts) -> bool:
    """Count the lines set aside for their quotes, each read by a strict CSV reader as
    one whole record (one that runs on to the next line, or a quote inside a cell, and
    the log is not plain), their cells then checked and counted as any line's."""
    rows = []
    for line in lines:
        written = line.removesuffix(b"\r") if crlf else line
        if b"\r" in written:
            return False
        text = written.decode(layout.encoding)  # checks every byte
        records = list(csv.reader([text], layout.dialect, strict=True))
        if len(records) != 1 or len(records[0]) <= layout.needed:
            return False
        rows.append(records[0])
    encoding = layout.encoding

    def column(at: int) -> list[bytes]:
        return [row[at].encode(encoding) for row in rows]

    return _count_columns(column, layout, found)


def _count_columns(
    column: Callable[[int], list[bytes]], layout: _Layout, found: PlainCounts
) -> bool:
    """Check and count the columns of some lines (``column(at)``: the cells at ``at``)."""
    if not _plain_titles(column(layout.title_at), layout.encoding, layout.longest_title):
        return False
    dates = column(layout.date_at)
    values = [column(at) for at in layout.counted]
    if not _plain_dates(dates, found, layout.shifts, values):
        return False
    found.months.update(zip(*values, map(_MONTH, dates), strict=True))
    return True


def _plain_titles(titles: list[bytes], encoding: str, longest: int) -> bool:
    """Whether every title is one the careful reader takes as written: printable (so no
    character it refuses, and no space but the ASCII one), not empty, not spaces only,
    not longer than ``longest`` characters."""
    joined = b",".join(titles)  # apart: no character runs over two of them
    if not joined.decode(encoding).isprintable():
        return False
    lengths = list(map(len, titles))
    if min(lengths) == 0:
        return False
    if max(lengths) > longest and any(
        len(title.decode(encoding)) > longest for title in titles if len(title) > longest
    ):
        return False
    return b" " not in joined or not any(map(bytes.isspace, titles))


def _plain_dates(
    dates: list[bytes],
    found: PlainCounts,
    shifts: Mapping[tuple[bytes, bytes], int | None],
    counted: list[list[bytes]],
) -> bool:
    """Whether every date has a plain shape with its digits in range; the days to read
    gathered, and the rows with an offset read by their hour, minute and offset."""
    lengths = list(map(len, dates))
    kinds = set(lengths)
    if not kinds.issubset(_SHAPES):
        return False
    by_length = bytes(lengths)  # each below 256 (the longest shape is 25)
    for kind in kinds:
        if len(kinds) == 1:
            rows: list[int] | None = None
            same = dates
        else:
            mask = by_length.translate(_KIND_ONES[kind])
            rows = list(itertools.compress(range(len(dates)), mask)) if kind in _AWARE else None
            same = list(itertools.compress(dates, mask))
        if not _plain_shape(kind, same, found):
            return False
        if kind in _AWARE and not _aware(kind, same, rows, found, shifts, counted):
            return False
    return True


def _plain_shape(kind: int, dates: list[bytes], found: PlainCounts) -> bool:
    """Whether ``dates``, all ``kind`` long, have its shape and their digits in range.

    Joined, they are a table of ``kind`` bytes a row, so each column of digits (the
    hours' tens, say) is one slice of it, checked in C. The days are checked but the
    29th to 31st, which are gathered to be read (with each month's first, which
    :class:`~tongbao._itemfast.FastLog` adds, as every month's days go unread).
    """
    joined = b"".join(dates)
    signs = b"" if kind not in _SIGN_AT else joined[_SIGN_AT[kind] :: kind]
    if joined.count(b"+") != signs.count(b"+"):
        return False  # a plus that is no offset's sign (2018-03+05)
    if joined.translate(_DIGITS_ZERO) != _SHAPES[kind] * len(dates):
        return False
    day_tens, day_units = joined[8::kind], joined[9::kind]
    if day_tens.translate(None, b"0123") or _any_both(day_tens, _IS_0, day_units, _IS_0):
        return False  # a day from 40, or the 00th
    late = int.from_bytes(day_tens.translate(_IS_3)) | (
        int.from_bytes(day_tens.translate(_IS_2)) & int.from_bytes(day_units.translate(_IS_9))
    )
    if late:
        found.days.update(map(_DAY, itertools.compress(dates, late.to_bytes(len(dates)))))
    if kind == 10:
        return True
    hour_tens, hour_units = joined[11::kind], joined[12::kind]
    if hour_tens.translate(None, b"012") or _any_both(hour_tens, _IS_2, hour_units, _IS_4_TO_9):
        return False  # an hour from 24
    if joined[14::kind].translate(None, b"012345"):
        return False  # a minute from 60
    return kind in _MINUTE_ONLY or not joined[17::kind].translate(None, b"012345")


def _aware(  # noqa: PLR0917 - the rows of one shape, and where they go
    kind: int,
    dates: list[bytes],
    rows: list[int] | None,
    found: PlainCounts,
    shifts: Mapping[tuple[bytes, bytes], int | None],
    counted: list[list[bytes]],
) -> bool:
    """Read the dates of one shape with an offset: their days gathered, and each row
    its time moves to another day counted apart (by its row in the chunk, ``rows``;
    ``None``: they are all the chunk's)."""
    found.aware.update(map(_DAY, dates))
    offsets = list(map(_OFFSET_AFTER_MINUTES if kind in _MINUTE_ONLY else _OFFSET, dates))
    distinct = set(offsets)
    if len(distinct) == 1:
        offset = distinct.pop()
        if shifts[b"00:00", offset] == 0 == shifts[b"23:59", offset]:
            return True  # the zone's own offset, which moves no time to another day
    moves = list(map(shifts.__getitem__, zip(map(_HOUR_MINUTE, dates), offsets, strict=True)))
    if None in moves:
        return False  # an offset out of range
    for at in itertools.compress(range(len(moves)), moves):
        row = at if rows is None else rows[at]
        found.moved[*(cells[row] for cells in counted), dates[at][:10], moves[at]] += 1
    return True
