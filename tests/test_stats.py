"""Rates, totals, combining months and ranking, exact: the seed's printed figures and
invariants over generated tallies."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao import Period, Tally, Unit, combine, format_rate, rank, rate, totals, totals_by_group

from .strategies import tally_lists

PERIOD = Period.parse("2018-03/2018-04")


def make(name: str, submitted: int, adopted: int, group: str | None = None) -> Tally:
    return Tally(Unit(name, group=group), PERIOD, submitted, adopted)


# --- rate and totals -------------------------------------------------------------------


def test_every_printed_rate_of_the_seed_is_reproduced(
    seed_rows: list[tuple[str, int, int, str]],
) -> None:
    assert len(seed_rows) == 27
    for name, submitted, adopted, printed in seed_rows:
        shown = format_rate(rate(make(name, submitted, adopted)))
        if printed == "?":  # a character lost in scraping: 0 of 0 has no rate
            assert (submitted, shown) == (0, "—")
        else:
            assert shown == printed, name


def test_the_example_data_is_the_seed(
    seed_rows: list[tuple[str, int, int, str]], seed_tallies: list[Tally]
) -> None:
    assert [(r[1], r[2]) for r in seed_rows] == [(t.submitted, t.adopted) for t in seed_tallies]


def test_seed_totals(seed_tallies: list[Tally]) -> None:
    whole = totals(seed_tallies)
    assert (whole.submitted, whole.adopted, whole.units) == (578, 250, 27)
    assert whole.rate == Fraction(250, 578)
    assert format_rate(whole.rate, 1) == "43.3%"


def test_seed_totals_by_group(seed_tallies: list[Tally]) -> None:
    groups = totals_by_group(seed_tallies)
    assert list(groups) == ["镇街", "部门"]
    assert (groups["镇街"].submitted, groups["镇街"].adopted, groups["镇街"].units) == (271, 109, 8)
    assert (groups["部门"].submitted, groups["部门"].adopted, groups["部门"].units) == (
        307,
        141,
        19,
    )
    assert groups["镇街"] + groups["部门"] == totals(seed_tallies)


def test_rate_is_undefined_without_submissions() -> None:
    assert rate(make("区建设局", 0, 0)) is None
    assert totals([]).rate is None
    assert totals([]) == tongbao.Totals(0, 0, 0)


def test_totals_is_not_the_mean_of_rates() -> None:
    both = [make("甲", 2, 2), make("乙", 98, 0)]
    assert totals(both).rate == Fraction(2, 100)


@pytest.mark.slow
@given(tally_lists())
def test_rate_lies_between_zero_and_one(items: list[Tally]) -> None:
    for tally in items:
        value = rate(tally)
        assert value is None or 0 <= value <= 1
    whole = totals(items).rate
    assert whole is None or 0 <= whole <= 1


@pytest.mark.slow
@given(tally_lists(), st.randoms(use_true_random=False))
def test_totals_are_additive_in_any_split_and_order(items: list[Tally], rnd: random.Random) -> None:
    whole = totals(items)
    shuffled = items[:]
    rnd.shuffle(shuffled)
    cut = rnd.randint(0, len(shuffled))
    assert totals(shuffled[:cut]) + totals(shuffled[cut:]) == whole
    assert sum(totals_by_group(shuffled).values(), tongbao.Totals()) == whole


# --- combine ---------------------------------------------------------------------------


def test_combine_monthly_tallies_into_the_period() -> None:
    march = Tally("区统计局", Period.parse("2018-03"), 4, 2)
    april = Tally("区统计局", Period.parse("2018-04"), 3, 1)
    joined = combine([april, march])
    assert joined == Tally("区统计局", PERIOD, 7, 3)


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        (["2018-03", "2018-05"], "months missing between 2018-03 and 2018-05"),
        (["2018-03/2018-04", "2018-04"], "overlap"),
        (["2018-03", "2018-03"], "overlap"),
    ],
)
def test_combine_rejects_gaps_and_overlaps(periods: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        combine(Tally("区统计局", Period.parse(p), 1, 1) for p in periods)


def test_combine_rejects_mixed_units_and_nothing() -> None:
    with pytest.raises(ValueError, match="different units"):
        combine(
            [Tally("甲", Period.parse("2018-03"), 1, 1), Tally("乙", Period.parse("2018-04"), 1, 1)]
        )
    with pytest.raises(ValueError, match="at least one"):
        combine([])


@pytest.mark.slow
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=3, max_size=12))
def test_combine_is_associative(counts: list[tuple[int, int]]) -> None:
    months = Period.months_of(2017, 11, 2030, 12).months()
    items = [Tally("区统计局", months[i], s + a, a) for i, (s, a) in enumerate(counts)]
    cut1, cut2 = len(items) // 3, 2 * len(items) // 3
    left = combine([combine(items[:cut2]), *items[cut2:]])
    right = combine([*items[:cut1], combine(items[cut1:])])
    assert left == right == combine(items)
    assert left.submitted == sum(t.submitted for t in items)


# --- rank ------------------------------------------------------------------------------


def places(entries: tongbao.Ranking) -> list[tuple[int | None, str]]:
    return [(e.rank, e.tally.unit.name) for e in entries]


def test_seed_ranking_by_rate(seed_tallies: list[Tally]) -> None:
    ranked = rank(seed_tallies)
    assert places(ranked)[:7] == [
        (1, "区政府办公室"),
        (1, "区城管局"),
        (1, "区教育局"),
        (4, "市政公用服务中心"),
        (5, "仓门街办事处"),
        (5, "区科技文体旅游局"),
        (5, "区民政局"),
    ]
    assert places(ranked)[-2:] == [(26, "区审计局"), (None, "区建设局")]


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ("competition", [1, 2, 2, 4, None]),
        ("dense", [1, 2, 2, 3, None]),
    ],
)
def test_tie_methods(ties: tongbao._stats.Ties, expected: list[int | None]) -> None:
    items = [
        make("甲", 10, 9),
        make("乙", 4, 2),
        make("丙", 8, 4),
        make("丁", 10, 1),
        make("戊", 0, 0),
    ]
    assert [e.rank for e in rank(items, ties=ties)] == expected


def test_exact_rates_vs_printed_rates(seed_tallies: list[Tally]) -> None:
    # 礼让街 13/35 = 37.14% and 人民街 19/52 = 36.54% both print as 37%.
    def place(entries: tongbao.Ranking, name: str) -> int | None:
        return next(e.rank for e in entries if e.tally.unit.name == name)

    exact = rank(seed_tallies)
    assert place(exact, "礼让街办事处") < place(exact, "人民街办事处")  # type: ignore[operator]
    shown = rank(seed_tallies, rate_places=0)
    assert place(shown, "礼让街办事处") == place(shown, "人民街办事处") == 17


def test_min_submitted_leaves_small_units_unranked(seed_tallies: list[Tally]) -> None:
    ranked = rank(seed_tallies, min_submitted=5)
    unranked = [e.tally.unit.name for e in ranked if e.rank is None]
    assert unranked == ["区建设局", "区审计局", "区教育局"]  # given order
    assert places(ranked)[:2] == [(1, "区政府办公室"), (1, "区城管局")]


@pytest.mark.parametrize(
    ("by", "first"),
    [
        ("adopted", [(1, "市政公用服务中心"), (2, "区食品药品和市场监督管理局")]),
        ("submitted", [(1, "人民街办事处"), (2, "饮马街办事处")]),
    ],
)
def test_rank_by_counts(
    seed_tallies: list[Tally], by: tongbao._stats.RankBy, first: list[tuple[int, str]]
) -> None:
    ranked = rank(seed_tallies, by=by)
    assert places(ranked)[:2] == first
    assert len(ranked) == 27  # a unit with 0 submitted is ranked by counts


def test_rank_by_key_function(seed_tallies: list[Tally]) -> None:
    ranked = rank(seed_tallies, by=lambda t: -len(t.unit.name) if t.unit.group == "镇街" else None)
    assert ranked[0] == tongbao.Ranked(1, seed_tallies[2])  # 总寨镇政府: 5 characters
    assert sum(e.rank is None for e in ranked) == 19


def test_rank_per_group(seed_tallies: list[Tally]) -> None:
    ranked = rank(seed_tallies, per_group=True)
    towns = [e for e in ranked if e.tally.unit.group == "镇街"]
    assert ranked[:8] == tuple(towns)
    assert places(tuple(towns))[:2] == [(1, "仓门街办事处"), (2, "南川东路办事处")]
    departments = ranked[8:]
    assert departments[0].rank == 1
    assert departments[-1].rank is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "points"}, "by must be"),
        ({"ties": "olympic"}, "ties must be"),
        ({"min_submitted": -1}, "min_submitted"),
        ({"rate_places": -1}, "rate_places"),
    ],
)
def test_bad_rank_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank([], **kwargs)  # type: ignore[arg-type]


def test_large_counts_use_exact_comparison() -> None:
    # Two rates that differ by less than a float can tell apart.
    big = 2**40
    items = [make("甲", big, big - 1), make("乙", big + 1, big)]
    assert places(rank(items)) == [(1, "乙"), (2, "甲")]
    assert Fraction(big, big + 1) > Fraction(big - 1, big)


@pytest.mark.slow
@given(
    tally_lists(),
    st.sampled_from(["rate", "adopted", "submitted"]),
    st.sampled_from(["competition", "dense"]),
)
def test_rank_invariants(items: list[Tally], by: str, ties: str) -> None:
    ranked = rank(items, by=by, ties=ties)  # type: ignore[arg-type]
    assert sorted(map(id, (e.tally for e in ranked))) == sorted(map(id, items))

    def key(t: Tally) -> Fraction | int | None:
        return rate(t) if by == "rate" else getattr(t, by)

    given_at = {id(t): i for i, t in enumerate(items)}
    placed = [e for e in ranked if e.rank is not None]
    assert all(e.rank is None for e in ranked[len(placed) :])
    for before, after in itertools.pairwise(placed):
        assert before.rank <= after.rank  # type: ignore[operator]
        assert key(before.tally) >= key(after.tally)  # type: ignore[operator]
        assert (before.rank == after.rank) == (key(before.tally) == key(after.tally))
        if before.rank == after.rank:  # ties keep the given order
            assert given_at[id(before.tally)] < given_at[id(after.tally)]
    for position, entry in enumerate(placed, start=1):
        if ties == "competition":
            # the place is one more than the number strictly ahead
            ahead = sum(key(o.tally) > key(entry.tally) for o in placed)  # type: ignore[operator]
            assert entry.rank == ahead + 1
        else:
            assert entry.rank <= position  # type: ignore[operator]
    if placed:
        assert placed[0].rank == 1


@pytest.mark.slow
@given(tally_lists(max_count=10**12))
def test_float_and_fraction_paths_agree(items: list[Tally]) -> None:
    by_fraction = rank(items, by=rate)
    assert [e.rank for e in rank(items)] == [e.rank for e in by_fraction]
    assert [id(e.tally) for e in rank(items)] == [id(e.tally) for e in by_fraction]
