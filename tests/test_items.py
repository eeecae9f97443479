"""Item records: duplicates at any scale, counting each once, local dates.

The duplicate finder is checked against the plain definition (every pair of one
unit's items within the window, the same normal form or at least the threshold alike)
on small inputs, and for the invariants notices rely on: counting once never raises a
count, and the order of the rows changes nothing.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongbao import Period, _items
from tongbao._items import (
    DEFAULT_SIMILARITY,
    DEFAULT_WINDOW_DAYS,
    TITLE_CHARS_COMPARED,
    Duplicate,
    Item,
    ItemCounts,
    count_items,
    counted_once,
    find_duplicates,
    local_date,
    normalize_title,
    similarity,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEVELS = ("市级", "省级")
FIRST = datetime.date(2018, 2, 20)

# Titles as offices write them, and the changes they make when they send one again.
BASES = (
    "城东镇召开安全生产工作会议",
    "城东镇召开森林防火工作会议",
    "城东镇于3月5日召开脱贫攻坚推进会",
    "关于城东镇开展“两学一做”学习教育的情况报告",
    "城东镇开展食品安全专项检查",
    "城东镇开展消防安全专项检查",
    "城东镇第一季度河长制工作",
    "ab",
    "a",
    "。",
    "",
)
CHANGES = ("", "（更正）", "。", " ", "（更正稿）", "Ａ", "a", "查", "工作")


@st.composite
def titles(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(BASES))
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(base)))
        base = base[:cut] + draw(st.sampled_from(CHANGES)) + base[cut:]
    if draw(st.booleans()):
        base = base.replace("3月5日", "3月6日").replace("一", "二")
    return base


@st.composite
def items(draw: st.DrawFn) -> Item:
    level = draw(st.sampled_from((None, None, *LEVELS)))
    return Item(
        unit=draw(st.sampled_from(("城东镇", "城西镇", "南川镇"))),
        title=draw(titles()),
        submitted_on=FIRST + datetime.timedelta(days=draw(st.integers(0, 75))),
        adopted=level is not None or draw(st.booleans()),
        level=level,
        instructed=draw(st.booleans()),
        group=draw(st.sampled_from(("镇街", "部门"))),
    )


item_lists = st.lists(items(), max_size=30)
thresholds = st.sampled_from(
    (
        DEFAULT_SIMILARITY,
        Fraction(1, 2),
        Fraction(9, 10),
        Fraction(1),
        Fraction(1, 100),
        Fraction(0),
        Fraction(-1),
        Fraction(11, 10),
    )
)
windows = st.integers(-1, 40)


def linked(a: Item, b: Item, window_days: int, threshold: Fraction) -> bool:
    """The definition: one unit, within the window, the same or nearly the same title."""
    if a.unit != b.unit or abs((a.submitted_on - b.submitted_on).days) > window_days:
        return False
    x, y = normalize_title(a.title), normalize_title(b.title)
    return x == y or (bool(x) and bool(y) and similarity(a.title, b.title) >= threshold)


def every_pair(
    records: Sequence[Item], window_days: int, threshold: Fraction
) -> set[frozenset[int]]:
    """The groups (as sets of indexes) of comparing every pair: the brute force."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for j in range(len(records)):
        for i in range(j):
            if linked(records[i], records[j], window_days, threshold):
                parent[root(i)] = root(j)
    groups: dict[int, set[int]] = {}
    for i in range(len(records)):
        groups.setdefault(root(i), set()).add(i)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


def as_indexes(records: Sequence[Item], found: Sequence[Duplicate]) -> set[frozenset[int]]:
    position = {id(item): i for i, item in enumerate(records)}
    return {frozenset(position[id(item)] for item in d.items) for d in found}


def _ordinal(item: Item) -> int:
    return item.submitted_on.year * 12 + item.submitted_on.month - 1


def months_of(records: Sequence[Item]) -> list[Period]:
    """Every month of the items, their quarters and their whole span."""
    ordinals = sorted({i.submitted_on.year * 12 + i.submitted_on.month - 1 for i in records})
    periods = [Period.months_of(o // 12, o % 12 + 1, o // 12, o % 12 + 1) for o in ordinals]
    if ordinals:
        first, last = ordinals[0], ordinals[-1]
        periods.append(Period.months_of(first // 12, first % 12 + 1, last // 12, last % 12 + 1))
        periods.append(Period.quarter(2018, 1))
    return periods


def levels_of(records: Sequence[Item]) -> tuple[str, ...]:
    """The level names to count by: when every adopted item has one (a tally's levels
    add up to its adopted)."""
    return LEVELS if all(i.level for i in records if i.adopted) else ()


def figures(
    counts: ItemCounts, period: Period, levels: Sequence[str]
) -> dict[str, tuple[int, ...]]:
    """Each unit's counts in ``period``: submitted, adopted, instructions, by level."""
    return {
        t.unit.name: (t.submitted, t.adopted, t.instructions or 0, *(n for _, n in t.levels))
        for t in counts.tallies(period, levels=levels)
    }


# --- the finder against the definition --------------------------------------------


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    item_lists,
    windows,
    thresholds,
    st.sampled_from((0, _items._FEW, 10**9)),
    st.sampled_from((0, 3, _items._DENSE_AFTER)),
)
def test_the_same_groups_as_comparing_every_pair(
    records: list[Item], window_days: int, threshold: Fraction, few: int, dense_after: int
) -> None:
    # Candidates are looked for among sets of any size, then, when more than `few`,
    # size by size, and only so once `dense_after` sets were met and most found many:
    # small inputs take every way only when these are changed.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_items, "_FEW", few)
        patch.setattr(_items, "_DENSE_AFTER", dense_after)
        found = find_duplicates(records, window_days=window_days, threshold=threshold)
    assert as_indexes(records, found) == every_pair(records, window_days, threshold)
    for d in found:
        assert d.exact == (len({normalize_title(i.title) for i in d.items}) == 1)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(item_lists, windows, thresholds, st.randoms(use_true_random=False))
def test_the_order_of_the_items_changes_nothing(
    records: list[Item], window_days: int, threshold: Fraction, rnd: object
) -> None:
    shuffled = list(records)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = find_duplicates(records, window_days=window_days, threshold=threshold)
    again = find_duplicates(shuffled, window_days=window_days, threshold=threshold)
    assert first == again
    kept = count_items(records).without(counted_once(first))
    kept_again = count_items(shuffled).without(counted_once(again))
    for period in months_of(records):
        assert figures(kept, period, levels_of(records)) == figures(
            kept_again, period, levels_of(records)
        )


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(item_lists, windows, thresholds)
def test_each_group_is_a_chain_of_linked_pairs(
    records: list[Item], window_days: int, threshold: Fraction
) -> None:
    for d in find_duplicates(records, window_days=window_days, threshold=threshold):
        assert len(d.items) > 1
        assert {i.unit for i in d.items} == {d.unit}
        reached, todo = {0}, [0]
        while todo:
            a = todo.pop()
            for b in range(len(d.items)):
                if b not in reached and linked(d.items[a], d.items[b], window_days, threshold):
                    reached.add(b)
                    todo.append(b)
        assert reached == set(range(len(d.items)))
        if d.exact:
            assert len({normalize_title(i.title) for i in d.items}) == 1


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(item_lists)
def test_the_copy_kept_is_adopted_instructed_earliest(records: list[Item]) -> None:
    for d in find_duplicates(records):
        kept, others = d.items[0], d.items[1:]
        if any(i.adopted or i.level for i in others):
            assert kept.adopted or kept.level
        for other in others:
            if (bool(kept.adopted or kept.level), kept.instructed) == (
                bool(other.adopted or other.level),
                other.instructed,
            ):
                assert kept.submitted_on <= other.submitted_on
        dates = [other.submitted_on for other in others]
        assert dates == sorted(dates)  # the copies not kept, by date, as a clerk reads them


def test_copies_after_the_kept_one_come_by_date() -> None:
    day = datetime.date(2018, 3, 1)
    title = "城东镇召开春耕生产会议"
    copies = [
        Item("城东镇", title, day.replace(day=9), adopted=True),
        Item("城东镇", title, day.replace(day=6), adopted=True),
        Item("城东镇", title, day.replace(day=3)),
    ]
    (duplicate,) = find_duplicates(copies)
    assert [i.submitted_on.day for i in duplicate.items] == [6, 3, 9]


ALL18 = "一二三四五六七八九十甲乙丙丁戊己庚辛"  # 17 bigrams


@pytest.mark.parametrize("few", [0, 10**9])
@pytest.mark.parametrize("later", [0, 1, -1])
@pytest.mark.parametrize(
    ("one", "other", "threshold", "alike"),
    [
        # Dice exactly the threshold, the other as long as the length filter allows:
        ("ab", "abcd", Fraction(1, 2), True),  # {ab} and {ab, bc, cd}: 2·1 / 4
        ("ab", "abcde", Fraction(1, 2), False),  # 2·1 / 5
        (ALL18, ALL18 + "子丑寅卯辰巳", DEFAULT_SIMILARITY, True),  # 2·17 / (17 + 23)
        (ALL18, ALL18 + "子丑寅卯辰巳午", DEFAULT_SIMILARITY, False),  # 2·17 / (17 + 24)
    ],
)  # fmt: skip
def test_titles_exactly_as_alike_as_the_threshold_are_linked(
    one: str, other: str, threshold: Fraction, alike: bool, later: int, few: int
) -> None:
    assert (similarity(one, other) >= threshold) is alike
    day = datetime.date(2018, 3, 5)
    # `later`: the other title comes the same day, a day later or a day earlier.
    records = [Item("甲", one, day), Item("甲", other, day + datetime.timedelta(days=later))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_items, "_FEW", few)
        for order in (records, records[::-1]):
            found = find_duplicates(order, threshold=threshold)
            assert len(found) == alike


# --- counting each once -----------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(item_lists, windows, thresholds)
def test_counting_once_never_raises_a_count(
    records: list[Item], window_days: int, threshold: Fraction
) -> None:
    counts = count_items(records, instructions=True)
    once = counts.without(
        counted_once(find_duplicates(records, window_days=window_days, threshold=threshold))
    )
    for period in months_of(records):
        levels = levels_of(records)
        every, fewer = figures(counts, period, levels), figures(once, period, levels)
        assert every.keys() == fewer.keys()
        for unit, numbers in every.items():
            assert all(a <= b for a, b in zip(fewer[unit], numbers, strict=True))


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(item_lists, windows, thresholds)
def test_counting_once_is_counting_the_copies_kept(
    records: list[Item], window_days: int, threshold: Fraction
) -> None:
    found = find_duplicates(records, window_days=window_days, threshold=threshold)
    dropped = {id(i) for i in counted_once(found)}
    kept = [i for i in records if id(i) not in dropped]
    once = count_items(records, instructions=True).without(counted_once(found))
    for period in months_of(records):
        levels = levels_of(records)
        assert figures(once, period, levels) == figures(
            count_items(kept, instructions=True), period, levels
        )


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(item_lists)
def test_tallies_add_up_to_the_items(records: list[Item]) -> None:
    records = [attrs.evolve(i, adopted=i.level is not None) for i in records]
    counts = count_items(records, instructions=True)
    for period in months_of(records):
        inside = [i for i in records if period.start <= _ordinal(i) <= period.end]
        tallies = counts.tallies(period, levels=LEVELS)
        assert sum(t.submitted for t in tallies) == len(inside)
        assert sum(t.adopted for t in tallies) == sum(1 for i in inside if i.adopted or i.level)
        assert sum(t.instructions or 0 for t in tallies) == sum(i.instructed for i in inside)
        for k, level in enumerate(LEVELS):
            assert sum(t.levels[k][1] for t in tallies) == sum(i.level == level for i in inside)


# --- as offices make them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("城东镇召开安全生产工作会议", "城东镇召开安全生产工作会议（更正）"),
        (
            "关于城东镇扎实推进人居环境整治工作的情况报告",
            "关于城东镇扎实推进人居环境整治工作的情况报告（更正稿）",
        ),
        (
            "城东镇于3月5日召开2018年第一季度安全生产工作会议",
            "城东镇于3月6日召开2018年第一季度安全生产工作会议",
        ),
        ("城东镇开展“两学一做”学习教育专题培训", '城东镇开展"两学一做"学习教育专题培训'),
        ("２０１８年城东镇开展春季植树活动", "2018年城东镇开展春季植树活动"),
        ("城东镇 开展 春季植树活动。", "城东镇开展春季植树活动"),
        ("ＣＢＤ管委会召开招商引资推进会", "cbd管委会召开招商引资推进会"),
    ],
)
def test_copies_offices_send_again_are_found(first: str, again: str) -> None:
    records = [
        Item("城东镇", first, datetime.date(2018, 3, 5), adopted=True),
        Item("城东镇", again, datetime.date(2018, 3, 5) + datetime.timedelta(days=3)),
        Item("城西镇", again, datetime.date(2018, 3, 6)),  # another unit's: not a copy
    ]
    (found,) = find_duplicates(records)
    assert found.items == tuple(records[:2])
    assert counted_once([found]) == [records[1]]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("城东镇召开安全生产工作会议", "城东镇召开森林防火工作会议"),
        ("城东镇召开脱贫攻坚工作推进会", "城东镇召开河长制工作推进会"),
        ("城东镇开展消防安全专项检查", "城东镇开展食品安全专项检查"),
        (
            "城东镇召开2018年第一季度安全生产工作会议",
            "城东镇召开2018年第一季度食品安全工作会议",
        ),
    ],
)
def test_meetings_of_one_kind_on_other_subjects_are_not_copies(one: str, other: str) -> None:
    assert similarity(one, other) < DEFAULT_SIMILARITY
    day = datetime.date(2018, 3, 5)
    assert find_duplicates([Item("城东镇", one, day), Item("城东镇", other, day)]) == ()


def test_copies_further_apart_than_the_window_are_not_linked() -> None:
    title = "城东镇召开安全生产工作会议"
    day = datetime.date(2018, 3, 1)
    late = day + datetime.timedelta(days=DEFAULT_WINDOW_DAYS + 1)
    between = day + datetime.timedelta(days=4)
    assert find_duplicates([Item("甲", title, day), Item("甲", title, late)]) == ()
    # ... unless a copy between them is within the window of each: a chain.
    (found,) = find_duplicates(
        [Item("甲", title, day), Item("甲", title, late), Item("甲", title, between)]
    )
    assert [i.submitted_on for i in found.items] == [day, between, late]
    assert found.exact
    (found,) = find_duplicates(
        [Item("甲", title, day), Item("甲", title, late), Item("甲", title + "（更正）", between)]
    )
    assert len(found.items) == 3
    assert not found.exact


def test_titles_are_compared_on_their_first_characters_only() -> None:
    head = "城东镇召开安全生产工作会议" * (TITLE_CHARS_COMPARED // 13 + 1)
    assert similarity(head + "甲" * 10**6, head + "乙" * 10**6) == 1
    assert normalize_title(head + "甲") != normalize_title(head + "乙")
    day = datetime.date(2018, 3, 5)
    (found,) = find_duplicates([Item("甲", head + "甲" * 10**6, day), Item("甲", head + "乙", day)])
    assert not found.exact


@given(st.text())
def test_normalizing_drops_punctuation_spaces_symbols_and_controls(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert normalize_title(text) == "".join(
        c for c in folded if unicodedata.category(c)[0] not in "PZSC"
    )


# --- local dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "local"),
    [
        ("2018-02-28T16:30:00+00:00", "2018-03-01"),  # UTC afternoon: next day, next month
        ("2018-03-31T16:00:00Z", "2018-04-01"),
        ("2018-03-31T15:59:59Z", "2018-03-31"),
        ("2018-12-31T23:59:59-05:00", "2019-01-01"),  # into the next year
        ("2018-04-01T07:59:59+08:00", "2018-04-01"),  # already local
        ("2018-04-01T00:30:00+09:00", "2018-03-31"),  # Tokyo's midnight: the month before
        ("2018-03-31T23:30:00", "2018-03-31"),  # naive: taken as local
        ("2016-02-29T20:00:00+00:00", "2016-03-01"),  # a leap day
    ],
)
def test_local_date_of_a_timestamp(stamp: str, local: str) -> None:
    value = datetime.datetime.fromisoformat(stamp)
    assert local_date(value, SHANGHAI) == datetime.date.fromisoformat(local)


@given(
    st.datetimes(
        min_value=datetime.datetime(1990, 1, 1),
        max_value=datetime.datetime(2100, 12, 31),
    ),
    st.integers(-14 * 60, 14 * 60),
)
def test_local_date_converts_any_offset(moment: datetime.datetime, minutes: int) -> None:
    aware = moment.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=minutes)))
    assert local_date(aware, SHANGHAI) == aware.astimezone(SHANGHAI).date()
    assert local_date(moment, SHANGHAI) == moment.date()
    assert local_date(moment.date(), SHANGHAI) == moment.date()
