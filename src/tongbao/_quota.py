"""Quotas (任务数): how many items each unit owes per period, and who met theirs. Pure.

Assessment rules (考核办法) often set a quota of items per unit and period: the same for
every unit, or each unit's own (a 任务数 column). A unit's completion (完成率) is the
items it counted over its quota, exact; it met the quota when that is at least 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import attrs

from ._model import Tally
from ._problems import fail
from ._public import public

__all__ = ["Quota", "QuotaCounts", "completion", "met_quota", "quota_of", "quota_summary"]

QuotaCounts = Literal["submitted", "adopted"]
"""What a quota counts: items submitted (报送) or items adopted (采用)."""


def _items(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail("quota.items_not_whole", ("items",), value=repr(value))
    if value < 0:
        raise fail("quota.items_negative", ("items",), value=value)
    return value


@attrs.frozen(kw_only=True)
class Quota:
    """A quota of items per unit for the notice's period.

    ``items`` is the same quota for every unit; ``None`` takes each unit's own from its
    tally (a 任务数 column). ``counts`` says what fills it: items ``"submitted"``
    (the default) or ``"adopted"``.
    """

    items: int | None = attrs.field(default=None, converter=_items)
    counts: QuotaCounts = "submitted"

    def __attrs_post_init__(self) -> None:
        if self.counts not in ("submitted", "adopted"):
            raise fail("quota.bad_counts", ("counts",), value=repr(self.counts))


def quota_of(tally: Tally, quota: Quota) -> int:
    """The unit's quota: the notice's ``items``, else the tally's own.

    Raises:
        InputError: neither gives one, or the quota counts 报送数 the tally has not.
    """
    items = quota.items if quota.items is not None else tally.quota
    if items is None:
        raise fail("quota.missing", ("quota",), unit=tally.unit.name)
    return items


def _counted(tally: Tally, quota: Quota) -> int:
    value = tally.submitted if quota.counts == "submitted" else tally.adopted
    if value is None:
        raise fail("quota.needs_submitted", ("submitted",), unit=tally.unit.name)
    return value


def completion(tally: Tally, quota: Quota) -> Fraction | None:
    """Items counted over the quota (完成率), exact; ``None`` for a quota of 0."""
    items = quota_of(tally, quota)
    return Fraction(_counted(tally, quota), items) if items else None


def met_quota(tally: Tally, quota: Quota) -> bool:
    """Whether the unit counted at least its quota (a quota of 0 is always met)."""
    return _counted(tally, quota) >= quota_of(tally, quota)


def quota_summary(tallies: Sequence[Tally], quota: Quota) -> tuple[int, int]:
    """How many units met the quota, of how many: ``(36, 57)``."""
    return sum(met_quota(t, quota) for t in tallies), len(tallies)


public(Quota)
