"""Item-level records (one row per submitted item) to tallies, and their duplicates.

A submission system keeps one record per item: the unit, the title, when it was
submitted, whether and where it was adopted, and sometimes a leader's instruction
(批示). This module is the pure core of reading them: the local date of a timestamp,
the counts per unit and month (:class:`ItemCounts`, which a file and a database
``GROUP BY`` both produce), the tallies of any period from those counts, and the
duplicates among items (the same or nearly the same title from one unit within a few
days). It reads no file and no database.
"""

from __future__ import annotations

import datetime
import operator
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple, Protocol
from zoneinfo import ZoneInfo

import attrs

from ._model import Tally, Unit
from ._period import Period
from ._problems import fail

__all__ = [
    "DEFAULT_SIMILARITY",
    "DEFAULT_TIME_ZONE",
    "DEFAULT_WINDOW_DAYS",
    "EXACT_ONLY",
    "Adding",
    "CountRow",
    "Duplicate",
    "Item",
    "ItemCounts",
    "ItemList",
    "ItemSource",
    "count_items",
    "counted_once",
    "find_duplicates",
    "local_date",
    "normalize_title",
    "similarity",
]

DEFAULT_TIME_ZONE = "Asia/Shanghai"
"""The office's zone: a timestamp with an offset is converted to it before its month is
taken; a naive one is taken as already local."""
DEFAULT_WINDOW_DAYS = 7
"""Two items of one unit are compared when submitted at most this many days apart."""
EXACT_ONLY = Fraction(2)
"""A threshold no two titles reach: only the same normal forms are duplicates (hashing
alone, several times faster than looking for nearly the same titles)."""
DEFAULT_SIMILARITY = Fraction(17, 20)
"""Titles whose bigram Dice coefficient (:func:`similarity`) is at least this are nearly
the same."""


def local_date(value: datetime.date | datetime.datetime, zone: ZoneInfo) -> datetime.date:
    """The office-local date of a submission: an aware timestamp converted to ``zone``,
    a naive one (or a plain date) taken as local already."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(zone)
        return value.date()
    return value


@attrs.frozen
class Item:
    """One submitted item (信息), as the submission system records it.

    ``submitted_on`` is the office-local date (see :func:`local_date`). ``level`` is
    where it was adopted (采用级别/采用栏目), when the records say; an item with a
    level is adopted. ``instructed``: it drew a leader's instruction (批示). ``place``
    is where the record is (``line 12``, ``cell A7``, ``row 3``), for messages.
    """

    unit: str
    title: str
    submitted_on: datetime.date
    adopted: bool = False
    level: str | None = None
    instructed: bool = False
    group: str | None = None
    place: str = attrs.field(default="", eq=False)

    @property
    def month(self) -> tuple[int, int]:
        """The (year, month) the item counts in."""
        return self.submitted_on.year, self.submitted_on.month


class CountRow(NamedTuple):
    """``number`` items of ``unit`` in one month with the same adoption and instruction:
    a row of ``GROUP BY unit, group, month, adopted, level, instructed``."""

    unit: str
    group: str | None
    year: int
    month: int
    adopted: bool
    level: str | None
    instructed: bool
    number: int


@attrs.frozen
class _Month:
    submitted: int = 0
    adopted: int = 0
    instructions: int = 0
    levels: Mapping[str, int] = attrs.field(factory=dict, hash=False)


class Adding:
    """Counts being added up per unit and month, row by row: what :meth:`ItemCounts.of`
    and a database's ``GROUP BY`` rows fill without making a :class:`CountRow` each."""

    __slots__ = ("found", "units")

    def __init__(self) -> None:
        self.units: dict[str, str | None] = {}
        """Each unit once, in the order first met, with its group."""
        # Per (unit, month ordinal): [submitted, adopted, instructed, {level: adopted}].
        self.found: dict[tuple[str, int], list[Any]] = {}

    def add(  # noqa: PLR0917 - a counted row's parts, once per row
        self,
        unit: str,
        group: str | None,
        ordinal: int,
        adopted: bool,
        level: str | None,
        instructed: int,
        number: int,
    ) -> None:
        """``number`` items of ``unit`` in month ``ordinal``, ``instructed`` of them with
        an instruction, all adopted (at ``level``, if any) or none."""
        if unit not in self.units:
            self.units[unit] = group
        key = (unit, ordinal)
        counted = self.found.get(key)
        if counted is None:
            counted = self.found[key] = [0, 0, 0, {}]
        counted[0] += number
        counted[2] += instructed
        if adopted:
            counted[1] += number
            if level is not None:
                by_level = counted[3]
                by_level[level] = by_level.get(level, 0) + number

    def counts(self, *, instructions: bool, by_name: bool = False) -> ItemCounts:
        """The counts added up; ``by_name``: units (and months) in the order of the
        units' names, not the order first met."""
        units, found = self.units, self.found
        if by_name:
            units = dict(sorted(units.items(), key=lambda pair: pair[0]))
            found = dict(sorted(found.items(), key=lambda pair: pair[0]))
        months = {key: _Month(*counted) for key, counted in found.items()}
        return ItemCounts(units, months, instructions)


@attrs.frozen
class ItemCounts:
    """Items counted per unit and month: what tallies of any period are summed from.

    ``units`` lists each unit once, in the order first met, with its group (类别).
    ``months`` maps (unit, month ordinal) to the month's counts. ``instructions``: the
    records say which items drew an instruction, so tallies count them.
    """

    units: Mapping[str, str | None] = attrs.field(hash=False)
    months: Mapping[tuple[str, int], _Month] = attrs.field(hash=False)
    instructions: bool = False

    @classmethod
    def of(cls, rows: Iterable[CountRow], *, instructions: bool = False) -> ItemCounts:
        """The counts of ``rows`` (rows with the same key are added)."""
        adding = Adding()
        for unit, group, year, month, is_adopted, level, is_instructed, number in rows:
            if number < 0:
                raise fail("count.negative", ("count",), unit=unit, field="count", value=number)
            adding.add(
                unit,
                group,
                year * 12 + month - 1,
                is_adopted or level is not None,
                level,
                number if is_instructed else 0,
                number,
            )
        return adding.counts(instructions=instructions)

    def month_ordinals(self) -> frozenset[int]:
        """Every month some item was submitted in, as month ordinals."""
        return frozenset(ordinal for _unit, ordinal in self.months)

    def outside(self, periods: Iterable[Period]) -> int:
        """How many items fall in none of ``periods``."""
        wanted = [(p.start, p.end) for p in periods]
        return sum(
            m.submitted
            for (_unit, ordinal), m in self.months.items()
            if not any(start <= ordinal <= end for start, end in wanted)
        )

    def tallies(
        self,
        period: Period,
        *,
        units: Sequence[Unit] | None = None,
        levels: Sequence[str] = (),
    ) -> list[Tally]:
        """One tally per unit for ``period``, the months in it summed.

        With ``units`` (the notice's unit list, 名单), exactly those units in that
        order, zeros for those with no items, and their groups; units with items that
        are not in it are left out (:meth:`unknown` names them). Without, every unit
        with items, in the order of their names: the same whatever order a file or a
        database gives the records in (a unit list gives the office's own order).
        ``levels``: count adoptions by these level names, in this order (every adopted
        item must then have one of them).
        """
        roster = (
            list(units)
            if units is not None
            else [Unit(n, group=g) for n, g in sorted(self.units.items())]
        )
        tallies = []
        for unit in roster:
            submitted = adopted = instructed = 0
            by_level: Counter[str] = Counter()
            for ordinal in range(period.start, period.end + 1):
                month = self.months.get((unit.name, ordinal))
                if month is None:
                    continue
                submitted += month.submitted
                adopted += month.adopted
                instructed += month.instructions
                by_level.update(month.levels)
            tallies.append(
                Tally(
                    unit,
                    period,
                    submitted,
                    adopted,
                    levels=tuple((name, by_level.get(name, 0)) for name in levels),
                    instructions=instructed if self.instructions else None,
                )
            )
        return tallies

    def without(self, items: Iterable[Item]) -> ItemCounts:
        """These counts less ``items`` (copies not counted, :func:`counted_once`).

        Raises:
            InputError: an item that these counts do not hold.
        """
        months = {key: attrs.evolve(m, levels=dict(m.levels)) for key, m in self.months.items()}
        for item in items:
            year, month = item.month
            key = (item.unit, year * 12 + month - 1)
            found = months.get(key)
            adopted = item.adopted or item.level is not None
            if (
                found is None
                or found.submitted < 1
                or (adopted and found.adopted < 1)
                or (item.instructed and found.instructions < 1)
                or (item.level is not None and found.levels.get(item.level, 0) < 1)
            ):
                raise fail("items.not_counted", (), unit=item.unit, title=item.title[:60])
            levels = dict(found.levels)
            if item.level is not None:
                levels[item.level] -= 1
            months[key] = _Month(
                found.submitted - 1,
                found.adopted - adopted,
                found.instructions - item.instructed,
                levels,
            )
        return ItemCounts(self.units, months, self.instructions)

    def unknown(self, units: Sequence[Unit]) -> list[str]:
        """The units with items that are not in ``units``, in the order of their names."""
        known = {unit.name for unit in units}
        return sorted(name for name in self.units if name not in known)


def count_items(items: Iterable[Item], *, instructions: bool = False) -> ItemCounts:
    """The :class:`ItemCounts` of ``items``."""
    keys: Counter[tuple[str, str | None, int, int, bool, str | None, bool]] = Counter()
    for item in items:
        year, month = item.month
        keys[(item.unit, item.group, year, month, item.adopted, item.level, item.instructed)] += 1
    return ItemCounts.of(
        (CountRow(*key, count) for key, count in keys.items()), instructions=instructions
    )


class ItemSource(Protocol):
    """Where item records come from: a data file, a database, a list in memory.

    The source knows the office's zone and the notice's level names from when it was
    made, so its counts are already per local month and level.
    """

    @property
    def name(self) -> str:
        """The source in messages: a file's name, a database URL without its password."""
        ...

    def counts(self) -> ItemCounts:
        """Every item counted per unit and month (a database does this in SQL)."""
        ...

    def items(self, first: datetime.date, last: datetime.date) -> Iterable[Item]:
        """The items submitted from ``first`` to ``last`` (local dates, both included),
        titles and all: what duplicates are looked for in."""
        ...


@attrs.frozen
class ItemList:
    """An :class:`ItemSource` over items already in memory."""

    name: str
    records: tuple[Item, ...] = attrs.field(converter=tuple)
    instructions: bool = False
    """The records say which items drew an instruction (批示)."""

    def counts(self) -> ItemCounts:
        return count_items(self.records, instructions=self.instructions)

    def items(self, first: datetime.date, last: datetime.date) -> Iterable[Item]:
        return [item for item in self.records if first <= item.submitted_on <= last]


# --- duplicates -------------------------------------------------------------------

TITLE_CHARS_COMPARED = 500
"""How much of a title's normal form its bigrams are taken from (:func:`similarity`): a
cell of a million characters costs no more than a long title, and two titles whose normal
forms agree this far are alike (1)."""


class _Kept(dict[int, int | None]):
    """A ``str.translate`` table that keeps letters, marks and numbers and drops the rest
    (categories P, Z, S and C), each code point looked up once when first met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code))[0] in "PZSC" else code
        if len(self) < 0x10000:  # bounded: a title of every code point cannot grow it forever
            self[code] = kept
        return kept


_KEPT = _Kept()


def normalize_title(title: str) -> str:
    """A title as compared for duplicates: NFKC, case folded, without spaces,
    punctuation, symbols and control or format characters."""
    return unicodedata.normalize("NFKC", title).casefold().translate(_KEPT)


def _bigrams(normal: str) -> frozenset[str]:
    text = normal[:TITLE_CHARS_COMPARED]
    if len(text) < 2:
        return frozenset((text,)) if text else frozenset()
    return frozenset(map(operator.add, text, text[1:]))


def similarity(a: str, b: str) -> Fraction:
    """How alike two titles are, from 0 to 1: the Dice coefficient of the sets of
    adjacent character pairs (bigrams) of their normal forms (:func:`normalize_title`),
    each cut to its first :data:`TITLE_CHARS_COMPARED` characters.

    ``2·|A∩B| / (|A|+|B|)``; a one-character title is its own single "bigram"; two
    empty titles are alike (1).
    """
    x, y = _bigrams(normalize_title(a)), _bigrams(normalize_title(b))
    if not x and not y:
        return Fraction(1)
    return Fraction(2 * len(x & y), len(x) + len(y))


@attrs.frozen
class Duplicate:
    """Items of one unit that are the same item submitted more than once.

    ``items`` are the copies: the one counted first (:func:`counted_once` keeps it:
    an adopted copy, then one with an instruction, then the earliest), then the
    others by date. ``exact``: every title is the same after normalising;
    otherwise some are only nearly the same (:func:`similarity`).
    """

    unit: str
    items: tuple[Item, ...]
    exact: bool


def _kept_first(item: Item, normal: str) -> tuple[bool, bool, datetime.date, str, str, str, str]:
    """The copy counted once: an adopted one, one with an instruction, the earliest
    (``normal``: its title's normal form, :func:`normalize_title`)."""
    return (
        not item.adopted and item.level is None,
        not item.instructed,
        item.submitted_on,
        item.level or "",
        normal,
        item.title,
        item.group or "",
    )


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join(parent: list[int], i: int, j: int) -> None:
    a, b = _root(parent, i), _root(parent, j)
    if a != b:
        parent[max(a, b)] = min(a, b)


class _Ids(dict[str, int]):
    """Numbers for bigrams, given in the order first met (one int object per bigram)."""

    def __missing__(self, gram: str) -> int:
        number = self[gram] = len(self)
        return number


def _candidates(grams: frozenset[int], holding: Mapping[int, set[int]], overlap: int) -> set[int]:
    """The sets in ``holding`` (bigram -> numbers of the sets with it) that may hold
    ``overlap`` of ``grams``: each holds a whole group of them.

    A set with ``overlap`` of them lacks at most ``spare`` of those that some set
    holds. Deal those, from the fewest sets to the most, into ``spare + 1`` groups: the
    set holds every one of at least one group (pigeonhole).
    """
    present = [held for held in map(holding.get, grams) if held]
    spare = len(present) - overlap
    if spare < 0:
        return set()
    present.sort(key=len)
    found: set[int] = set()
    for first in range(spare + 1):
        group = present[first :: spare + 1]
        found.update(group[0].intersection(*group[1:]))
    return found


def _size_by_size(
    grams: frozenset[int],
    sizes: range,
    threshold: Fraction,
    by_size: Mapping[int, Mapping[int, set[int]]],
) -> set[int]:
    """The sets of each of ``sizes`` that may be ``threshold`` alike to ``grams``: each
    size with the overlap it needs (:func:`_candidates`)."""
    p, q = threshold.numerator, threshold.denominator
    found: set[int] = set()
    for size in sizes:
        if size in by_size:
            overlap = -(-p * (len(grams) + size) // (2 * q))
            found |= _candidates(grams, by_size[size], overlap)
    return found


def _link_near(
    parent: list[int],
    normals: Sequence[str],
    days: Sequence[int],
    window: int,
    threshold: Fraction,
) -> None:
    """Join the entries (sorted by day) whose bigram sets are at least ``threshold``
    alike (``0 < threshold <= 1``) and at most ``window`` days apart.

    Not every pair is compared, yet none is lost. For sets A and B, Dice
    ``2·|A∩B| / (|A|+|B|) >= t`` needs ``t·|A| / (2−t) <= |B| <= |A|·(2−t) / t``
    (the length filter) and ``|A∩B| >= ⌈t·(|A|+|B|) / 2⌉``, at least
    ``⌈t·|A| / (2−t)⌉`` whatever B's size. The sets compared with A are found in an
    inverted index of the window's sets (:func:`_candidates`): first among all of them
    with the least overlap; when that finds many, again size by size, each size with
    its own overlap (fewer, as a set of A's size must hold more of A's bigrams than a
    smaller one). A few set operations per title, in C, rather than a comparison with
    every title in the window; titles that are nearly all alike (one unit's template
    titles, in bulk) still cost the most, as their intersections are large.

    The index holds distinct sets, each with its latest entry. An entry whose set has
    an entry in the window is joined to it and compared with nothing else: every entry
    its window could link it to is in that entry's window too (both are within
    ``window`` days before it), and was linked to it already.
    """
    p, q = threshold.numerator, threshold.denominator
    rest = 2 * q - p  # (2 − t)·q > 0
    ids = _Ids()
    sid_of: dict[frozenset[int], int] = {}  # a set in the window -> its number
    members: list[frozenset[int]] = []  # number -> set
    latest: list[int] = []  # number -> the set's latest entry
    latest_day: list[int] = []
    # bigram -> the sets in the window holding it, of any size and by size (never empty)
    holding: defaultdict[int, set[int]] = defaultdict(set)
    by_size: defaultdict[int, defaultdict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    queue: deque[tuple[int, int]] = deque()  # (day, number) as sets enter or are met again
    dense = False  # looking size by size only, the index of any size dropped
    many = 0  # titles that found more than _FEW candidates among sets of any size
    for j, normal in enumerate(normals):
        grams = frozenset(map(ids.__getitem__, _bigrams(normal)))
        if not grams:
            continue
        day = days[j]
        while queue and queue[0][0] < day - window:
            gone_day, gone = queue.popleft()
            if latest_day[gone] == gone_day:  # not met again since: out of the window
                _forget(members[gone], gone, by_size, None if dense else holding)
                del sid_of[members[gone]]
                members[gone] = _NONE  # its number is in no index now
        sid = sid_of.get(grams)
        if sid is not None:
            _join(parent, latest[sid], j)
            if latest_day[sid] != day:
                queue.append((day, sid))
            latest[sid], latest_day[sid] = j, day
            continue
        size = len(grams)
        least, most = -(-p * size // rest), rest * size // p
        found = set() if dense else _candidates(grams, holding, least)
        if dense or len(found) > _FEW:
            found = _size_by_size(grams, range(least, most + 1), threshold, by_size)
            many += 1
        if not dense and len(members) >= _DENSE_AFTER and 2 * many > len(members):
            dense = True  # most titles find many: look size by size only from now on
            holding.clear()
        mine = _root(parent, j)
        for other in found:
            theirs = members[other]
            if (
                least <= len(theirs) <= most
                and _root(parent, latest[other]) != mine
                and 2 * q * len(grams & theirs) >= p * (size + len(theirs))
            ):
                _join(parent, latest[other], j)
                mine = _root(parent, j)
        sid = sid_of[grams] = len(members)
        _index(grams, sid, by_size, None if dense else holding)
        members.append(grams)
        latest.append(j)
        latest_day.append(day)
        queue.append((day, sid))


_FEW = 32
"""Candidates found among sets of any size above which they are looked for size by size."""
_DENSE_AFTER = 64
"""Once this many sets were met, and most found many candidates, only size by size."""
_NONE: frozenset[int] = frozenset()


def _index(
    grams: frozenset[int],
    number: int,
    by_size: defaultdict[int, defaultdict[int, set[int]]],
    holding: defaultdict[int, set[int]] | None,
) -> None:
    sized = by_size[len(grams)]
    for gram in grams:
        sized[gram].add(number)
        if holding is not None:
            holding[gram].add(number)


def _forget(
    grams: frozenset[int],
    number: int,
    by_size: Mapping[int, dict[int, set[int]]],
    holding: dict[int, set[int]] | None,
) -> None:
    for index in (by_size[len(grams)], holding):
        if index is not None:
            for gram in grams:
                held = index[gram]
                held.discard(number)
                if not held:
                    del index[gram]


def _linked(
    entries: Sequence[tuple[Item, str]], window: int, threshold: Fraction
) -> list[list[int]]:
    """The groups of two or more linked entries; ``entries`` are sorted by date."""
    parent = list(range(len(entries)))
    days = [item.submitted_on.toordinal() for item, _normal in entries]
    # The same normal form: linking each copy to the one before it, when within the
    # window, joins the same groups as linking every pair within the window.
    previous: dict[str, int] = {}
    for j, (_item, normal) in enumerate(entries):
        i = previous.get(normal)
        if i is not None and days[j] - days[i] <= window:
            _join(parent, i, j)
        previous[normal] = j
    normals = [normal for _item, normal in entries]
    if threshold <= 0:  # any two titles with bigrams are alike enough: a chain by date
        last = None
        for j, normal in enumerate(normals):
            if normal:
                if last is not None and days[j] - days[last] <= window:
                    _join(parent, last, j)
                last = j
    elif threshold <= 1:
        _link_near(parent, normals, days, window, threshold)
    groups: dict[int, list[int]] = {}
    for i in range(len(entries)):
        groups.setdefault(_root(parent, i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def find_duplicates(
    items: Iterable[Item],
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    threshold: Fraction = DEFAULT_SIMILARITY,
) -> tuple[Duplicate, ...]:
    """The groups of duplicate items: one unit's items at most ``window_days`` apart
    whose titles are the same after normalising or at least ``threshold`` alike
    (:func:`similarity`, for titles with at least one character after normalising).

    Linked pairs are grouped transitively, so the result does not depend on the
    items' order. Groups come by unit name, then by their first copy's date.

    The result is that of comparing every pair, without comparing every pair: the same
    normal forms are found by hashing, nearly the same titles through an inverted index
    of the bigrams of the titles in the window (:func:`_link_near`), so a unit with
    100,000 items in a week takes tens of seconds, not hours. A negative ``window_days`` links
    nothing; a ``threshold`` of 0 or less links any two titles with a character, one
    above 1 only the same normal forms.
    """
    threshold = Fraction(threshold)
    by_unit: dict[str, list[Item]] = {}
    for item in items:
        by_unit.setdefault(item.unit, []).append(item)
    found: list[tuple[tuple[object, ...], Duplicate]] = []
    for unit in sorted(by_unit):
        entries = sorted(
            ((item, normalize_title(item.title)) for item in by_unit[unit]),
            key=lambda e: (e[0].submitted_on, e[1], e[0].title),
        )
        for members in _linked(entries, window_days, threshold):
            keys = {i: _kept_first(*entries[i]) for i in members}
            kept, *others = sorted(members, key=keys.__getitem__)
            others.sort(key=lambda i: (entries[i][0].submitted_on, keys[i]))
            exact = len({entries[i][1] for i in members}) == 1
            copies = tuple(entries[i][0] for i in (kept, *others))
            first = min(item.submitted_on for item in copies)
            found.append(((unit, first, keys[kept]), Duplicate(unit, copies, exact)))
    found.sort(key=lambda pair: pair[0])
    return tuple(duplicate for _key, duplicate in found)


def counted_once(duplicates: Iterable[Duplicate]) -> list[Item]:
    """The copies not counted when each duplicate counts once: all but the first."""
    return [item for duplicate in duplicates for item in duplicate.items[1:]]
