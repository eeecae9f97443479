"""Rates, totals, combining and ranking: exact and pure.

Rates are ``Fraction`` s, never floats. Ranking compares rates exactly; it may sort on
a float key only where that key provably orders and ties exactly like the fractions
(see :func:`rank`).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal, NamedTuple, Protocol, get_args, overload

from ._model import Tally
from ._period import Period

__all__ = [
    "ORDERS",
    "RANK_KEYS",
    "RANK_ON",
    "TIES",
    "Counts",
    "Order",
    "RankBy",
    "RankKey",
    "RankOn",
    "Ranked",
    "Ranking",
    "Ties",
    "Totals",
    "combine",
    "rank",
    "rate",
    "sum_known",
    "totals",
    "totals_by_group",
    "wilson_lower_bound",
]

# Below this many items submitted, the float adopted/submitted orders and ties exactly
# like the fraction: two distinct rates a/q and b/s differ by at least 1/(q*s) >= 2**-52,
# more than the ulp (<= 2**-53) of any float in [0, 1], and correctly rounded division is
# monotonic, so distinct fractions map to distinct floats in the same order.
_FLOAT_EXACT_LIMIT = 2**26


_submitted = operator.attrgetter("submitted")
_adopted = operator.attrgetter("adopted")
_is_not_none = functools.partial(operator.is_not, None)


class Counts(Protocol):
    """Anything with ``submitted`` and ``adopted`` counts: a :class:`Tally` or :class:`Totals`."""

    @property
    def submitted(self) -> int | None: ...

    @property
    def adopted(self) -> int: ...


def rate(counts: Counts) -> Fraction | None:
    """The adoption rate (采纳率) ``adopted / submitted`` as an exact fraction.

    ``None`` when nothing was submitted: the rate is undefined, not zero (the seed's
    区建设局, 0 of 0).

    Raises:
        ValueError: the counts hold no 报送数 (``submitted`` is ``None``).
    """
    submitted = counts.submitted
    if submitted is None:
        raise ValueError("an adoption rate needs the items submitted (报送数)")
    if submitted == 0:
        return None
    return Fraction(counts.adopted, submitted)


class Totals(NamedTuple):
    """Sums over several tallies: items submitted and adopted, and how many units.

    ``submitted`` is ``None`` when a tally summed has no 报送数.
    """

    submitted: int | None = 0
    adopted: int = 0
    units: int = 0

    @property
    def rate(self) -> Fraction | None:
        """Adopted total over submitted total (not the mean of the units' rates)."""
        return rate(self)

    def __add__(self, other: Totals) -> Totals:  # type: ignore[override]
        """Totals of both parts (not tuple concatenation)."""
        if not isinstance(other, Totals):
            return NotImplemented
        return Totals(
            _add(self.submitted, other.submitted),
            self.adopted + other.adopted,
            self.units + other.units,
        )


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def sum_known(values: Iterable[int | None]) -> int | None:
    """The sum of ``values``, or ``None`` when one of them is ``None`` (not held)."""
    items = values if isinstance(values, list | tuple) else list(values)
    if None in items:
        return None
    return sum(items)


def totals(tallies: Iterable[Counts]) -> Totals:
    """The sums of ``tallies``; an empty input gives zeros (and an undefined rate).

    ``submitted`` is ``None`` when a tally has no 报送数 (see :class:`Tally`).
    """
    items = tallies if isinstance(tallies, list | tuple) else list(tallies)
    return Totals(sum_known(list(map(_submitted, items))), sum(map(_adopted, items)), len(items))


def totals_by_group(tallies: Iterable[Tally]) -> dict[str | None, Totals]:
    """:func:`totals` per ``unit.group``, groups in order of first appearance.

    Units without a group are counted under ``None``. The groups' totals add up to
    :func:`totals` of all the tallies.
    """
    members: dict[str | None, list[Tally]] = {}
    for tally in tallies:
        members.setdefault(tally.unit.group, []).append(tally)
    return {group: totals(items) for group, items in members.items()}


def add_levels(parts: Iterable[Iterable[tuple[str, int]]]) -> dict[str, int]:
    """Adoptions by level summed over several parts (months), levels in first-seen order."""
    levels: dict[str, int] = {}
    for part in parts:
        for level, count in part:
            levels[level] = levels.get(level, 0) + count
    return levels


def combine(tallies: Iterable[Tally]) -> Tally:
    """One unit's tallies over adjacent periods, joined into one tally.

    Monthly counts for 2018-03 and 2018-04 combine into one tally for 2018-03/2018-04.
    The order of the input does not matter; the periods must cover one unbroken range
    without overlap.

    Raises:
        ValueError: no tallies, tallies of different units, or periods that overlap or
            leave a gap (the message names the months).
    """
    items = sorted(tallies, key=lambda t: t.period.start)
    if not items:
        raise ValueError("combine() needs at least one tally")
    unit = items[0].unit
    for before, after in itertools.pairwise(items):
        if after.unit != unit:
            raise ValueError(
                f"cannot combine tallies of different units: {unit.name!r} and {after.unit.name!r}"
            )
        if after.period.start <= before.period.end:
            raise ValueError(f"{unit.name}: periods {before.period} and {after.period} overlap")
        if after.period.start != before.period.end + 1:
            raise ValueError(
                f"{unit.name}: months missing between {before.period} and {after.period}"
            )
    if len(items) == 1:
        return items[0]
    period = Period(items[0].period.start, items[-1].period.end, "months")
    levels = add_levels(t.levels for t in items)
    scores = [t.score for t in items if t.score is not None]
    if scores and len(scores) != len(items):
        raise ValueError(f"{unit.name}: some months have a supplied score and some do not")
    return Tally(
        unit,
        period,
        sum_known([t.submitted for t in items]),
        sum(t.adopted for t in items),
        levels=levels,
        score=sum(scores, Fraction(0)) if scores else None,
    )


Ties = Literal["competition", "dense"]
"""How shared places count: competition 1, 2, 2, 4 (the usual 并列) or dense 1, 2, 2, 3."""

RankKey = Literal["rate", "adopted", "submitted", "wilson", "score"]
"""A figure to rank on: the exact adoption rate, a count, the rate's Wilson lower
bound, or the score."""

Order = Literal["given", "rate", "adopted", "submitted", "wilson", "score"]
"""The attachment table's row order: the data's own (``"given"``), or ranked by a
:data:`RankKey`."""

RankOn = Literal["exact", "shown"]
"""Rank on the exact rates, or on the rates as printed (equal printed rates tie)."""

TIES: tuple[Ties, ...] = get_args(Ties)
RANK_KEYS: tuple[RankKey, ...] = get_args(RankKey)
ORDERS: tuple[Order, ...] = get_args(Order)
RANK_ON: tuple[RankOn, ...] = get_args(RankOn)

RankBy = RankKey | Callable[[Tally], Any]
"""What to rank on: a built-in figure, or a key function (higher is better, ``None``
leaves the tally unranked)."""


class Ranked(NamedTuple):
    """One line of a ranking: the place (``None`` when unranked) and the tally."""

    rank: int | None
    tally: Tally


def rank(
    tallies: Iterable[Tally],
    by: RankBy = "rate",
    *,
    ties: Ties = "competition",
    min_submitted: int = 0,
    rate_places: int | None = None,
    per_group: bool = False,
) -> Ranking:
    """Rank tallies from best to worst, sharing places on ties (并列).

    Args:
        tallies: the tallies, in their given order (the order inside a tie).
        by: ``"rate"`` (exact adoption rate), ``"adopted"``, ``"submitted"``,
            ``"wilson"`` (the rate's Wilson lower bound, see :func:`wilson_lower_bound`),
            ``"score"`` (``tally.score``; tallies without one are unranked), or
            a key function of a tally where higher is better and ``None`` means unranked.
        ties: ``"competition"`` (1, 2, 2, 4) or ``"dense"`` (1, 2, 2, 3).
        min_submitted: tallies with fewer items submitted are not ranked.
        rate_places: with ``by="rate"``, compare rates as printed at this many decimal
            places of a percent, so units that show the same ``37%`` share a place;
            ``None`` compares the exact fractions (19/52 ranks below 13/35).
        per_group: rank each ``unit.group`` on its own (groups in order of first
            appearance), one group after another.

    Returns:
        Ranked entries: ranked tallies by falling key, ties in their given order, then
        the unranked ones (under ``min_submitted``, no rate, or a ``None`` key) in their
        given order with ``rank=None``.

    Raises:
        ValueError: an unknown ``by`` or ``ties``, a negative ``min_submitted`` or
            ``rate_places``, or a ranking that needs 报送数 of a tally without it.
    """
    if ties not in TIES:
        raise ValueError(f"ties must be 'competition' or 'dense', not {ties!r}")
    if not callable(by) and by not in RANK_KEYS:
        raise ValueError(
            "by must be 'rate', 'adopted', 'submitted', 'wilson', 'score' or a function, "
            f"not {by!r}"
        )
    if min_submitted < 0:
        raise ValueError(f"min_submitted must be >= 0, not {min_submitted}")
    if rate_places is not None and rate_places < 0:
        raise ValueError(f"rate_places must be >= 0, not {rate_places}")
    items = tallies if isinstance(tallies, list | tuple) else list(tallies)
    if not per_group:
        return _rank(items, by, ties, min_submitted, rate_places)
    members: dict[str | None, list[Tally]] = {}
    for tally in items:
        members.setdefault(tally.unit.group, []).append(tally)
    places: list[int | None] = []
    ordered: list[Tally] = []
    for group in members.values():
        part = _rank(group, by, ties, min_submitted, rate_places)
        places.extend(part._places)
        ordered.extend(part._tallies)
    return Ranking(places, ordered)


def _rank(
    items: Sequence[Tally],
    by: RankBy,
    ties: Ties,
    min_submitted: int,
    rate_places: int | None,
) -> Ranking:
    keys = _keys(items, by, min_submitted, rate_places)
    if None in keys:
        rankable = list(itertools.compress(range(len(keys)), map(_is_not_none, keys)))
    else:
        rankable = list(range(len(keys)))
    order = sorted(rankable, key=keys.__getitem__, reverse=True)
    places: list[int | None] = []
    extend = places.extend
    position = 1
    dense = ties == "dense"
    # Runs of equal keys share a place; the loop runs once per distinct key, not per tally.
    for place, (_, run) in enumerate(itertools.groupby(map(keys.__getitem__, order)), start=1):
        size = len(list(run))
        extend(itertools.repeat(place if dense else position, size))
        position += size
    ordered = list(map(items.__getitem__, order))
    if len(rankable) < len(items):
        unranked = [items[i] for i, key in enumerate(keys) if key is None]
        ordered.extend(unranked)
        places.extend(itertools.repeat(None, len(unranked)))
    return Ranking(places, ordered)


class Ranking(Sequence[Ranked]):
    """The result of :func:`rank`: an immutable sequence of :class:`Ranked` entries.

    Entries are made on access, so ranking a million tallies allocates two lists, not a
    million tuples.
    """

    __slots__ = ("_places", "_tallies")

    def __init__(self, places: list[int | None], tallies: list[Tally]) -> None:
        self._places = places
        self._tallies = tallies

    def __len__(self) -> int:
        return len(self._tallies)

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Ranked, ...]: ...

    def __getitem__(self, index: int | slice) -> Ranked | tuple[Ranked, ...]:
        if isinstance(index, slice):
            return tuple(map(Ranked, self._places[index], self._tallies[index]))
        return Ranked(self._places[index], self._tallies[index])

    def __iter__(self) -> Iterator[Ranked]:
        return map(Ranked, self._places, self._tallies)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking):
            return self._places == other._places and self._tallies == other._tallies
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Ranking({list(self)!r})"


def _keys(items: Sequence[Tally], by: RankBy, min_submitted: int, places: int | None) -> list[Any]:
    """One sort key per tally (higher is better), ``None`` for the unranked."""
    if by in ("rate", "wilson", "submitted") or min_submitted:
        missing = [t.unit.name for t in items if t.submitted is None]
        if missing:
            raise ValueError(
                f"ranking by {by if isinstance(by, str) else 'a key'}"
                f"{' with min_submitted' if min_submitted else ''} needs the items submitted "
                f"(报送数), which {missing[0]} has not"
            )
    counted: list[int] = [t.submitted or 0 for t in items]
    low = max(min_submitted, 1)
    if by == "rate":
        if places is not None:
            scale = 2 * 100 * 10**places
            # The rate as printed, in units of its last digit, rounded half up.
            return [
                (scale * t.adopted + s) // (2 * s) if s >= low else None
                for t, s in zip(items, counted, strict=True)
            ]
        if max(counted, default=0) < _FLOAT_EXACT_LIMIT:
            return [
                t.adopted / s if s >= low else None for t, s in zip(items, counted, strict=True)
            ]
        return [
            Fraction(t.adopted, s) if s >= low else None
            for t, s in zip(items, counted, strict=True)
        ]
    if by == "score":  # the tally's score (supplied, or set by the notice's rules)
        return [
            t.score if s >= min_submitted else None for t, s in zip(items, counted, strict=True)
        ]
    if by == "wilson":
        return [
            wilson_lower_bound(t.adopted, s) if s >= low else None
            for t, s in zip(items, counted, strict=True)
        ]
    if by in ("adopted", "submitted"):
        return [
            getattr(t, by) if s >= min_submitted else None
            for t, s in zip(items, counted, strict=True)
        ]
    if callable(by):
        return [by(t) if s >= min_submitted else None for t, s in zip(items, counted, strict=True)]
    raise ValueError(f"by must be 'rate', 'adopted', 'submitted' or a function, not {by!r}")


WILSON_Z = Decimal("1.96")
"""The normal quantile of the Wilson bound: 1.96 for 95 % confidence."""


def wilson_lower_bound(adopted: int, submitted: int, z: Decimal = WILSON_Z) -> Decimal | None:
    """The lower end of the Wilson score interval of ``adopted / submitted``.

    A rate that rests on few items gets a lower bound far below it (2 of 2: 0.342), one
    that rests on many stays close (14 of 14: 0.785), so ranking by it rewards evidence
    as well as the rate. Computed in 40-digit decimal arithmetic, the same everywhere;
    ``None`` when nothing was submitted.
    """
    if submitted == 0:
        return None
    with localcontext() as context:
        context.prec = 40
        n = Decimal(submitted)
        p = Decimal(adopted) / n
        z2 = z * z
        centre = p + z2 / (2 * n)
        margin = z * ((p * (1 - p) + z2 / (4 * n)) / n).sqrt()
        return max(Decimal(0), +((centre - margin) / (1 + z2 / n)))
