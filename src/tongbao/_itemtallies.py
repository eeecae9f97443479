"""An item log to the tallies a notice needs: the unit list, new units, duplicates.

The resolve stage hands over an :class:`~tongbao.ItemSource` (a file's items or a
database's) and the periods the notice needs (this one, the previous, a year ago, the
year to date). Here the source is counted once (:meth:`~tongbao.ItemSource.counts`),
the items of the months around those periods are fetched once for duplicates, and
every list of tallies is summed from the counts: so comparisons and the year to date
need no other file. Problems are located at the item's place in its source.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ._items import (
    Duplicate,
    Item,
    ItemCounts,
    ItemSource,
    counted_once,
    find_duplicates,
    similarity,
)
from ._itemspec import DuplicatesMode, ItemsSpec
from ._model import Tally, Unit
from ._period import Period
from ._problems import Collector
from .errors import Problem, located

__all__ = ["ItemSummary", "count_for_notice", "months_span", "spans"]

MAX_NAMED = 20
"""Unknown units and duplicate groups reported one by one; the rest are counted."""


@attrs.frozen
class ItemSummary:
    """What an item log gave a notice (``tongbao check`` prints it; :class:`Loaded`
    holds it for the API).

    ``counted`` gives, for each list of tallies the notice needs (``tallies``,
    ``previous``, ``year_ago``, ``year_to_date``), its period and the items counted
    in it. ``outside``: items in none of those periods, not counted. ``duplicates``:
    every duplicate among the items of those periods' months (and the window around
    them); ``not_counted`` the copies left out (``duplicates = "count_once"``).
    """

    source: str
    items: int
    counted: tuple[tuple[str, Period, int], ...]
    outside: int
    duplicates: tuple[Duplicate, ...] = ()
    mode: DuplicatesMode = "list"
    not_counted: int = 0
    added: tuple[str, ...] = ()
    """Units with items that are not in the unit list, added (``new_units = "add"``)."""

    @property
    def periods(self) -> tuple[Period, ...]:
        """The periods the notice needs, each once, earliest first."""
        return tuple(sorted({period for _field, period, _n in self.counted}))

    @staticmethod
    def similarities(duplicate: Duplicate) -> tuple[Fraction, ...]:
        """How alike each copy's title is to the first copy's (1 for the first)."""
        first = duplicate.items[0].title
        return tuple(similarity(first, item.title) for item in duplicate.items)


def months_span(periods: Iterable[Period], days: int = 0) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``periods``' months, widened by ``days`` each way."""
    wanted = list(periods)
    first_year, first_month = divmod(min(p.start for p in wanted), 12)
    last_year, last_month = divmod(max(p.end for p in wanted), 12)
    first = datetime.date(first_year, first_month + 1, 1)
    end_day = calendar.monthrange(last_year, last_month + 1)[1]
    last = datetime.date(last_year, last_month + 1, end_day)
    widen = datetime.timedelta(days=days)
    first = first - widen if first > datetime.date.min + widen else datetime.date.min
    last = last + widen if last < datetime.date.max - widen else datetime.date.max
    return first, last


def spans(periods: Iterable[Period], days: int) -> list[tuple[datetime.date, datetime.date]]:
    """The stretches of days duplicates are looked for in: each period's months widened
    by ``days`` each way, those that meet joined (this period and the previous one are
    one stretch; a year ago is another, and the months between are never read)."""
    joined: list[tuple[datetime.date, datetime.date]] = []
    for first, last in sorted(months_span([p], days) for p in periods):
        if joined and first <= joined[-1][1] + datetime.timedelta(days=1):
            joined[-1] = (joined[-1][0], max(joined[-1][1], last))
        else:
            joined.append((first, last))
    return joined


def count_for_notice(
    source: ItemSource,
    periods: Mapping[str, Period],
    spec: ItemsSpec,
    *,
    levels: Sequence[str],
    excluded: Iterable[str],
    problems: Collector,
    roster: Sequence[Unit] | None = None,
) -> tuple[dict[str, list[Tally]], tuple[Duplicate, ...], ItemSummary]:
    """Every list of tallies in ``periods``, summed from ``source``'s counts.

    With a unit list (``roster``) exactly its units, zeros for those without items;
    units with items in the periods that are not in it are problems, or added at the
    end with ``new_units = "add"``. Duplicates are found among the items of the
    periods' months (the window wider each way) and listed, counted once or refused
    as ``spec.duplicates`` says.

    Returns:
        The lists of tallies by field, the duplicates with a copy in this period
        (``periods["tallies"]``), and the summary for ``check``.
    """
    counts = source.counts()
    needed = list(periods.values())
    items = [
        item
        for first, last in spans(needed, spec.window_days)
        for item in source.items(first, last)
    ]
    duplicates = find_duplicates(items, window_days=spec.window_days, threshold=spec.similarity)
    inside = _inside(counts, needed)
    relevant = tuple(d for d in duplicates if any(_in(i, needed) for i in d.items))
    total = sum(m.submitted for m in counts.months.values())
    outside = counts.outside(needed)  # before any copy is left out
    units, added = _units(
        counts,
        roster,
        spec=spec,
        inside=inside,
        excluded=set(excluded),
        items=items,
        source=source,
        problems=problems,
    )
    not_counted: list[Item] = []
    if spec.duplicates == "count_once":
        not_counted = counted_once(relevant)
        counts = counts.without(not_counted)
    elif spec.duplicates == "error":
        _refuse(relevant, source.name, problems)
    lists = {
        field: counts.tallies(period, units=units, levels=levels)
        for field, period in periods.items()
    }
    current = periods.get("tallies")
    this_period = (
        tuple(d for d in relevant if any(_in(i, [current]) for i in d.items))
        if current is not None
        else ()
    )
    summary = ItemSummary(
        source=source.name,
        items=total,
        counted=tuple(
            (field, period, sum(t.submitted or 0 for t in lists[field]))
            for field, period in periods.items()
        ),
        outside=outside,
        duplicates=relevant,
        mode=spec.duplicates,
        not_counted=len(not_counted),
        added=tuple(added),
    )
    return lists, this_period, summary


def _in(item: Item, periods: Iterable[Period]) -> bool:
    year, month = item.month
    ordinal = year * 12 + month - 1
    return any(p.start <= ordinal <= p.end for p in periods)


def _inside(counts: ItemCounts, periods: Sequence[Period]) -> dict[str, int]:
    """Each unit with items in ``periods``, and the first of its month ordinals there."""
    found: dict[str, int] = {}
    for (unit, ordinal), month in counts.months.items():
        if month.submitted and any(p.start <= ordinal <= p.end for p in periods):
            found[unit] = min(found.get(unit, ordinal), ordinal)
    return found


def _units(
    counts: ItemCounts,
    roster: Sequence[Unit] | None,
    *,
    spec: ItemsSpec,
    inside: Mapping[str, int],
    excluded: set[str],
    items: Sequence[Item],
    source: ItemSource,
    problems: Collector,
) -> tuple[list[Unit] | None, list[str]]:
    """The units to count (``None``: every unit in the log) and those added."""
    if roster is None:
        return None, []
    units = list(roster)
    listed = {u.name: u for u in units}
    first_place: dict[str, str] = {}
    for item in items:
        first_place.setdefault(item.unit, item.place)
    for index, unit in enumerate(units):
        group = counts.units.get(unit.name)
        if group is None or unit.name not in counts.units:
            continue
        if unit.group is None:
            units[index] = Unit(unit.name, group=group)  # the list has none: the items' group
        elif group != unit.group:
            where = located(source.name, first_place.get(unit.name) or None)
            problems.append(
                Problem.of(
                    "items.group_differs", where, unit=unit.name, listed=unit.group, given=group
                )
            )
    unknown = [name for name in counts.unknown(units) if name in inside and name not in excluded]
    if spec.new_units == "add":
        units += [Unit(name, group=counts.units[name]) for name in unknown]
        return units, unknown
    names = list(listed)
    for name in unknown[:MAX_NAMED]:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f" (the nearest listed name: {close[0]})" if close else ""
        where = located(source.name, first_place.get(name) or None)
        problems.append(Problem.of("items.unknown_unit", where, unit=name, hint=hint))
    if len(unknown) > MAX_NAMED:
        where = located(source.name, None)
        problems.append(
            Problem.of("items.more_unknown_units", where, count=len(unknown) - MAX_NAMED)
        )
    return units, []


def _refuse(duplicates: Sequence[Duplicate], name: str, problems: Collector) -> None:
    """``duplicates = "error"``: one problem per duplicate, at its first copy's place."""
    for duplicate in duplicates[:MAX_NAMED]:
        copies = "; ".join(
            f"“{item.title[:60]}” ({item.submitted_on.isoformat()}"
            + (f", {item.place})" if item.place else ")")
            for item in duplicate.items
        )
        where = located(name, duplicate.items[0].place or None)
        code = "items.duplicate" if duplicate.exact else "items.near_duplicate"
        problems.append(
            Problem.of(code, where, unit=duplicate.unit, count=len(duplicate.items), copies=copies)
        )
    if len(duplicates) > MAX_NAMED:
        where = located(name, None)
        problems.append(
            Problem.of("items.more_duplicates", where, count=len(duplicates) - MAX_NAMED)
        )
