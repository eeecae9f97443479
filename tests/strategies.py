"""Hypothesis strategies for tongbao's values, shared by the property tests."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

import tongbao

GROUPS = ("镇街", "部门", None)

unit_names = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N"], exclude_characters="\ufffe\uffff"),
    min_size=1,
    max_size=12,
)


@st.composite
def periods(draw: st.DrawFn) -> tongbao.Period:
    """Any period, in any style."""
    year = draw(st.integers(1990, 2100))
    kind = draw(st.sampled_from(["months", "quarter", "half", "year"]))
    if kind == "quarter":
        return tongbao.Period.quarter(year, draw(st.integers(1, 4)))
    if kind == "half":
        return tongbao.Period.half(year, draw(st.integers(1, 2)))
    if kind == "year":
        return tongbao.Period.year(year)
    start = draw(st.integers(1, 12))
    length = draw(st.integers(1, 30))
    end = year * 12 + start - 1 + length - 1
    return tongbao.Period.months_of(year, start, end // 12, end % 12 + 1)


@st.composite
def tallies(
    draw: st.DrawFn,
    period: tongbao.Period | None = None,
    max_count: int = 200,
) -> tongbao.Tally:
    submitted = draw(st.integers(0, max_count))
    adopted = draw(st.integers(0, submitted))
    unit = tongbao.Unit(draw(unit_names), group=draw(st.sampled_from(GROUPS)))
    return tongbao.Tally(
        unit, period or tongbao.Period.months_of(2018, 3, 2018, 4), submitted, adopted
    )


def tally_lists(max_size: int = 40, max_count: int = 200) -> st.SearchStrategy[list[tongbao.Tally]]:
    return st.lists(tallies(max_count=max_count), max_size=max_size)


fractions = st.builds(Fraction, st.integers(-(10**9), 10**9), st.integers(1, 10**9))
