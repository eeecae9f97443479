"""Items in a notice: [items], data from an item log, the unit list, duplicates.

Covers _itemspec (the [items] table and a database's data keys), _itemtallies (an item
source to every period's tallies), _unitlist, the item path of _resolve, the
duplicates attachment (_compose) and ``tongbao check``'s summary of an item log.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import os
import random
import re
import subprocess
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import pytest

import tongbao
from tongbao import InputError, Period
from tongbao._items import Item, ItemList
from tongbao._itemspec import ItemsSpec
from tongbao._itemtallies import count_for_notice, months_span, spans
from tongbao._model import Unit
from tongbao._problems import Collector
from tongbao.cli import main

from .tools import require_server, require_tool, require_truetype

HEAD = """\
title = "关于2018年3-4月份政府门户网站信息报送情况的通报"
issuer = "西宁市城中区人民政府办公室"
date = 2018-05-10
period = "2018-03/2018-04"
"""
BODY = 'body = ["{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"]\n'
HEADING = ("单位", "标题", "报送日期", "是否采用")

Row = tuple[str, str, str, str]
LOG: list[Row] = [
    ("城东镇", "城东镇开展春季植树活动", "2018-03-05", "是"),
    ("城东镇", "城东镇开展春季植树活动！", "2018-03-06", "否"),
    ("城东镇", "城东镇召开脱贫攻坚推进会", "2018-04-02", "否"),
    ("南川东路办事处", "南川东路办事处召开安全生产会议", "2018-04-10", "是"),
    ("南川东路办事处", "南川东路办事处召开安全生产工作会议", "2018-04-12", "否"),
    ("南川东路办事处", "南川东路办事处走访慰问困难群众", "2018-02-01", "是"),
    ("区统计局", "区统计局发布一季度经济运行情况", "2018-04-20", "是"),
    ("区统计局", "区统计局开展统计法宣传", "2017-03-15", "否"),
    ("区统计局", "区统计局五月工作安排", "2018-05-03", "否"),
]
"""Exact copies (城东镇), near ones (南川东路), items in the previous period, a year
ago, and one after the period (2018-05-03)."""


def write_log(folder: Path, rows: Sequence[Sequence[str]], name: str = "items.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADING)
    writer.writerows(rows)
    path = folder / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def notice_file(folder: Path, tail: str = "", *, data: str = 'data = "items.csv"\n') -> Path:
    path = folder / "notice.toml"
    path.write_text(HEAD + data + BODY + tail, encoding="utf-8")
    return path


def items(rows: Sequence[Row] = LOG) -> list[Item]:
    return [
        Item(unit, title, datetime.date.fromisoformat(day), adopted == "是", place=f"line {n}")
        for n, (unit, title, day, adopted) in enumerate(rows, start=2)
    ]


def counted(
    rows: Sequence[Row] = LOG,
    spec: ItemsSpec | None = None,
    periods: dict[str, Period] | None = None,
    roster: Sequence[Unit] | None = None,
    excluded: Sequence[str] = (),
) -> tuple[dict[str, list[tongbao.Tally]], tuple[tongbao.Duplicate, ...], Collector, object]:
    problems = Collector("items.csv")
    lists, duplicates, summary = count_for_notice(
        ItemList("items.csv", items(rows)),
        periods or {"tallies": Period.parse("2018-03/2018-04")},
        spec or ItemsSpec(),
        levels=(),
        excluded=excluded,
        problems=problems,
        roster=roster,
    )
    return lists, duplicates, problems, summary


def figures(tallies: Sequence[tongbao.Tally]) -> dict[str, tuple[int | None, int]]:
    return {t.unit.name: (t.submitted, t.adopted) for t in tallies}


def problems_of(path: Path, **kwargs: object) -> list[tongbao.Problem]:
    with pytest.raises(InputError) as caught:
        tongbao.read_notice(path, **kwargs)  # type: ignore[arg-type]
    return list(caught.value.problems)


# --- the [items] table and a database's data keys ----------------------------------


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("tail", "code", "needle"),
    [
        ('[items]\nduplicates = "twice"\n', "toml.items_choice", "duplicates ="),
        ('[items]\nnew_units = "keep"\n', "toml.items_choice", "new_units ="),
        ("[items]\nwindow_days = -1\n", "toml.items_window", "window_days"),
        ("[items]\nwindow_days = 400\n", "toml.items_window", "window_days"),
        ("[items]\nwindow_days = 7.5\n", "toml.items_window", "window_days"),
        ("[items]\nsimilarity = 0\n", "toml.items_similarity", "similarity"),
        ("[items]\nsimilarity = 1.5\n", "toml.items_similarity", "similarity"),
        ('[items]\nsimilarity = "high"\n', "toml.items_similarity", "similarity"),
        ('[items]\ntime_zone = "Mars/Olympus"\n', "toml.items_time_zone", "time_zone"),
        ('[items]\ntime_zone = "../../etc/passwd"\n', "toml.items_time_zone", "time_zone"),
        ("[items]\nunits = 3\n", "toml.items_units", "units ="),
        ("[items]\nunits = [3]\n", "toml.items_unit", "units ="),
        ('[items]\nunits = ["甲", "甲"]\n', "toml.items_unit_twice", "units ="),
        ("[items]\nduplicates_title = 3\n", "toml.wrong_type", "duplicates_title"),
        ("[items]\nwindow = 3\n", "toml.unknown_key", "window ="),
        ("[items]\nadopted_values = 3\n", "toml.items_adopted_table", "adopted_values"),
        ('[items]\nadopted_values = ["已发布"]\n', "toml.items_adopted_table", "adopted_values"),
        ('[items]\nadopted_values = { "已发布" = "是" }\n', "toml.items_adopted_value",
         "adopted_values"),
        ('[items]\nadopted_values = { "" = false }\n', "toml.items_adopted_empty",
         "adopted_values"),
        ('[items]\nadopted_values = { "是" = false }\n', "toml.items_adopted_clash",
         "adopted_values"),
        ('[items]\nadopted_values = { "N" = true }\n', "toml.items_adopted_clash",
         "adopted_values"),
        ('[items]\nadopted_values = { "Pending" = false, "ｐｅｎｄｉｎｇ" = true }\n',
         "toml.items_adopted_twice", "adopted_values"),
        ('[items.adopted_values]\n"已发布" = true\n"退回" = 0\n', "toml.items_adopted_value",
         '"退回"'),
        ("[items.adopted_values]\n'已发布' = true\n'√' = false\n", "toml.items_adopted_clash",
         "'√'"),
        ('[items.adopted_values]\nPending = false\n"待审核" = false\nPENDING = true\n',
         "toml.items_adopted_twice", "PENDING"),
        ('[items]\nadopted_values = { "　" = false }\n', "toml.items_adopted_empty",
         "adopted_values"),
        ('[items.adopted_values]\n"已发布" = true\n"a.b c" = 1\n', "toml.items_adopted_value",
         "[items.adopted_values]"),  # a key no path can name: the table's line
    ],
)  # fmt: skip
def test_items_keys_are_checked_and_located(
    tmp_path: Path, tail: str, code: str, needle: str
) -> None:
    write_log(tmp_path, LOG)
    path = notice_file(tmp_path, tail)
    found = [p for p in problems_of(path) if p.code == code]
    assert found, code
    text = path.read_text("utf-8")
    assert found[0].location.file == str(path)
    assert found[0].location.row == _line(text, needle)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ('data = { url = "sqlite:///r.db" }\n', "toml.data_table_or_query"),
        ('data = { url = "sqlite:///r.db", table = "t", query = "SELECT 1" }\n',
         "toml.data_table_or_query"),
        ('data = { url = "sqlite:///r.db", file = "x.csv", table = "t" }\n',
         "toml.data_one_source"),
        ('data = { url = "sqlite:///r.db", table = "t", sheet = "s" }\n',
         "toml.data_sheet_with_url"),
        ('data = { url = "postgresql://u:secret@h/db", table = "t" }\n', "toml.url_password"),
        ('data = { url = "postgresql://u@h/db?password=s", table = "t" }\n', "toml.url_password"),
        ('data = { url = 3, table = "t" }\n', "toml.wrong_type"),
        ('data = { file = "items.csv", table = "t" }\n', "toml.data_needs_url"),
        ('data = { url = "sqlite:///r.db", table = "t", columns = { subject = "s" } }\n',
         "toml.item_figure"),
        ('data = { file = "items.csv", columns = { ytd_title = "标题" } }\n',
         "toml.unknown_figure"),
    ],
)  # fmt: skip
def test_database_keys_are_checked(tmp_path: Path, data: str, code: str) -> None:
    write_log(tmp_path, LOG)
    path = notice_file(tmp_path, data=data)
    found = [p for p in problems_of(path) if p.code == code]
    assert found, [p.code for p in problems_of(path)]
    assert found[0].location.row == _line(path.read_text("utf-8"), "data =")
    assert "secret" not in str(found[0])


def test_a_password_never_appears_in_messages(tmp_path: Path) -> None:
    path = notice_file(
        tmp_path, data='data = { url = "postgresql://u:hunter2@h/db", table = "t" }\n'
    )
    assert "hunter2" not in "\n".join(str(p) for p in problems_of(path))


def test_an_unset_url_variable_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TONGBAO_TEST_RECORDS", raising=False)
    path = notice_file(tmp_path, data='data = { url_env = "TONGBAO_TEST_RECORDS", table = "t" }\n')
    (problem,) = problems_of(path)
    assert problem.code == "toml.url_env_unset"
    assert "TONGBAO_TEST_RECORDS" in str(problem)


def test_a_posted_notice_opens_no_database() -> None:
    text = HEAD + 'data = { url = "sqlite:///r.db", table = "t" }\n' + BODY
    with pytest.raises(InputError) as caught:
        tongbao.loads(text, files={})
    (problem,) = caught.value.problems
    assert problem.code == "toml.database_not_allowed"
    assert problem.location.row == 5


def test_items_on_a_tally_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "counts.csv").write_text("单位,报送数,采纳数\n甲,2,1\n", encoding="utf-8")
    path = notice_file(tmp_path, '[items]\nduplicates = "list"\n', data='data = "counts.csv"\n')
    (problem,) = problems_of(path)
    assert problem.code == "toml.items_without_items"


def test_similarity_is_read_exactly(tmp_path: Path) -> None:
    from tongbao._load import _Locator, _parse_toml
    from tongbao._noticefile import _Parser

    text = HEAD + 'data = "items.csv"\n[items]\nsimilarity = 0.85\nwindow_days = 3\n'
    parsed = _Parser("n.toml", _Locator(text), _parse_toml(text, "n.toml")).parse()
    assert parsed.items is not None
    assert parsed.items.similarity == Fraction(17, 20)
    assert parsed.items.window_days == 3


def test_similarity_exact_finds_only_the_same_titles(tmp_path: Path) -> None:
    from tongbao._load import _Locator, _parse_toml
    from tongbao._noticefile import _Parser

    text = HEAD + 'data = "items.csv"\n[items]\nsimilarity = "exact"\n'
    parsed = _Parser("n.toml", _Locator(text), _parse_toml(text, "n.toml")).parse()
    assert parsed.items is not None
    _lists, duplicates, problems, _summary = counted(spec=parsed.items)
    assert not problems
    # 城东镇's copies differ only by a "！"; 南川东路's are only nearly the same.
    assert [(d.unit, d.exact) for d in duplicates] == [("城东镇", True)]
    _lists, near, *_ = counted(spec=ItemsSpec())
    assert sorted(d.unit for d in near) == sorted(["城东镇", "南川东路办事处"])


# --- the unit list ---------------------------------------------------------------


def test_units_without_items_get_zeros_in_the_list_s_order() -> None:
    roster = [Unit("区建设局"), Unit("城东镇"), Unit("南川东路办事处"), Unit("区统计局")]
    lists, _dups, problems, _summary = counted(roster=roster)
    assert not problems
    assert figures(lists["tallies"]) == {
        "区建设局": (0, 0),
        "城东镇": (3, 1),
        "南川东路办事处": (2, 1),
        "区统计局": (1, 1),
    }


def test_without_a_list_every_unit_in_the_log_is_counted_in_name_order() -> None:
    """Name order, not the log's: a file and a database give the same notice."""
    lists, *_ = counted()
    names = ["城东镇", "南川东路办事处", "区统计局"]
    assert list(figures(lists["tallies"])) == sorted(names)
    reordered, *_ = counted(list(reversed(LOG)))
    assert list(figures(reordered["tallies"])) == sorted(names)


def test_a_unit_not_in_the_list_is_named_with_its_place_and_the_nearest_name() -> None:
    roster = [Unit("城东镇"), Unit("南川东路街道办事处"), Unit("区统计局")]
    _lists, _dups, problems, _summary = counted(roster=roster)
    (problem,) = problems.problems()
    assert problem.code == "items.unknown_unit"
    assert problem.params["unit"] == "南川东路办事处"
    assert "南川东路街道办事处" in problem.params["hint"]
    assert problem.location.file == "items.csv"
    assert problem.location.place == "line 5"  # its first item among those read


def test_units_only_outside_the_periods_or_excluded_are_not_unknown() -> None:
    rows = [*LOG, ("老城区办", "旧单位的信息", "2016-01-05", "否")]
    roster = [Unit("城东镇"), Unit("区统计局")]
    _lists, _dups, problems, _summary = counted(rows, roster=roster, excluded=["南川东路办事处"])
    assert not problems


def test_new_units_add_puts_them_after_the_list() -> None:
    roster = [Unit("区建设局"), Unit("城东镇")]
    lists, _dups, problems, summary = counted(roster=roster, spec=ItemsSpec(new_units="add"))
    assert not problems
    added = sorted(["南川东路办事处", "区统计局"])  # in name order, as without a list
    assert list(figures(lists["tallies"])) == ["区建设局", "城东镇", *added]
    assert summary.added == tuple(added)  # type: ignore[attr-defined]


def test_the_list_s_group_wins_and_a_different_one_is_an_error() -> None:
    grouped = [(u, t, d, a) for u, t, d, a in LOG]
    log = [
        Item(u, t, datetime.date.fromisoformat(d), a == "是", group="镇街", place=f"line {n}")
        for n, (u, t, d, a) in enumerate(grouped, start=2)
    ]
    problems = Collector("items.csv")
    roster = [Unit("城东镇", group="镇街"), Unit("南川东路办事处", group="街道"), Unit("区统计局")]
    lists, _d, _s = count_for_notice(
        ItemList("items.csv", log),
        {"tallies": Period.parse("2018-03/2018-04")},
        ItemsSpec(),
        levels=(),
        excluded=(),
        problems=problems,
        roster=roster,
    )
    (problem,) = problems.problems()
    assert problem.code == "items.group_differs"
    assert problem.params == {"unit": "南川东路办事处", "listed": "街道", "given": "镇街"}
    assert [t.unit.group for t in lists["tallies"]] == ["镇街", "街道", "镇街"]


def test_a_unit_list_file(tmp_path: Path) -> None:
    write_log(tmp_path, LOG)
    (tmp_path / "units.csv").write_text(
        "2018年报送单位名单\n单位,类别\n区建设局,部门\n城东镇,镇街\n南川东路办事处,街道\n区统计局,部门\n",
        encoding="utf-8",
    )
    path = notice_file(tmp_path, '[items]\nunits = "units.csv"\n')
    loaded = tongbao.read_notice(path)
    assert [(t.unit.name, t.unit.group, t.submitted) for t in loaded.notice.tallies] == [
        ("区建设局", "部门", 0),
        ("城东镇", "镇街", 3),
        ("南川东路办事处", "街道", 2),
        ("区统计局", "部门", 1),
    ]
    assert tmp_path / "units.csv" in loaded.sources


def test_a_unit_list_file_s_problems_are_located(tmp_path: Path) -> None:
    write_log(tmp_path, LOG)
    (tmp_path / "units.csv").write_text("单位\n城东镇\n区统计局\n城东镇\n", encoding="utf-8")
    path = notice_file(tmp_path, '[items]\nunits = "units.csv"\n')
    problems = problems_of(path)
    twice = next(p for p in problems if p.code == "items.unit_list_twice")
    assert twice.location.file.endswith("units.csv")
    assert twice.location.place == "line 4"
    (tmp_path / "units.csv").write_text("名称\n城东镇\n", encoding="utf-8")
    assert any(p.code == "items.unit_list_header" for p in problems_of(path))


# --- periods, outside items, comparisons, year to date ------------------------------


def test_items_outside_every_period_are_counted_not_refused() -> None:
    _lists, _d, problems, summary = counted()
    assert not problems
    # 2018-02-01 (previous period, not needed here), 2017-03-15, 2018-05-03
    assert summary.outside == 3  # type: ignore[attr-defined]
    assert summary.items == len(LOG)  # type: ignore[attr-defined]


def test_comparisons_and_year_to_date_come_from_the_items() -> None:
    period = Period.parse("2018-03/2018-04")
    periods = {
        "tallies": period,
        "previous": period.previous(),
        "year_ago": period.year_ago(),
        "year_to_date": Period.parse("2018-01/2018-04"),
    }
    lists, _d, _p, summary = counted(periods=periods)
    assert figures(lists["previous"])["南川东路办事处"] == (1, 1)
    assert figures(lists["year_ago"])["区统计局"] == (1, 0)
    assert figures(lists["year_to_date"])["南川东路办事处"] == (3, 2)
    assert summary.outside == 1  # type: ignore[attr-defined]  # 2018-05-03 only


def test_a_notice_compares_and_sums_the_year_from_one_item_log(tmp_path: Path) -> None:
    write_log(tmp_path, LOG)
    tail = (
        "[comparison]\nprevious = true\nyear_ago = true\n"
        '[attachment]\ntitle = "统计表"\nyear_to_date = true\n'
        'columns = ["unit", "submitted", "adopted", "ytd_submitted", "ytd_adopted"]\n'
    )
    notice = tongbao.load(notice_file(tmp_path, tail))
    assert figures(notice.previous) == {
        "城东镇": (0, 0),
        "南川东路办事处": (1, 1),
        "区统计局": (0, 0),
    }
    assert figures(notice.year_ago)["区统计局"] == (1, 0)
    assert figures(notice.year_to_date)["南川东路办事处"] == (3, 2)
    values = tongbao._compose.placeholder_values(notice)
    assert values["prev_submitted"] == "1"


def test_months_span_widens_by_the_window() -> None:
    first, last = months_span([Period.parse("2018-03/2018-04")], 7)
    assert (first, last) == (datetime.date(2018, 2, 22), datetime.date(2018, 5, 7))


def test_duplicates_are_looked_for_around_each_period_only() -> None:
    period = Period.parse("2018-03/2018-04")
    day = datetime.date
    # A year ago is a stretch of its own; this period and the previous one meet.
    assert spans([period, period.previous(), period.year_ago()], 7) == [
        (day(2017, 2, 22), day(2017, 5, 7)),
        (day(2017, 12, 25), day(2018, 5, 7)),
    ]
    assert spans([period, Period.parse("2018-01/2018-04")], 0) == [
        (day(2018, 1, 1), day(2018, 4, 30))
    ]


# --- duplicates --------------------------------------------------------------------


def test_list_counts_each_copy_and_puts_this_period_s_duplicates_on_the_notice() -> None:
    lists, duplicates, problems, summary = counted(spec=ItemsSpec(duplicates="list"))
    assert not problems
    assert figures(lists["tallies"])["城东镇"] == (3, 1)
    assert {d.unit for d in duplicates} == {"城东镇", "南川东路办事处"}
    assert summary.not_counted == 0  # type: ignore[attr-defined]


def test_count_once_leaves_the_other_copies_out() -> None:
    lists, duplicates, _p, summary = counted(spec=ItemsSpec(duplicates="count_once"))
    assert figures(lists["tallies"]) == {
        "城东镇": (2, 1),
        "南川东路办事处": (1, 1),
        "区统计局": (1, 1),
    }
    assert summary.not_counted == 2  # type: ignore[attr-defined]
    assert len(duplicates) == 2


def test_count_once_never_increases_a_count() -> None:
    rng = random.Random(17)
    titles = ["开展植树活动", "开展植树活动！", "召开安全会议", "召开安全工作会议", "走访群众"]
    for _ in range(30):
        rows = [
            (
                rng.choice(["甲", "乙"]),
                rng.choice(titles),
                f"2018-0{rng.randint(2, 5)}-{rng.randint(1, 28):02d}",
                rng.choice(["是", "否"]),
            )
            for _ in range(rng.randint(0, 25))
        ]
        every, *_ = counted(rows, spec=ItemsSpec(duplicates="list"))
        once, *_ = counted(rows, spec=ItemsSpec(duplicates="count_once"))
        for a, b in zip(every["tallies"], once["tallies"], strict=True):
            assert b.submitted is not None
            assert a.submitted is not None
            assert b.submitted <= a.submitted
            assert b.adopted <= a.adopted


def test_error_gives_one_located_problem_per_duplicate() -> None:
    _lists, _d, problems, _s = counted(spec=ItemsSpec(duplicates="error"))
    found = problems.problems()
    assert [p.code for p in found] == ["items.near_duplicate", "items.duplicate"]
    near, exact = found
    assert near.params["unit"] == "南川东路办事处"
    assert near.location.place == "line 5"
    assert "line 6" in near.params["copies"]
    assert "2018-04-12" in near.params["copies"]
    assert exact.params["count"] == 2


def test_the_window_and_threshold_are_the_notice_s() -> None:
    _l, strict, *_ = counted(spec=ItemsSpec(similarity=Fraction(1)))
    assert [d.unit for d in strict] == ["城东镇"]
    _l, none, *_ = counted(spec=ItemsSpec(window_days=0))
    assert none == ()


def test_duplicates_do_not_depend_on_the_log_s_order() -> None:
    shuffled = list(LOG)
    random.Random(3).shuffle(shuffled)
    a = counted(spec=ItemsSpec(duplicates="count_once"))
    b = counted(shuffled, spec=ItemsSpec(duplicates="count_once"))
    assert figures(a[0]["tallies"]) == figures(b[0]["tallies"])
    assert [[i.title for i in d.items] for d in a[1]] == [[i.title for i in d.items] for d in b[1]]


# --- the notice end to end ---------------------------------------------------------

TAIL = """\
[attachment]
title = "3-4月网站信息报送情况统计表"
order = "rate"

[items]
units = ["区建设局", "城东镇", "南川东路办事处", "区统计局"]
duplicates = "count_once"
duplicates_title = "重复报送信息清单"
"""


@pytest.fixture
def item_notice(tmp_path: Path) -> Path:
    write_log(tmp_path, LOG)
    return notice_file(tmp_path, TAIL)


def test_the_duplicates_attachment_in_text(item_notice: Path) -> None:
    loaded = tongbao.read_notice(item_notice)
    text = tongbao.render(loaded.notice, "text").decode("utf-8")
    assert "附件：1. 3-4月网站信息报送情况统计表" in text
    assert "2. 重复报送信息清单" in text
    lines = text[text.index("重复报送信息清单\n\n") :].splitlines()
    assert re.search(r"1\s+南川东路办事处\s+南川东路办事处召开安全生产会议\s+2018年4月10日", text)
    assert any(
        "南川东路办事处召开安全生产工作会议" in line and "2018年4月12日" in line for line in lines
    )
    assert re.search(r"2\s+城东镇\s+城东镇开展春季植树活动\s+2018年3月5日", text)
    assert len(loaded.notice.duplicates) == 2


def test_no_duplicates_says_so(tmp_path: Path) -> None:
    write_log(tmp_path, [r for r in LOG if r[0] == "区统计局"])
    notice = tongbao.load(notice_file(tmp_path, TAIL.replace('"城东镇", "南川东路办事处", ', "")))
    assert notice.duplicates == ()
    assert "本期未发现重复报送的信息。" in tongbao.render(notice, "text").decode("utf-8")


@pytest.mark.slow
def test_the_duplicates_attachment_in_docx(item_notice: Path) -> None:
    import docx

    data = tongbao.render(tongbao.load(item_notice), "docx")
    word = docx.Document(io.BytesIO(data))
    table = word.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序号", "单位", "标题", "报送日期"]
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        "南川东路办事处",
        "南川东路办事处召开安全生产会议",
        "2018年4月10日",
    ]
    assert [c.text for c in table.rows[2].cells][2:] == [
        "南川东路办事处召开安全生产工作会议",
        "2018年4月12日",
    ]


@pytest.mark.slow
def test_the_duplicates_attachment_in_pdf(item_notice: Path, tmp_path: Path) -> None:
    require_tool("pdftotext", package="poppler-utils")
    require_truetype()
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(tongbao.render(tongbao.load(item_notice), "pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "重复报送信息清单" in text
    lines = [line.replace(" ", "") for line in text.splitlines()]
    # Each date on one line of its own cell; every copy's row names its unit (a copy
    # carried over to the next page still says whose it is), 序号 only the first.
    assert any(line.endswith("2018年4月12日") for line in lines)
    assert "城东镇2018年3月6日" in lines  # the second copy's row: its unit and date
    assert sum(line.startswith("南川东路办事南川东路") for line in lines) == 2  # both rows
    # The titles' wrapped pieces, in order in their own column.
    assert "南川东路办事南川东路办事处召开安全" in lines
    assert "处生产工作会议" in lines
    assert "城东镇开展春季植树活" in lines
    assert "动！" in lines


def test_an_item_notice_renders_the_same_bytes_twice(item_notice: Path) -> None:
    for fmt in ("text", "docx"):
        assert tongbao.render(tongbao.load(item_notice), fmt) == tongbao.render(
            tongbao.load(item_notice), fmt
        )


def test_check_summarises_the_item_log(
    item_notice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(item_notice)]) == 0
    out = capsys.readouterr().out
    assert f"{len(LOG)} items read" in out
    assert "2018年3-4月 (this period): 4 counted" in out
    assert "3 items outside 2018年3-4月: not counted" in out
    assert "2 duplicates (counted once: 2 copies not counted)" in out
    assert re.search(r"2018-03-06\s+line 3\s+城东镇开展春季植树活动！", out)
    assert "南川东路办事处, near" in out


@pytest.mark.parametrize(
    ("shown", "listed", "more"),
    [("0", 0, "… and 2 more: "), ("1", 1, "… and 1 more: "), ("all", 2, None), ("2", 2, None)],
)
def test_check_lists_as_many_duplicates_as_asked(
    item_notice: Path,
    capsys: pytest.CaptureFixture[str],
    shown: str,
    listed: int,
    more: str | None,
) -> None:
    assert main(["check", "--duplicates", shown, str(item_notice)]) == 0
    out = capsys.readouterr().out
    assert len(re.findall(r"^    \S.*, (exact|near)", out, re.MULTILINE)) == listed
    assert (more in out) if more else "… and" not in out
    assert "2 duplicates (counted once" in out  # the count is always of all


@pytest.mark.parametrize("shown", ["-1", "many", "１"])
def test_check_refuses_a_number_of_duplicates_that_is_none(
    item_notice: Path, capsys: pytest.CaptureFixture[str], shown: str
) -> None:
    assert main(["check", "--duplicates", shown, str(item_notice)]) == 2
    assert "no number of duplicates" in capsys.readouterr().err


def test_check_refuses_duplicates_under_error(
    item_notice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = item_notice.read_text("utf-8").replace('"count_once"', '"error"')
    item_notice.write_text(text, encoding="utf-8")
    assert main(["check", str(item_notice)]) == 2
    err = capsys.readouterr().err
    assert "城东镇 submitted the same item 2 times" in err
    assert "items.csv" in err


def test_unknown_units_through_check(item_notice: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = item_notice.read_text("utf-8").replace('"区统计局"', '"区统计局（统计办）"')
    item_notice.write_text(text, encoding="utf-8")
    assert main(["check", str(item_notice)]) == 2
    err = capsys.readouterr().err
    assert "区统计局 has items but is not in the unit list" in err
    assert "the nearest listed name: 区统计局(统计办)" in err


def test_a_notice_without_a_duplicates_title_has_no_such_attachment(tmp_path: Path) -> None:
    write_log(tmp_path, LOG)
    notice = tongbao.load(
        notice_file(tmp_path, TAIL.replace('duplicates_title = "重复报送信息清单"\n', ""))
    )
    assert len(notice.duplicates) == 2
    assert "重复报送" not in tongbao.render(notice, "text").decode("utf-8")


def test_items_handed_over_as_bytes(tmp_path: Path) -> None:
    log = write_log(tmp_path, LOG).read_bytes()
    notice = tongbao.loads(HEAD + 'data = "items.csv"\n' + BODY + TAIL, files={"items.csv": log})
    assert len(notice.duplicates) == 2
    assert figures(notice.tallies)["城东镇"] == (2, 1)


# --- a system's own words for 是否采用 -------------------------------------------------

OWN_WORDS = {"是": "已发布", "否": "待审核"}
"""LOG's 是/否 as another system writes them (and 退回 for one 否)."""
OWN_TAIL = TAIL + 'adopted_values = { "已发布" = true, "待审核" = false, "退回" = false }\n'


def own_words_log(folder: Path) -> Path:
    rows = [(u, t, d, OWN_WORDS[a]) for u, t, d, a in LOG]
    rows[2] = (*rows[2][:3], "退回")
    return write_log(folder, rows)


def test_a_notice_says_what_its_system_s_words_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "own").mkdir()
    (tmp_path / "usual").mkdir()
    own_words_log(tmp_path / "own")
    write_log(tmp_path / "usual", LOG)
    own = notice_file(tmp_path / "own", OWN_TAIL)
    usual = notice_file(tmp_path / "usual", TAIL)
    assert main(["check", str(usual)]) == 0
    expected = capsys.readouterr().out.replace(str(tmp_path / "usual"), "")
    assert main(["check", str(own)]) == 0
    assert capsys.readouterr().out.replace(str(tmp_path / "own"), "") == expected
    assert "报送 4, 采纳 3, 采纳率 75.0%" in expected  # 城东镇's copy of an adopted item
    assert tongbao.render(tongbao.load(own), "text") == tongbao.render(tongbao.load(usual), "text")


def test_without_adopted_values_each_word_is_located_and_the_key_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_words_log(tmp_path)
    assert main(["check", str(notice_file(tmp_path, TAIL))]) == 2
    err = capsys.readouterr().err
    assert "items.csv, line 2, column 4: 是否采用 is '已发布'; expected one of 是/否/y/n/" in err
    assert "items.csv, line 4, column 4: 是否采用 is '退回'" in err
    assert err.count("or map it in [items] adopted_values") == len(LOG)


def test_a_wrong_word_is_named_and_the_right_ones_still_read(tmp_path: Path) -> None:
    own_words_log(tmp_path)
    tail = TAIL + 'adopted_values = { "已发布" = true, "待审核" = false, "N" = true }\n'
    path = notice_file(tmp_path, tail)
    problems = problems_of(path)
    clash, *cells = problems
    assert clash.code == "toml.items_adopted_clash"
    assert clash.location.row == _line(path.read_text("utf-8"), "adopted_values")
    assert str(clash).endswith(
        "items.adopted_values.\"N\" = true clashes with the built-in word 'n', which means "
        "false (case and width are ignored); remove it, or correct the cells"
    )
    assert "与内置的 'n'（表示 false）含义相反" in clash.text("zh")
    # 已发布 and 待审核 read; only 退回, which the notice does not map, is a problem
    assert [(p.code, p.location.place) for p in cells] == [
        ("items.bad_adopted", "line 4, column 4")
    ]
    assert cells[0].params["accepted"].endswith("/✔/✘/已发布/待审核")


def test_a_sqlite_table_in_a_system_s_own_words(tmp_path: Path) -> None:
    import sqlite3

    (tmp_path / "csv").mkdir()
    (tmp_path / "db").mkdir()
    write_log(tmp_path / "csv", LOG)
    with contextlib.closing(sqlite3.connect(tmp_path / "db" / "records.db")) as db:
        db.execute("CREATE TABLE submissions (dept TEXT, subject TEXT, created_at TEXT, used)")
        words = {"是": "Adopted", "否": "Pending"}
        db.executemany(
            "INSERT INTO submissions VALUES (?, ?, ?, ?)",
            [(u, t, d, words[a]) for u, t, d, a in LOG],
        )
        db.commit()
    tail = TAIL + 'adopted_values = { "Adopted" = true, "Pending" = false }\n'
    from_db = tongbao.load(notice_file(tmp_path / "db", tail, data=SQLITE))
    from_csv = tongbao.load(notice_file(tmp_path / "csv", TAIL))
    assert tongbao.render(from_db, "text") == tongbao.render(from_csv, "text")
    with pytest.raises(InputError) as caught:
        tongbao.load(notice_file(tmp_path / "db", TAIL, data=SQLITE))
    assert {p.code for p in caught.value.problems} == {"database.bad_adoption"}
    assert "or map it in [items] adopted_values" in str(caught.value)


# --- the example -------------------------------------------------------------------


def test_the_item_log_example_counts_what_a_plain_loop_counts() -> None:
    folder = Path(__file__).parent.parent / "examples" / "item-log"
    loaded = tongbao.read_notice(folder / "notice.toml")
    with (folder / "items.csv").open(encoding="utf-8") as file:
        rows = list(csv.reader(file))[2:]
    this_period = [r for r in rows if r[3][:7] in ("2018-03", "2018-04")]
    notice = loaded.notice
    copies = sum(len(d.items) - 1 for d in notice.duplicates)
    assert sum(t.submitted or 0 for t in notice.tallies) == len(this_period) - copies
    assert figures(notice.tallies)["区建设局"] == (0, 0)
    assert len(notice.tallies) == 20
    (summary,) = loaded.items
    assert summary.items == len(rows)
    assert summary.outside == sum(
        1 for r in rows if r[3][:7] not in ("2018-01", "2018-02", "2018-03", "2018-04")
    )
    assert summary.outside == 1
    assert {d.unit for d in notice.duplicates} >= {"区财政局", "饮马街办事处", "区司法局"}
    assert notice.duplicates_title == "重复报送信息清单"


# --- tongbao rank on an item log ---------------------------------------------------


def test_rank_reads_an_item_log_for_a_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path, LOG)
    assert main(["rank", str(log), "--period", "2018-03/2018-04"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    # every copy counted: 城东镇 3 submitted, 1 adopted; 区统计局 1 of 1
    assert rows[0][:5] == ["1", "区统计局", "1", "1", "100%"]
    assert ["城东镇", "3", "1"] in [r[1:4] for r in rows]
    assert rows[-1] == ["合计", "6", "3", "50%"]  # 2018-05-03, 2018-02-01, 2017 left out


def test_rank_needs_a_period_for_an_item_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path, LOG)
    assert main(["rank", str(log)]) == 2
    assert "--period" in capsys.readouterr().err


def test_rank_still_reads_tallies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("单位,报送数,采纳数\n甲,4,1\n乙,2,2\n", encoding="utf-8")
    assert main(["rank", str(counts), "--period", "2018-03"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[:2] == ["1", "乙"]


def test_the_log_s_row_order_does_not_change_the_notice(tmp_path: Path) -> None:
    shuffled = list(LOG)
    random.Random(5).shuffle(shuffled)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    texts = []
    for folder, rows in ((tmp_path / "a", LOG), (tmp_path / "b", shuffled)):
        write_log(folder, rows)
        texts.append(tongbao.render(tongbao.load(notice_file(folder, TAIL)), "text"))
    assert texts[0] == texts[1]


# --- databases and Parquet ---------------------------------------------------------


def _sqlite(path: Path, rows: Sequence[Row] = LOG) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE submissions (dept TEXT, subject TEXT, created_at TEXT, used INT)")
        db.executemany(
            "INSERT INTO submissions VALUES (?, ?, ?, ?)",
            [(u, t, d, int(a == "是")) for u, t, d, a in rows],
        )
        db.commit()


SQLITE = (
    'data = { url = "sqlite:///records.db", table = "submissions", columns = { unit = "dept",'
    ' title = "subject", submitted_on = "created_at", adopted = "used" } }\n'
)


def test_a_sqlite_table_gives_the_same_notice_as_the_csv(tmp_path: Path) -> None:
    (tmp_path / "csv").mkdir()
    (tmp_path / "db").mkdir()
    write_log(tmp_path / "csv", LOG)
    _sqlite(tmp_path / "db" / "records.db")
    from_csv = tongbao.read_notice(notice_file(tmp_path / "csv", TAIL))
    from_db = tongbao.read_notice(notice_file(tmp_path / "db", TAIL, data=SQLITE))
    for fmt in ("text", "docx"):
        assert tongbao.render(from_db.notice, fmt) == tongbao.render(from_csv.notice, fmt)
    (summary,) = from_db.items
    assert summary.outside == 3
    assert summary.not_counted == 2


def test_a_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _sqlite(tmp_path / "records.db")
    monkeypatch.setenv("TONGBAO_TEST_RECORDS", f"sqlite:///{tmp_path / 'records.db'}")
    data = SQLITE.replace('url = "sqlite:///records.db"', 'url_env = "TONGBAO_TEST_RECORDS"')
    notice = tongbao.load(notice_file(tmp_path, TAIL, data=data))
    assert figures(notice.tallies)["城东镇"] == (2, 1)


def test_a_notice_under_root_opens_no_database_unless_allowed(tmp_path: Path) -> None:
    _sqlite(tmp_path / "records.db")
    path = notice_file(tmp_path, TAIL, data=SQLITE)
    (problem,) = problems_of(path, root=tmp_path)
    assert problem.code == "toml.database_not_allowed"
    notice = tongbao.load(path, root=tmp_path, allow_databases=True)
    assert len(notice.duplicates) == 2


@pytest.mark.slow
def test_a_parquet_item_log(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    write_log(tmp_path, LOG)
    with contextlib.closing(duckdb.connect()) as db:
        db.execute(
            "COPY (SELECT 单位 AS unit, 标题 AS title, CAST(报送日期 AS DATE) AS submitted_on,"
            " 是否采用 AS adopted FROM read_csv(?, header = true, all_varchar = true))"
            " TO ? (FORMAT parquet)",
            [str(tmp_path / "items.csv"), str(tmp_path / "items.parquet")],
        )
    from_csv = tongbao.load(notice_file(tmp_path, TAIL))
    from_parquet = tongbao.load(notice_file(tmp_path, TAIL, data='data = "items.parquet"\n'))
    assert tongbao.render(from_parquet, "text") == tongbao.render(from_csv, "text")


def test_a_posted_parquet_file_is_refused() -> None:
    text = HEAD + 'data = "items.parquet"\n' + BODY
    with pytest.raises(InputError) as caught:
        tongbao.loads(text, files={"items.parquet": b"PAR1"})
    assert [p.code for p in caught.value.problems] == ["toml.parquet_not_given"]


def test_a_postgresql_table_gives_the_same_notice_as_the_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = require_server("TONGBAO_TEST_POSTGRES_URL", "a PostgreSQL server", "postgresql")
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    schema = f"itemnotice_{os.getpid()}"
    with engine.begin() as db:
        db.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
        db.execute(
            sqlalchemy.text(
                f"CREATE TABLE {schema}.submissions"
                " (dept TEXT, subject TEXT, created_at DATE, used INT)"
            )
        )
        db.execute(
            sqlalchemy.text(f"INSERT INTO {schema}.submissions VALUES (:u, :t, :d, :a)"),
            [
                {"u": u, "t": t, "d": datetime.date.fromisoformat(d), "a": int(a == "是")}
                for u, t, d, a in LOG
            ],
        )
    try:
        monkeypatch.setenv("TONGBAO_TEST_RECORDS", url)
        data = SQLITE.replace('url = "sqlite:///records.db"', 'url_env = "TONGBAO_TEST_RECORDS"')
        data = data.replace('"submissions"', f'"{schema}.submissions"')
        (tmp_path / "db").mkdir()
        from_db = tongbao.load(notice_file(tmp_path / "db", TAIL, data=data))
        write_log(tmp_path, LOG)
        from_csv = tongbao.load(notice_file(tmp_path, TAIL))
        assert tongbao.render(from_db, "text") == tongbao.render(from_csv, "text")
    finally:
        with engine.begin() as db:
            db.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def test_a_missing_unit_list_file_is_located(tmp_path: Path) -> None:
    write_log(tmp_path, LOG)
    path = notice_file(tmp_path, '[items]\nunits = "名单.csv"\n')
    (problem,) = problems_of(path)
    assert problem.code == "toml.data_file_missing"
    assert problem.location.row == _line(path.read_text("utf-8"), "units =")


def test_a_unit_list_handed_over_with_the_notice(tmp_path: Path) -> None:
    files = {
        "items.csv": write_log(tmp_path, LOG).read_bytes(),
        "units.csv": "单位\n区建设局\n城东镇\n南川东路办事处\n区统计局\n".encode(),
    }
    text = HEAD + 'data = "items.csv"\n' + BODY + '[items]\nunits = "units.csv"\n'
    notice = tongbao.loads(text, files=files)
    assert figures(notice.tallies)["区建设局"] == (0, 0)


@pytest.mark.parametrize(
    ("zone", "month"),
    [("Asia/Shanghai", "2018-03"), ("America/New_York", "2018-02")],
)
def test_the_office_s_zone_decides_a_timestamp_s_month(
    tmp_path: Path, zone: str, month: str
) -> None:
    # 20:00 on the last day of February in New York is the morning of 1 March in Shanghai.
    rows = [("城东镇", "城东镇连夜报送的信息", "2018-02-28T20:00-05:00", "是")]
    write_log(tmp_path, rows)
    tail = f'[comparison]\nprevious = true\n[items]\ntime_zone = "{zone}"\n'
    notice = tongbao.load(notice_file(tmp_path, tail))
    this, previous = notice.tallies[0].submitted, notice.previous[0].submitted
    assert (this, previous) == ((1, 0) if month == "2018-03" else (0, 1))


def test_items_with_inline_units_is_an_error(tmp_path: Path) -> None:
    units = '[[units]]\nname = "甲"\nsubmitted = 2\nadopted = 1\n'
    path = notice_file(tmp_path, units + '[items]\nduplicates = "list"\n', data="")
    (problem,) = problems_of(path)
    assert problem.code == "toml.items_with_units"
    assert problem.location.row == _line(path.read_text("utf-8"), "[items]")


def test_a_loaded_item_notice_pickles(item_notice: Path) -> None:
    import pickle

    loaded = tongbao.read_notice(item_notice)
    again = pickle.loads(pickle.dumps(loaded))
    assert again.notice == loaded.notice
    assert again.items == loaded.items
    assert again.notice.duplicates[0].items[0].place == "line 5"
