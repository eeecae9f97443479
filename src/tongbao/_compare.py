"""Comparing two periods (环比, 同比): exact changes per unit and in total.

Pure: tallies in, values out. Rates are compared as fractions; a change of rate is in
percentage points (百分点), exact, and rounded only when printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from ._model import Tally, Unit
from ._numfmt import round_half_up
from ._period import Period
from ._stats import Totals, rate, totals

__all__ = ["Change", "Comparison", "compare", "describe_count_change", "describe_rate_change"]


@attrs.frozen
class Change:
    """One unit in two periods. ``current`` or ``previous`` is None for a new or gone unit."""

    unit: Unit
    current: Tally | None
    previous: Tally | None

    @property
    def submitted(self) -> int | None:
        """Change in items submitted, or None unless the unit reported in both periods."""
        if self.current is None or self.previous is None:
            return None
        return _known(self.current.submitted) - _known(self.previous.submitted)

    @property
    def adopted(self) -> int | None:
        if self.current is None or self.previous is None:
            return None
        return self.current.adopted - self.previous.adopted

    @property
    def rate(self) -> Fraction | None:
        """Change of the rate as a fraction of 1 (×100 for 百分点), None when undefined."""
        if self.current is None or self.previous is None:
            return None
        now, before = rate(self.current), rate(self.previous)
        if now is None or before is None:
            return None
        return now - before


@attrs.frozen
class Comparison:
    """This period against another: per unit in this period's order, new and gone units."""

    period: Period
    other: Period
    changes: tuple[Change, ...]
    current: Totals
    previous: Totals

    @property
    def new_units(self) -> tuple[Unit, ...]:
        """Units counted now but not in the other period."""
        return tuple(c.unit for c in self.changes if c.previous is None)

    @property
    def gone_units(self) -> tuple[Unit, ...]:
        """Units counted in the other period but not now."""
        return tuple(c.unit for c in self.changes if c.current is None)

    @property
    def submitted(self) -> int:
        return _known(self.current.submitted) - _known(self.previous.submitted)

    @property
    def adopted(self) -> int:
        return self.current.adopted - self.previous.adopted

    @property
    def rate(self) -> Fraction | None:
        now, before = self.current.rate, self.previous.rate
        return None if now is None or before is None else now - before


def compare(current: Sequence[Tally], previous: Sequence[Tally]) -> Comparison:
    """Compare this period's tallies with another period's, unit by unit (by name).

    Units in both keep this period's order; units only in the other period follow, in
    its order. Totals cover each period's own units.

    Raises:
        ValueError: either side empty, its tallies of more than one period, or a tally
            without 报送数.
    """
    if not current or not previous:
        raise ValueError("compare() needs tallies for both periods")
    for side in (current, previous):
        for tally in side:
            _known(tally.submitted, tally.unit.name)
    for side in (current, previous):
        if len({t.period for t in side}) != 1:
            raise ValueError("each side of a comparison must be tallies of one period")
    before = {t.unit.name: t for t in previous}
    now_names = {t.unit.name for t in current}
    changes = [Change(t.unit, t, before.get(t.unit.name)) for t in current]
    changes.extend(Change(t.unit, None, t) for t in previous if t.unit.name not in now_names)
    return Comparison(
        current[0].period, previous[0].period, tuple(changes), totals(current), totals(previous)
    )


def _known(submitted: int | None, unit: str = "a unit") -> int:
    if submitted is None:
        raise ValueError(f"a comparison needs the items submitted (报送数), which {unit} has not")
    return submitted


def describe_count_change(delta: int, unit: str = "条") -> str:
    """``增加5条``, ``减少3条`` or ``持平``: a count's change as a notice words it."""
    if delta > 0:
        return f"增加{delta}{unit}"
    if delta < 0:
        return f"减少{-delta}{unit}"
    return "持平"


def describe_rate_change(delta: Fraction | None, places: int = 1) -> str:
    """``提高1.2个百分点``, ``下降0.5个百分点`` or ``持平`` (after rounding half up).

    ``None`` (a rate undefined in either period) gives ``无法比较``.
    """
    if delta is None:
        return "无法比较"
    points = round_half_up(delta * 100, places)
    if points > 0:
        return f"提高{points}个百分点"
    if points < 0:
        return f"下降{-points}个百分点"
    return "持平"
