"""Submission times as databases hold them: text dates read as item files read them,
the month of a local date, and a zone's UTC offsets over a range of instants.

The functions registered on SQLite and DuckDB connections (``tongbao_date``,
``tongbao_month``) and DuckDB's offset arithmetic come from here; all of them agree
with :func:`tongbao._items.local_date`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from ._itemcells import when_value

__all__ = [
    "BAD",
    "date_functions",
    "local_day",
    "month_ordinal",
    "utc_offsets",
]

BAD = -1
"""What the date functions registered on SQLite and DuckDB give for a value that is not
a date (``NULL`` stays ``NULL``): the aggregate finds it without an exception inside the
database, and a ``LIMIT 1`` query then shows the row."""


def local_day(value: object, zone: ZoneInfo) -> datetime.date | None:
    """The office-local date of a value a database returned (a date, a timestamp, or text
    read as item files read it: :func:`~tongbao._itemcells.when_value`), or ``None``
    if it is none."""
    if isinstance(value, datetime.date | str):
        day = when_value(value, zone)
        return day if isinstance(day, datetime.date) else None
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
        day = day_of(value)
        return BAD if day is None else month_ordinal(day)

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
