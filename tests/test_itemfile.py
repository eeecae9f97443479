"""Item logs (one row per submitted item) read from CSV and XLSX files."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao._itemcells import (
    ADOPTED_NO,
    ADOPTED_YES,
    adopted_value,
    adopted_words,
    check_adopted_words,
    when_value,
)
from tongbao._itemfile import data_form, read_items
from tongbao._items import Item, count_items
from tongbao.errors import InputError

SHANGHAI = "Asia/Shanghai"
HEADER = "单位,信息标题,报送时间,是否采用,采用级别,领导批示"
ROWS = [
    "城东镇,关于春耕生产的情况报告,2018-03-05 14:22,是,市政府网,",
    "城西街道,防汛工作动态,2018/3/31,否,,",
    "城东镇,夜间报送的一条信息,2018-03-31T20:00-04:00,Y,省政府网,王市长批示",
    "区统计局,一季度经济运行简析,2018年3月30日 09:15,已采用,市政府网,",
]
EXPECTED = [
    Item("城东镇", "关于春耕生产的情况报告", datetime.date(2018, 3, 5), True, "市政府网"),
    Item("城西街道", "防汛工作动态", datetime.date(2018, 3, 31)),
    Item("城东镇", "夜间报送的一条信息", datetime.date(2018, 4, 1), True, "省政府网", True),
    Item("区统计局", "一季度经济运行简析", datetime.date(2018, 3, 30), True, "市政府网"),
]


def csv_bytes(lines: list[str], encoding: str = "utf-8", title: str | None = None) -> bytes:
    text = "\r\n".join(([title] if title else []) + lines) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[Any]], title: str | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def split(line: str) -> list[Any]:
    return [cell or None for cell in line.split(",")]


@pytest.mark.parametrize(
    ("encoding", "title"),
    [("utf-8", None), ("utf-8-sig", None), ("gb18030", None), ("utf-8", "2018年3月信息报送记录")],
)
def test_csv_shapes(encoding: str, title: str | None) -> None:
    log = read_items(csv_bytes([HEADER, *ROWS], encoding, title), kind="csv", name="记录.csv")
    assert list(log.records) == EXPECTED
    first = 2 if title else 1
    assert [item.place for item in log.records] == [f"line {first + i}" for i in range(1, 5)]
    assert log.header.place == f"line {first}"
    assert {f: h for h, f in log.header.headings}["title"] == "信息标题"
    assert log.counts() == count_items(EXPECTED, instructions=True)


def test_xlsx_with_title_row_and_real_dates() -> None:
    rows = [
        split(HEADER),
        [
            "城东镇",
            "关于春耕生产的情况报告",
            datetime.datetime(2018, 3, 5, 14, 22),
            "是",
            "市政府网",
        ],
        ["城西街道", "防汛工作动态", datetime.date(2018, 3, 31), "否"],
        ["城东镇", "夜间报送的一条信息", "2018-03-31T20:00-04:00", "Y", "省政府网", "王市长批示"],
        ["区统计局", "一季度经济运行简析", 43189.4, 1, "市政府网"],  # an Excel serial day
    ]
    log = read_items(xlsx_bytes(rows, title="信息报送记录"), kind="xlsx", name="记录.xlsx")
    assert list(log.records) == EXPECTED
    assert [item.place for item in log.records] == ["row 3", "row 4", "row 5", "row 6"]


def test_offset_across_a_month_boundary() -> None:
    zone = tongbao._itemfile._zone(SHANGHAI)
    assert when_value("2018-03-31T20:00-04:00", zone) == datetime.date(2018, 4, 1)
    assert when_value("2018-03-31T20:00", zone) == datetime.date(2018, 3, 31)
    assert when_value("2018-03-31T15:59:59Z", zone) == datetime.date(2018, 3, 31)
    assert when_value("2018-03-31T16:00:00Z", zone) == datetime.date(2018, 4, 1)
    utc = tongbao._itemfile._zone("UTC")
    assert when_value("2018-04-01 07:00+08:00", utc) == datetime.date(2018, 3, 31)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2018-03-05", (2018, 3, 5)),
        ("2018-03-05 14:22", (2018, 3, 5)),
        ("2018-03-05 14:22:10", (2018, 3, 5)),
        ("2018-03-05T14:22:10+08:00", (2018, 3, 5)),
        ("2018-03-05T14:22:10.123456+0800", (2018, 3, 5)),
        ("2018-03-04T22:00:00Z", (2018, 3, 5)),
        ("2018/3/5", (2018, 3, 5)),
        ("2018/3/5 9:05", (2018, 3, 5)),
        ("2018.3.5", (2018, 3, 5)),
        ("2018年3月5日", (2018, 3, 5)),
        ("2018年3月5日 14:22", (2018, 3, 5)),
        ("2018年3月5日14时22分", (2018, 3, 5)),
        ("２０１８－０３－０５", (2018, 3, 5)),
        ("２０１８年３月５日", (2018, 3, 5)),
        ("20180305", (2018, 3, 5)),
        (" 2018-03-05 ", (2018, 3, 5)),
    ],
)
def test_dates_as_written(text: str, day: tuple[int, int, int]) -> None:
    assert when_value(text, tongbao._itemfile._zone(SHANGHAI)) == datetime.date(*day)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2018-02-30", "there is no day 2018-02-30"),
        ("2018-13-01", "there is no day 2018-13-01"),
        ("1899-03-05", "the year 1899 is outside 1990..2099"),
        ("2218-03-05", "the year 2218 is outside"),
        ("2018-03-05 25:00", "there is no time 25:00:00"),
        ("2018-03-05 12:00+15:00", "there is no offset +15:00"),
        ("2018-03/05", "not a date"),
        ("3月5日", "not a date"),
        ("43164", "a number, not a date"),
        ("", "empty"),
        ("下周一", "not a date"),
    ],
)
def test_dates_refused(value: str, reason: str) -> None:
    found = when_value(value, tongbao._itemfile._zone(SHANGHAI))
    assert isinstance(found, str)
    assert reason in found


def test_a_number_is_a_date_only_in_a_workbook() -> None:
    zone = tongbao._itemfile._zone(SHANGHAI)
    assert when_value(43164, zone, workbook=True) == datetime.date(2018, 3, 5)
    assert when_value(43164, zone, workbook=True, date1904=True) == datetime.date(2022, 3, 6)
    assert isinstance(when_value(43164, zone), str)
    assert isinstance(when_value(True, zone, workbook=True), str)


# --- problems, each located --------------------------------------------------------

BAD = [
    (["2018-02-30"], "line 2, column 3", "报送时间 is '2018-02-30': there is no day 2018-02-30"),
    (["2018-03-05", "也许"], "line 2, column 4", "是否采用 is '也许'; expected one of 是/否"),
    (["2018-03-05", "是", "国务院"], "line 2, column 5", "采用级别 is '国务院', not one of"),
    (["2018-03-05", "否", "市政府网"], "line 2, column 5", "says '否' (not adopted)"),
    (["2018-03-05", "是", ""], "line 2, column 5", "采用级别 is empty: the notice counts"),
    (["1980-01-01"], "line 2, column 3", "the year 1980 is outside 1990..2099"),
]


@pytest.mark.parametrize(("cells", "place", "message"), BAD)
def test_row_problems_are_located(cells: list[str], place: str, message: str) -> None:
    row = ",".join(["城东镇", "一条信息", *cells])
    data = csv_bytes([HEADER, "城西街道,好的信息,2018-03-01,否,,", row])
    with pytest.raises(InputError) as caught:
        read_items(data, kind="csv", name="记录.csv", levels=["市政府网", "省政府网"])
    (problem,) = caught.value.problems
    assert problem.location == ("记录.csv", place.replace("line 2", "line 3"))
    assert message in problem.message


@pytest.mark.parametrize(
    ("row", "place", "message"),
    [
        (",一条信息,2018-03-05,是", "line 3", "单位 (the unit) is empty"),
        ("城东镇,,2018-03-05,是", "line 3, column 2", "标题 (the title) is empty"),
        ("合计,,,3", "line 3, column 1", "a total row ('合计')"),
        (",,合计：339条,", "line 3, column 3", "a total row ('合计:339条')"),
        (",合计,,", "line 3, column 2", "a total row ('合计')"),
        ("城东\x07镇,一条信息,2018-03-05,是", "line 3, column 1", "U+0007"),
        ("城东镇,一条\u202e信息,2018-03-05,是", "line 3, column 2", "U+202E"),
        ("城东镇," + "长" * 501 + ",2018-03-05,是", "line 3, column 2", "501 characters long"),
    ],
)
def test_unit_and_title_problems(row: str, place: str, message: str) -> None:
    data = csv_bytes(["单位,标题,报送日期,是否采用", "城西街道,好的信息,2018-03-01,否", row])
    with pytest.raises(InputError) as caught:
        read_items(data, kind="csv", name="记录.csv")
    (problem,) = caught.value.problems
    assert problem.location == ("记录.csv", place)
    assert message in problem.message


@pytest.mark.parametrize(
    "first", ["2018-01-31T20:00Z", "2018-01-31 20:00"], ids=["moved by its offset", "local"]
)
@pytest.mark.parametrize("fast", [True, False])
def test_a_unit_in_two_groups_is_refused_where_the_second_is(
    first: str, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["单位,标题,报送日期,是否采用,类别", f"城东镇,一条,{first},是,部门"]
    lines += ["城西街道,二条,2018-02-03,是,镇街"] * 30 + ["城东镇,三条,2018-02-05,是,镇街"]
    if not fast:
        monkeypatch.setattr(tongbao._itemfile, "_fast", lambda *args, **kwargs: None)
    assert problems_of(csv_bytes(lines)) == [("items.unit_two_groups", "line 33, column 5")]
    with pytest.raises(InputError, match="城东镇 is in '镇街' here but in '部门' on line 2"):
        read_items(csv_bytes(lines), kind="csv")


def test_a_ten_character_day_ending_in_a_space_is_no_day() -> None:
    # 2018-03-5 T10:00 is no date (a T after a space), though "2018-03-5 " and
    # "T10:00" each read alone.
    lines = [HEADER, "城东镇,一条信息,2018-03-05,是,,", "城东镇,二条信息,2018-03-5 T10:00,是,,"]
    assert problems_of(csv_bytes(lines)) == [("items.bad_date", "line 3, column 3")]


def test_workbook_cells_are_named() -> None:
    rows = [["单位", "标题", "报送日期", "是否采用"], ["城东镇", "信息", "2018-02-30", "是"]]
    with pytest.raises(InputError) as caught:
        read_items(xlsx_bytes(rows), kind="xlsx", name="记录.xlsx")
    assert caught.value.problems[0].location == ("记录.xlsx", "cell C2")


def test_blank_and_note_rows_are_skipped() -> None:
    data = csv_bytes([HEADER, ROWS[0], ",,,,,", "", ROWS[1], "备注：数据来自信息报送系统,,,,,"])
    assert list(read_items(data, kind="csv").records) == EXPECTED[:2]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_note_row_in_another_column_is_skipped(kind: str) -> None:
    # Exports with a 序号 column put their closing note under it, the rest blank.
    header = ["序号", "单位", "信息标题", "报送时间", "是否采用"]
    rows = [header, ["1", "城东镇", "关于春耕生产的情况报告", "2018-03-05", "否"]]
    rows.append(["注：本表由政务信息报送系统自动生成", None, None, None, None])
    data = (
        csv_bytes([",".join(c or "" for c in row) for row in rows])
        if kind == "csv"
        else xlsx_bytes(rows)
    )
    (item,) = read_items(data, kind=kind).records
    assert (item.unit, item.submitted_on) == ("城东镇", datetime.date(2018, 3, 5))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_two_row_header_with_merged_group_headings(kind: str) -> None:
    """Report systems group 是否采用 and 采用级别 under a merged 采用情况: the second
    header row is blank under the merged-down columns and names the grouped ones."""
    rows: list[list[Any]] = [
        ["序号", "报送单位", "信息标题", "报送时间", "采用情况", None, "领导批示"],
        [None, None, None, None, "是否采用", "采用级别", None],
        ["1", "城东镇", "城东镇召开春耕生产会议", "2018-03-05 09:12", "是", "市政府网", None],
        ["2", "区统计局", "区统计局开展统计法宣传", "2018-03-06", "否", None, "已阅"],
    ]
    data = (
        csv_bytes([",".join(str(c or "") for c in row) for row in rows])
        if kind == "csv"
        else xlsx_bytes(rows)
    )
    log = read_items(data, kind=kind, levels=["市政府网"])
    assert [(i.unit, i.adopted, i.level, i.instructed) for i in log.records] == [
        ("城东镇", True, "市政府网", False),
        ("区统计局", False, None, True),
    ]
    assert {f: h for h, f in log.header.headings if f}["level"] == "采用级别"


@pytest.mark.parametrize(
    ("flag", "adopted", "encoding"),
    [("√", True, "gbk"), ("×", False, "gbk"), ("✓", True, "utf-8"), ("✗", False, "utf-8")],
)
def test_ticks_and_crosses_say_adopted_or_not(flag: str, adopted: bool, encoding: str) -> None:
    data = csv_bytes(["单位,标题,报送日期,是否采用", f"城东镇,信息,2018-03-05,{flag}"], encoding)
    (item,) = read_items(data, kind="csv").records
    assert item.adopted is adopted


def test_an_empty_date_cell_in_a_workbook_is_called_empty() -> None:
    rows = [["单位", "标题", "报送日期", "是否采用"], ["城东镇", "信息", None, "是"]]
    with pytest.raises(InputError) as caught:
        read_items(xlsx_bytes(rows), kind="xlsx", name="记录.xlsx")
    (problem,) = caught.value.problems
    assert problem.location == ("记录.xlsx", "cell C2")
    assert "报送日期 is '': empty;" in problem.message  # as in a CSV, not "None: a NoneType"


def test_a_tally_file_is_refused_as_such() -> None:
    data = csv_bytes(["单位,报送数,采纳数", "城东镇,5,2"])
    with pytest.raises(InputError, match="this is a file of tallies"):
        read_items(data, kind="csv")
    assert data_form(data, kind="csv") == "tallies"


def test_no_header() -> None:
    with pytest.raises(InputError, match="no header of item records in the first 20 rows"):
        read_items(csv_bytes(["a,b,c", "1,2,3"]), kind="csv")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("标题,报送日期,是否采用", "no 单位 (unit) column"),
        ("单位,标题,报送日期", "neither 是否采用 nor 采用级别"),
        ("单位,标题,信息标题,报送日期,是否采用", "the column '信息标题' holds title"),
    ],
)
def test_header_problems(header: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        read_items(csv_bytes([header, "城东镇,信息,2018-03-05,是"]), kind="csv")


def test_data_form() -> None:
    assert data_form(csv_bytes([HEADER, *ROWS]), kind="csv") == "items"
    assert data_form(csv_bytes([HEADER, *ROWS], title="标题行"), kind="csv") == "items"
    rows = [split(HEADER)]
    assert data_form(xlsx_bytes(rows, title="记录"), kind="xlsx") == "items"
    named = csv_bytes(["dept,subject,created,used", "城东镇,信息,2018-03-05,1"])
    assert data_form(named, kind="csv") == "tallies"
    assert data_form(named, kind="csv", columns={"title": "subject", "submitted_on": "created"})


def test_columns_named_by_the_notice() -> None:
    data = csv_bytes(["dept,subject,created,used", "城东镇,信息,2018-03-05,1"])
    columns = {"unit": "dept", "title": "subject", "submitted_on": "created", "adopted": "used"}
    log = read_items(data, kind="csv", columns=columns)
    assert log.records == (Item("城东镇", "信息", datetime.date(2018, 3, 5), True),)


def test_items_in_a_range_and_the_source_protocol(tmp_path: Path) -> None:
    path = tmp_path / "记录.csv"
    path.write_bytes(csv_bytes([HEADER, *ROWS]))
    log = tongbao.read_items(path)
    assert log.name == str(path)
    march = log.items(datetime.date(2018, 3, 1), datetime.date(2018, 3, 31))
    assert march == [EXPECTED[0], EXPECTED[1], EXPECTED[3]]
    assert log.instructions


def test_unknown_zone() -> None:
    with pytest.raises(InputError, match="time zone 'Mars/Olympus' is unknown"):
        read_items(csv_bytes([HEADER, *ROWS]), kind="csv", zone="Mars/Olympus")


# --- a system's own words for 是否采用 (adopted_values) --------------------------------

VENDOR = ["Department,Subject,Submitted,Status"]
VENDOR_COLUMNS = {
    "unit": "Department",
    "title": "Subject",
    "submitted_on": "Submitted",
    "adopted": "Status",
}
VENDOR_ROWS = [
    "城东镇,春耕生产情况,2018-03-05,Adopted",
    "城东镇,防汛工作动态,2018-03-06,Pending",
    "城东镇,夜间报送的一条信息,2018-03-07,ADOPTED",
    "城西街道,一季度经济运行简析,2018-03-08,Rejected",
    "城西街道,安全生产检查,2018-03-09,是",  # the built-in words still read
    "城西街道,社区网格化管理,2018-03-10,",  # and an empty cell is still not adopted
]
VENDOR_WORDS = {"Adopted": True, "Pending": False, "Rejected": False}


def vendor_log(kind: str, rows: list[str] = VENDOR_ROWS) -> bytes:
    if kind == "csv":
        return csv_bytes([*VENDOR, *rows])
    return xlsx_bytes([split(line) for line in [*VENDOR, *rows]])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_vendor_log_s_own_words_are_counted(kind: str) -> None:
    log = read_items(
        vendor_log(kind), kind=kind, columns=VENDOR_COLUMNS, adopted_values=VENDOR_WORDS
    )
    tallies = log.counts().tallies(tongbao.Period.parse("2018-03"))
    assert {t.unit.name: (t.submitted, t.adopted) for t in tallies} == {
        "城东镇": (3, 2),
        "城西街道": (3, 1),
    }
    assert [item.adopted for item in log.records] == [True, False, True, False, True, False]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_word_not_mapped_is_located_with_the_words_accepted(kind: str) -> None:
    name = f"vendor.{kind}"
    with pytest.raises(InputError) as caught:
        read_items(vendor_log(kind), kind=kind, name=name, columns=VENDOR_COLUMNS)
    problems = caught.value.problems
    assert [p.code for p in problems] == ["items.bad_adopted"] * 4
    places = [p.location.place for p in problems]
    assert places == (
        ["line 2, column 4", "line 3, column 4", "line 4, column 4", "line 5, column 4"]
        if kind == "csv"
        else ["cell D2", "cell D3", "cell D4", "cell D5"]
    )
    first = problems[0]
    assert first.location.file == name
    assert first.message.startswith("Status is 'Adopted'; expected one of 是/否/y/n/")
    assert first.message.endswith("(empty: not adopted), or map it in [items] adopted_values")
    assert "在 [items] adopted_values 中说明其含义" in first.text("zh")


def test_the_words_accepted_include_the_system_s_own() -> None:
    with pytest.raises(InputError) as caught:
        read_items(
            vendor_log("csv"),
            kind="csv",
            columns=VENDOR_COLUMNS,
            adopted_values={"Adopted": True, "待审核": False},
        )
    problems = caught.value.problems
    assert [p.params["value"] for p in problems] == ["'Pending'", "'Rejected'"]
    assert problems[0].params["accepted"].endswith("/✔/✘/adopted/待审核")


def test_a_program_s_thousand_words_are_not_all_listed() -> None:
    words = {f"状态{n}": n % 2 == 0 for n in range(1000)}
    data = csv_bytes(["单位,标题,报送日期,是否采用", "城东镇,信息,2018-03-05,状态x"])
    with pytest.raises(InputError) as caught:
        read_items(data, kind="csv", adopted_values=words)
    accepted = caught.value.problems[0].params["accepted"]
    assert accepted.endswith("/状态18/状态19/…")
    assert "状态20" not in accepted


def test_a_number_is_looked_up_by_its_digits() -> None:
    """A status code: 2 in a workbook's number cell or a CSV's text reads as "2"."""
    rows = [["单位", "标题", "报送日期", "是否采用"]]
    rows += [
        ["城东镇", f"信息{n}", datetime.date(2018, 3, n), code]
        for n, code in enumerate([2, 3, 1, 0, 2.0], 1)
    ]
    log = read_items(xlsx_bytes(rows), kind="xlsx", adopted_values={"2": True, "3": False})
    assert [item.adopted for item in log.records] == [True, False, True, False, True]
    data = csv_bytes(["单位,标题,报送日期,是否采用", "城东镇,信息,2018-03-05,2"])
    (item,) = read_items(data, kind="csv", adopted_values={"2": True}).records
    assert item.adopted


@pytest.mark.parametrize(
    ("words", "codes", "shown"),
    [
        (["Adopted"], ["items.adopted_values"], "not a list"),
        ({3: True}, ["items.adopted_values"], "the key 3"),
        ({"Adopted": 1}, ["items.adopted_value"], "adopted_values['Adopted'] must be True"),
        ({"Adopted": "yes"}, ["items.adopted_value"], "not the text 'yes'"),
        ({"": False}, ["items.adopted_empty"], "an empty cell already means not adopted"),
        ({"\u3000 ": False}, ["items.adopted_empty"], r"adopted_values['\u3000 ']"),
        ({"是": False}, ["items.adopted_clash"], "the built-in word '是', which means True"),
        ({"N": True}, ["items.adopted_clash"], "the built-in word 'n', which means False"),
        ({"Ｙｅｓ": False}, ["items.adopted_clash"], "the built-in word 'yes'"),
        (
            {"Pending": False, "ＰＥＮＤＩＮＧ": True},
            ["items.adopted_twice"],
            "are the same word ('pending')",
        ),
        ({"N": True, "Pending": 0}, ["items.adopted_clash", "items.adopted_value"], "'n'"),
    ],
)
def test_wrong_words_are_refused_before_the_file_is_read(
    words: Any, codes: list[str], shown: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_items(b"not read", kind="csv", adopted_values=words)
    assert [p.code for p in caught.value.problems] == codes
    assert shown in str(caught.value)
    assert all(p.text("zh") != p.message for p in caught.value.problems)


@pytest.mark.parametrize(
    "words",
    [
        {"是": True, "N": False, " Ｙ ": True},  # built-in words with their own meaning
        {"Pending": False, "pending": False},  # one word twice, alike
    ],
)
def test_words_that_agree_are_accepted(words: dict[str, bool]) -> None:
    data = csv_bytes(["单位,标题,报送日期,是否采用", "城东镇,信息,2018-03-05,PENDING"])
    if "pending" in words:
        (item,) = read_items(data, kind="csv", adopted_values=words).records
        assert not item.adopted
    else:
        data = csv_bytes(["单位,标题,报送日期,是否采用", "城东镇,信息,2018-03-05,ｙ"])
        (item,) = read_items(data, kind="csv", adopted_values=words).records
        assert item.adopted


_WORD = st.text(st.sampled_from("是否YyNn采用已发布待审核PpendingＡ　 "), max_size=4)
_BUILT_IN = [*ADOPTED_YES, *ADOPTED_NO, "", " Ｙ ", "TRUE", "否 "]


@given(st.dictionaries(_WORD, st.booleans(), max_size=6))
def test_own_words_only_add_to_the_built_in_ones(words: dict[str, bool]) -> None:
    """Whatever mapping is accepted, every built-in word reads as before, and each of
    its own words (in any case or width) as it says; a refused one names each key."""
    found, problems = check_adopted_words(words, notice=False)
    if problems:
        assert all(key in words for _, key, _ in problems)
        with pytest.raises(InputError):
            adopted_words(words)
        return
    assert adopted_words(words) == found
    for cell in _BUILT_IN:
        assert adopted_value(cell, found) == adopted_value(cell)
    for key, meaning in words.items():
        assert adopted_value(key, found) is meaning
        assert adopted_value(f" {key.upper()} ", found) is meaning


# --- the fast reading of large CSV logs agrees with the careful one -----------------

UNITS = ["城东镇", "城西街道", "区统计局", "Ｂ局"]  # a full-width name too
DATE_FORMS = [
    "{d:%Y-%m-%d}",
    "{d:%Y-%m-%d} {t:%H:%M:%S}",
    "{d:%Y-%m-%d} {t:%H:%M}",
    "{d:%Y-%m-%d}T{t:%H:%M:%S}+08:00",
    "{d:%Y-%m-%d}T{t:%H:%M:%S}Z",
    "{d:%Y-%m-%d}T{t:%H:%M}-04:00",
    "{d:%Y-%m-%d} {t:%H:%M:%S} +0530",
    "{d.year}/{d.month}/{d.day}",
    "{d.year}/{d.month}/{d.day} {t:%H:%M}",
    "{d.year}年{d.month}月{d.day}日",
    "{d.year}年{d.month}月{d.day}日 {t:%H:%M}",
    "{d:%Y%m%d}",
]


def written_date(form: str, moment: datetime.datetime) -> str:
    return form.format(d=moment.date(), t=moment.time())


@st.composite
def item_logs(draw: st.DrawFn) -> tuple[list[list[str]], bool]:
    """Rows of an item log as a system writes them (some timestamps with offsets, one
    date form or several), and whether the log has a level column."""
    levels = draw(st.booleans())
    forms = draw(st.lists(st.sampled_from(DATE_FORMS), min_size=1, max_size=3))
    rows = []
    for _ in range(draw(st.integers(1, 25))):
        moment = draw(st.datetimes(datetime.datetime(2017, 12, 30), datetime.datetime(2018, 2, 2)))
        adopted = draw(st.booleans())
        level = draw(st.sampled_from(["市政府网", "省政府网"])) if adopted and levels else ""
        row = [
            draw(st.sampled_from(UNITS)),
            draw(st.sampled_from(["  关于春耕的报告", "防汛动态", "简报（第3期）", "a,b"])),
            written_date(draw(st.sampled_from(forms)), moment),
            draw(st.sampled_from(["是", "Y", "1", "已采用"] if adopted else ["否", "", "N", "0"])),
        ]
        if levels:
            row.append(level)
        row.append(draw(st.sampled_from(["", "", "区长批示", "否"])))
        rows.append(row)
    return rows, levels


def as_csv(rows: list[list[str]], levels: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["单位", "标题", "报送时间", "是否采用", *(["采用级别"] if levels else []), "批示"]
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def careful(data: bytes, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(tongbao._itemfile, "_fast", lambda *args, **kwargs: None)
        return read_items(data, kind="csv", **options)


@given(item_logs(), st.booleans(), st.sampled_from([1, 2, 3, 7, 4096]))
def test_fast_and_careful_readings_agree(
    log: tuple[list[list[str]], bool], large: bool, batch: int
) -> None:
    rows, levels = log
    data = as_csv(rows, levels)
    with pytest.MonkeyPatch.context() as monkeypatch:
        slow = careful(data, monkeypatch)
        if large:  # the usual times known beforehand, as in a large log
            monkeypatch.setattr(tongbao._itemfast, "_LARGE", -1)
        monkeypatch.setattr(tongbao._itemfast, "_BATCH", batch)  # rows read at a time
        fast = read_items(data, kind="csv")
    assert fast.counts() == slow.counts()
    assert fast.records == slow.records
    assert [i.place for i in fast.records] == [i.place for i in slow.records]
    first, last = datetime.date(2018, 1, 1), datetime.date(2018, 1, 31)
    assert fast.items(first, last) == slow.items(first, last)


@given(item_logs(), st.sampled_from(["csv", "xlsx"]))
def test_counts_are_those_of_the_items_written(
    log: tuple[list[list[str]], bool], kind: str
) -> None:
    rows, levels = log
    data = (
        as_csv(rows, levels)
        if kind == "csv"
        else xlsx_bytes(
            [["单位", "标题", "报送时间", "是否采用", *(["采用级别"] if levels else []), "批示"]]
            + [[cell or None for cell in row] for row in rows]
        )
    )
    zone = tongbao._itemfile._zone(SHANGHAI)
    expected = []
    for row in rows:
        when = when_value(row[2], zone)
        assert isinstance(when, datetime.date)
        level = (row[4] or None) if levels else None
        adopted = row[3] in ("是", "Y", "1", "已采用")
        instructed = row[-1] == "区长批示"
        expected.append(
            Item(row[0].replace("Ｂ", "B"), row[1].strip(), when, adopted, level, instructed)
        )
    found = read_items(data, kind=kind)
    assert found.counts() == count_items(expected, instructions=True)
    assert list(found.records) == expected


def test_a_plain_log_is_read_the_fast_way() -> None:
    data = csv_bytes([HEADER, *ROWS])
    log = read_items(data, kind="csv")
    assert log._records is None  # counted without making the items
    assert log.items(datetime.date(2018, 4, 1), datetime.date(2018, 4, 30)) == [EXPECTED[2]]
    assert list(log.records) == EXPECTED


OWN_WORDS = {"已发布": True, "待审核": False, "退回": False, "Adopted": True}
OWN_FLAGS = ["已发布", "待审核", "退回", "是", "", "ADOPTED", "否", "Ａｄｏｐｔｅｄ"]


def own_words_log(rows: int) -> tuple[bytes, int]:
    """A plain log (no quotes, ISO dates) in a system's own words, and its adoptions."""
    lines = ["单位,信息标题,报送时间,是否采用"]
    for n in range(rows):
        day = datetime.date(2018, 1, 1) + datetime.timedelta(days=n % 120)
        when = f"{day:%Y-%m-%d} {n % 24:02d}:{n % 60:02d}"
        lines.append(f"{UNITS[n % 4]},第{n}条信息,{when},{OWN_FLAGS[n % len(OWN_FLAGS)]}")
    adopted = sum(
        OWN_FLAGS[n % len(OWN_FLAGS)] in ("已发布", "是", "ADOPTED", "Ａｄｏｐｔｅｄ")
        for n in range(rows)
    )
    return csv_bytes(lines), adopted


def test_a_large_log_in_own_words_reads_fast_as_it_does_carefully(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, adopted = own_words_log(4000)
    fast = read_items(data, kind="csv", adopted_values=OWN_WORDS)
    assert fast._records is None  # counted the fast way, from the distinct values
    slow = careful(data, monkeypatch, adopted_values=OWN_WORDS)
    assert slow._records is not None
    assert fast.counts() == slow.counts()
    assert fast.records == slow.records
    assert sum(month.adopted for month in fast.counts().months.values()) == adopted
    assert sum(month.submitted for month in fast.counts().months.values()) == 4000


def test_a_large_log_s_unmapped_word_is_located_by_either_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, _ = own_words_log(4000)
    words = {k: v for k, v in OWN_WORDS.items() if k != "退回"}
    with pytest.raises(InputError) as fast:
        read_items(data, kind="csv", name="记录.csv", adopted_values=words)
    with pytest.raises(InputError) as slow:
        careful(data, monkeypatch, name="记录.csv", adopted_values=words)
    assert fast.value.problems == slow.value.problems
    first = fast.value.problems[0]
    assert (first.code, first.location.place) == ("items.bad_adopted", "line 4, column 4")
    assert first.params["value"] == "'退回'"


@pytest.mark.parametrize(
    "row",
    [
        "城东镇,一条信息,2018-03-05 25:00,是,,",  # no such time
        "城东镇,一条信息,2018-03-05T14:22 14:22,是,,",  # a time after a timestamp
        "城东镇,一条信息,2018-03-05 14:22 +15:00,是,,",  # no such offset
        "城东镇,一条\t信息,2018-03-05,是,,",  # a tab in a title
        "城东镇,   ,2018-03-05,是,,",  # a title of spaces
        "城东镇,一条信息",  # a short row
    ],
)
def test_what_the_fast_way_doubts_the_careful_way_locates(row: str) -> None:
    data = csv_bytes([HEADER, ROWS[0], row])
    with pytest.raises(InputError) as caught:
        read_items(data, kind="csv", name="记录.csv")
    assert all(p.location.place.startswith("line 3") for p in caught.value.problems)


def problems_of(data: bytes, **options: Any) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        read_items(data, kind="csv", name="记录.csv", **options)
    return [(p.code, p.location.place) for p in caught.value.problems]


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_a_record_over_two_lines_across_a_batch_edge(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The quoted title's line break falls after the batch's last line: the record is
    # read whole, over two lines, and the careful path locates the line break.
    data = csv_bytes([HEADER, ROWS[0], ROWS[0], '城东镇,"一条\n信息",2018-03-05,是,,', ROWS[1]])
    with monkeypatch.context() as patched:
        patched.setattr(tongbao._itemfile, "_fast", lambda *args, **kwargs: None)
        expected = problems_of(data)
    assert expected == [("items.title_character", "line 4, column 2")]
    monkeypatch.setattr(tongbao._itemfast, "_BATCH", batch)
    assert problems_of(data) == expected


@pytest.mark.parametrize("batch", [1, 2, 3, 4])
def test_an_offset_moving_the_day_in_a_batch_s_last_row(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        "城东镇,一条信息,2018-01-31 09:00:00,是,市政府网,",
        "城西街道,二条信息,2018-01-31 23:59:59,否,,",
        "城东镇,三条信息,2018-01-31T20:00:00Z,是,市政府网,",  # 1 February in Shanghai
        "城东镇,四条信息,2018-02-01T07:59:59+08:00,否,,",
    ]
    data = csv_bytes([HEADER, *rows])
    slow = careful(data, monkeypatch)
    monkeypatch.setattr(tongbao._itemfast, "_BATCH", batch)
    fast = read_items(data, kind="csv")
    assert fast._records is None  # read the fast way
    assert fast.counts() == slow.counts()
    months = {
        (unit, ordinal % 12 + 1): m.submitted for (unit, ordinal), m in fast.counts().months.items()
    }
    assert months == {("城东镇", 1): 1, ("城西街道", 1): 1, ("城东镇", 2): 2}


def test_the_encoding_is_read_as_the_whole_file_s(monkeypatch: pytest.MonkeyPatch) -> None:
    # Decoded as it is read: GB18030 and UTF-8 with its BOM from the start.
    lines = [HEADER, *ROWS] + [f"城东镇,一条信息 {n},2018-03-05,否,," for n in range(3000)]
    for encoding in ("gb18030", "utf-8-sig"):
        data = csv_bytes(lines, encoding=encoding)
        assert len(data) > 1 << 16
        slow = careful(data, monkeypatch)
        fast = read_items(data, kind="csv")
        assert fast._records is None  # read the fast way
        assert fast.counts() == slow.counts()
        assert fast.records == slow.records
    # The first 64 KiB UTF-8, not the rest: neither reads the whole, as the careful
    # path says.
    start = csv_bytes([HEADER] + [f"a,b {n},2018-03-05,0,," for n in range(3000)])
    data = start + csv_bytes(ROWS, encoding="gb18030")
    assert len(start) > 1 << 16
    with monkeypatch.context() as patched:
        patched.setattr(tongbao._itemfile, "_fast", lambda *args, **kwargs: None)
        expected = problems_of(data)
    assert expected == [("data.encoding", None)]
    assert problems_of(data) == expected


@pytest.mark.parametrize("offset", [28800, 0, -14400, 19800])
def test_the_usual_times_are_read_as_any_other(offset: int) -> None:
    from tongbao._itemfast import _time_class, _usual_times

    usual = _usual_times(offset)
    assert len(usual) == 4 * 86400
    for rest in list(usual)[::97]:
        assert usual[rest] == _time_class(rest, offset, sliced=True), rest


def test_a_zone_with_summer_time_is_read_exactly() -> None:
    rows = [
        "城东镇,一条信息,2018-03-25T00:30:00Z,是,,",
        "城东镇,二条信息,2018-03-24T23:30:00Z,是,,",
    ]
    log = read_items(csv_bytes([HEADER, *rows]), kind="csv", zone="Europe/London")
    assert [i.submitted_on.day for i in log.records] == [25, 24]
    log = read_items(csv_bytes([HEADER, *rows]), kind="csv", zone="Europe/Berlin")
    assert [i.submitted_on.day for i in log.records] == [25, 25]


# --- bounds and files that are not item logs ----------------------------------------


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tongbao._itemfile, "MAX_ITEM_ROWS", 3)
    with pytest.raises(InputError, match="more than 3 rows"):
        read_items(csv_bytes([HEADER, *ROWS]), kind="csv")


def test_a_record_too_long_is_refused_while_read() -> None:
    data = csv_bytes([HEADER, ROWS[0], "城东镇," + "," * 1_100_000])
    with pytest.raises(InputError, match="line 3"):
        read_items(data, kind="csv")


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"PK\x03\x04rest", "csv", "zip"),
        (b"\x00\x01\x02" * 10, "csv", "binary"),
        (b"", "csv", "empty"),
        (b"not a workbook", "xlsx", "CSV file with the wrong name"),
    ],
)
def test_files_that_are_no_item_logs(data: bytes, kind: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_items(data, kind=kind, name="记录")


def test_sheets() -> None:
    with pytest.raises(InputError, match="sheet"):
        read_items(csv_bytes([HEADER, *ROWS]), kind="csv", sheet="Sheet1")
    data = xlsx_bytes([split(HEADER), split(ROWS[1])])
    assert len(read_items(data, kind="xlsx", sheet="Sheet").records) == 1
    with pytest.raises(InputError, match="no sheet"):
        read_items(data, kind="xlsx", sheet="记录")


def test_limits_hold_the_units() -> None:
    with pytest.raises(InputError, match="3 units; at most 2"):
        read_items(csv_bytes([HEADER, *ROWS]), kind="csv", limits=tongbao.Limits(units=2))
