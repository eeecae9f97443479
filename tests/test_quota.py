"""Quotas (任务数): completion, who met theirs, and the share, exact and half up."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tongbao import Period, Tally
from tongbao._quota import Quota, completion, met_quota, quota_of, quota_summary
from tongbao.errors import InputError

Q = Period.parse("2023-Q3")


def test_completion_and_met() -> None:
    tally = Tally("甲", Q, 4, 1, quota=5)
    own = Quota()
    assert quota_of(tally, own) == 5
    assert completion(tally, own) == Fraction(4, 5)
    assert not met_quota(tally, own)
    same = Quota(items=3)
    assert completion(tally, same) == Fraction(4, 3)
    assert met_quota(tally, same)
    adopted = Quota(items=1, counts="adopted")
    assert met_quota(tally, adopted)
    assert completion(Tally("乙", Q, 0, 0), Quota(items=0)) is None  # nothing owed
    assert met_quota(Tally("乙", Q, 0, 0), Quota(items=0))


def test_the_share_of_units_that_met_it() -> None:
    tallies = [Tally(f"u{i}", Q, 3 if i < 36 else 2, 0) for i in range(57)]
    assert quota_summary(tallies, Quota(items=3)) == (36, 57)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"items": -1}, ValueError),
        ({"items": 1.5}, InputError),
        ({"items": True}, InputError),
        ({"counts": "rate"}, ValueError),
    ],
)
def test_bad_quotas(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        Quota(**kwargs)  # type: ignore[arg-type]


def test_a_unit_without_a_quota() -> None:
    with pytest.raises(ValueError, match="no quota"):
        quota_of(Tally("甲", Q, 1, 0), Quota())
