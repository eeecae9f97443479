"""Submission times as databases hold them: text dates read as item files read them,
the month of a local date, and a zone's UTC offsets over a range of instants.

The functions registered on SQLite and DuckDB connections (``tongbao_date``,
``tongbao_month``) and DuckDB's offset arithmetic come from here; all of them agree
with :func:`tongbao._items.local_date`.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from ._items import local_date

__all__ = [
    "BAD",
    "date_functions",
    "local_day",
    "month_ordinal",
    "parse_when",
    "utc_offsets",
]

BAD = -1
"""What the date functions registered on SQLite and DuckDB give for a value that is not
a date (``NULL`` stays ``NULL``): the aggregate finds it without an exception inside the
database, and a ``LIMIT 1`` query then shows the row."""


_WHEN = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T|\s*日?\s*)(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:[.,](\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)


_ISO_SHAPES = frozenset({10, 16, 19, 20, 24, 25})
"""Lengths of ``2024-03-05``, ``… 14:30``, ``… 14:30:15``, with ``Z``, ``+0800``, ``+08:00``."""


def parse_when(text: str) -> datetime.date | datetime.datetime | None:
    """A submission time written as text, as data files write it, or ``None``.

    ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日``, each optionally with a
    time (``14:30``, ``14:30:15``, ``T14:30:15.250``) and an offset (``Z``, ``+08:00``,
    ``+0800``, ``+08``). With an offset the value is an aware datetime.
    """
    text = text.strip()
    if len(text) in _ISO_SHAPES and text[4:5] == "-" == text[7:8] and text[10:11] in "T ":
        # The common ISO shapes, parsed in C; what fromisoformat refuses goes on below.
        try:
            if len(text) == 10:
                return datetime.date.fromisoformat(text)
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            pass
    found = _WHEN.fullmatch(text)
    if found is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = found.groups()
    try:
        day_of = datetime.date(int(year), int(month), int(day))
        if hour is None:
            return None if offset else day_of
        zone = None
        if offset:
            if offset == "Z":
                zone = datetime.UTC
            else:
                digits = offset[1:].replace(":", "")
                delta = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
                zone = datetime.timezone(-delta if offset[0] == "-" else delta)
        micro = int((fraction or "0").ljust(6, "0"))
        clock = datetime.time(int(hour), int(minute), int(second or 0), micro)
        return datetime.datetime.combine(day_of, clock, tzinfo=zone)
    except ValueError:  # 2024-02-30, 25:00, an offset past 24 hours
        return None


def local_day(value: object, zone: ZoneInfo) -> datetime.date | None:
    """The office-local date of a value a database returned, or ``None`` if it is none."""
    if isinstance(value, datetime.date):  # a datetime is a date too
        return local_date(value, zone)
    if isinstance(value, str):
        when = parse_when(value)
        return None if when is None else local_date(when, zone)
    return None


def month_ordinal(day: datetime.date) -> int:
    """``year * 12 + month - 1``: the month ordinal :class:`~tongbao.Period` counts in."""
    return day.year * 12 + day.month - 1


def date_functions(zone: ZoneInfo) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """``tongbao_date`` and ``tongbao_month`` for SQLite and DuckDB text columns."""

    @functools.lru_cache(maxsize=1 << 16)
    def day_of(value: Any) -> datetime.date | None:
        return local_day(value, zone)

    def as_date(value: Any) -> str | None:
        if value is None:
            return None
        day = day_of(value) if isinstance(value, str) else None
        return "!" if day is None else day.isoformat()

    def as_month(value: Any) -> int | None:
        if value is None:
            return None
        if not isinstance(value, str):
            return BAD
        when = parse_when(value)
        if when is None:
            return BAD
        if 3 <= when.day <= 26:  # offsets differ by 26 hours at most: 2 days, same month
            return month_ordinal(when)
        return month_ordinal(local_date(when, zone))

    return as_date, as_month


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECONDS = 1_000_000


def utc_offsets(
    zone: ZoneInfo, low: int, high: int, most: int = 64
) -> list[tuple[int, int]] | None:
    """The UTC offsets of ``zone`` from instant ``low`` to ``high`` (microseconds since
    1970, UTC): ``[(start, offset), …]`` in microseconds, the first start ``low``.

    Offsets are looked up every 6 hours (no zone changes its offset twice in a day)
    and each change is found to the second by bisection. ``None`` when there are more
    than ``most`` offsets, or the range is past what datetime holds.
    """

    def offset(instant: int) -> int:
        moment = _EPOCH + datetime.timedelta(microseconds=instant)
        delta = moment.astimezone(zone).utcoffset()
        assert delta is not None
        return (delta.days * 86_400 + delta.seconds) * _MICROSECONDS + delta.microseconds

    step = 6 * 3600 * _MICROSECONDS
    try:
        shifts = [(low, offset(low))]
        instant = low
        while instant < high:
            following = min(instant + step, high)
            if offset(following) != shifts[-1][1]:
                before, after = instant // _MICROSECONDS, -(-following // _MICROSECONDS)
                while after - before > 1:  # the first whole second of the new offset
                    middle = (before + after) // 2
                    if offset(middle * _MICROSECONDS) == shifts[-1][1]:
                        before = middle
                    else:
                        after = middle
                start = max(after * _MICROSECONDS, instant + 1)
                shifts.append((start, offset(start)))
                if len(shifts) > most:
                    return None
            instant = following
    except (OverflowError, ValueError):
        return None
    return shifts
