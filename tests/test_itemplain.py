"""Plain CSV item logs counted from their bytes (``tongbao._itemplain``): exactly as the
careful path reads them, or handed on to be read another way."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao._itemfile import read_items
from tongbao.errors import InputError

HEADER = ["单位", "信息标题", "报送时间", "是否采用", "采用级别", "领导批示"]
LEVELS = ["市政府网", "省政府网"]
ROWS = [
    ["城东镇", "关于春耕生产的情况报告", "2018-03-05 14:22:10", "是", "市政府网", ""],
    ["城西街道", "防汛工作动态", "2018-03-31 23:59", "否", "", ""],
    ["城东镇", "夜间报送的一条信息", "2018-03-31T20:00:00Z", "是", "省政府网", "王市长批示"],
    ["区统计局", "一季度经济运行简析", "2018-03-30", "是", "市政府网", ""],
    ["区统计局", "二月的一条信息", "2018-02-28T23:30-04:00", "否", "", ""],
]


def plain(rows: list[list[str]], *, header: list[str] = HEADER, end: str = "\r\n") -> bytes:
    return "".join(",".join(row) + end for row in [header, *rows]).encode()


def outcome(data: bytes, *, way: str, **options: Any) -> Any:
    """What reading ``data`` gives: its problems (code, place), or its counts and items.

    ``way``: "careful" (no fast path), "plain" (the plain way or the careful one, never
    the batched way) or "any" (as a user reads it).
    """
    options.setdefault("levels", LEVELS)
    with pytest.MonkeyPatch.context() as patched:
        if way == "careful":
            patched.setattr(tongbao._itemfile, "_fast", lambda *args, **kwargs: None)
        elif way == "plain":
            patched.setattr(tongbao._itemfast.FastLog, "_batched", lambda *args: None)
        try:
            log = read_items(data, kind="csv", name="记录.csv", **options)
        except InputError as error:
            return [(p.code, p.location.place) for p in error.problems]
        first, last = datetime.date(2018, 3, 1), datetime.date(2018, 3, 31)
        return log.counts(), list(log.records), log.items(first, last)


def taken_plain(data: bytes, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Any:
    """The log read, failing if it is not counted the plain way."""

    def refused(*args: Any, **kwargs: Any) -> None:
        pytest.fail("not read the plain way")

    monkeypatch.setattr(tongbao._itemfast.FastLog, "_batched", refused)
    monkeypatch.setattr(tongbao._itemfile, "_read_text", refused)
    return read_items(data, kind="csv", levels=LEVELS, **options)


@pytest.mark.parametrize("end", ["\r\n", "\n"])
@pytest.mark.parametrize("chunk", [16, 40, 1 << 18])
def test_a_plain_log_is_counted_from_its_bytes(
    end: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = plain(ROWS * 7, end=end)
    expected = outcome(data, way="careful")
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", chunk)
    log = taken_plain(data, monkeypatch)
    assert log._records is None  # counted without making the items
    assert (log.counts(), list(log.records)) == expected[:2]
    months = {(u, o % 12 + 1): m.submitted for (u, o), m in log.counts().months.items()}
    # 20:00Z on 31 March is 1 April in Shanghai; 23:30-04:00 on 28 February is 1 March.
    assert months == {
        ("城东镇", 3): 7,
        ("城东镇", 4): 7,
        ("城西街道", 3): 7,
        ("区统计局", 3): 14,
    }


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "gb18030"], ids=["utf-8 with its mark", "gb18030"]
)
def test_the_encodings_an_office_exports_in(encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = plain(ROWS * 3).decode().encode(encoding)
    expected = outcome(data, way="careful")
    assert (taken_plain(data, monkeypatch).counts(), ...) == (expected[0], ...)


@pytest.mark.parametrize(
    "header",
    [
        ["领导批示", "报送时间", "信息标题", "单位", "是否采用", "采用级别"],
        ["序号", *HEADER, "备注"],
    ],
)
def test_any_column_may_come_first_or_last(
    header: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    order = [HEADER.index(h) if h in HEADER else None for h in header]
    rows = [
        [row[at] if at is not None else ("说明文字" if n % 2 else str(n)) for at in order]
        for n, row in enumerate(ROWS * 3)
    ]
    data = plain(rows, header=header)
    expected = outcome(data, way="careful")
    assert taken_plain(data, monkeypatch).counts() == expected[0]


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ([*ROWS[:2], ["城东镇", "一条信息", "2018-03-05", "是", "", "", ""]], "a cell more"),
        ([*ROWS[:2], ["城东镇", "一条信息", "2018-03-05", "是", ""]], "a cell less"),
        (
            [
                ["城东镇", "一条信息", "2018-03-05", "是", "", "", ""],
                ["城东镇", "一条信息", "2018-03-05", "是", ""],
            ],
            "one more and one less",
        ),
        ([*ROWS[:2], [""], *ROWS[2:]], "a blank line"),
        ([["城东镇", '"一条\n信息"', "2018-03-05", "是", "", ""]], "a record over two lines"),
        ([["城东镇", '"一条信息', "2018-03-05", "是", "", ""]], "a quote left open"),
        ([["城东镇", '一条"信息"', "2018-03-05", "是", "", ""]], "a quote inside a cell"),
        ([["城东镇", '"一条\r信息"', "2018-03-05", "是", "", ""]], "a carriage return quoted"),
        ([["城东镇", '"一条,信息"', "2018-02-30", "是", "", ""]], "a quoted line's bad date"),
        (
            [["城东镇", '"长,' + "长" * 500 + '"', "2018-03-05", "是", "", ""]],
            "a long title quoted",
        ),
        ([["城东镇", "一条\r信息", "2018-03-05", "是", "", ""]], "a bare carriage return"),
        ([["城东镇", "一条\t信息", "2018-03-05", "是", "", ""]], "a tab in a title"),
        ([["城东镇", "一条\u3000", "2018-03-05", "是", "", ""]], "an ideographic space"),
        ([["城东镇", "\u3000", "2018-03-05", "是", "", ""]], "a title of spaces"),
        ([["城东镇", "   ", "2018-03-05", "是", "", ""]], "a title of spaces"),
        ([["城东镇", "", "2018-03-05", "是", "", ""]], "no title"),
        ([["城东镇", "长" * 501, "2018-03-05", "是", "", ""]], "a long title"),
        ([["城东镇", "长" * 500, "2018-03-05", "是", "", ""]], "a title as long as may be"),
        ([["注：以上为三月信息", "", "", "", "", ""]], "a note"),
        ([["合计", "", "2018-03-05", "", "", ""]], "a total"),
        ([["城东镇", "一条信息", "2018-03-05", "待定", "", ""]], "an adoption unread"),
        ([["城东镇", "一条信息", "2018-03-05", "是", "国务院网", ""]], "a level not listed"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
@pytest.mark.parametrize("chunk", [16, 1 << 18])
def test_what_is_not_plain_is_read_as_carefully(
    rows: list[list[str]], why: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = plain([ROWS[0], *rows, ROWS[1]])
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", chunk)
    assert outcome(data, way="plain") == outcome(data, way="careful"), why
    assert outcome(data, way="any") == outcome(data, way="careful"), why


def test_lines_with_quotes_are_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    quoted = [
        ["城东镇", '"投入资金1,200万元"', "2018-03-05 10:00", "是", "市政府网", ""],
        ["区统计局", '"一季度""经济""运行"', "2018-03-31T20:00:00Z", "否", "", '"批示,一"'],
    ]
    data = plain([*ROWS, *quoted] * 3)
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", 100)
    expected = outcome(data, way="careful")
    log = taken_plain(data, monkeypatch)
    assert (log.counts(), list(log.records)) == expected[:2]
    assert log.records[6].title == '一季度"经济"运行'


@pytest.mark.parametrize("chunk", [16, 1 << 18])
def test_a_system_s_own_words_are_counted_the_plain_way(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = {"已发布": True, "待审核": False, "退回": False, "Adopted": True}
    flags = ["已发布", "待审核", "退回", "ADOPTED", "是", ""]
    rows = [[*row[:3], flag, "市政府网" if flag in ("已发布", "ADOPTED", "是") else "", ""]
            for row, flag in zip(ROWS * 60, flags * 50, strict=True)]  # fmt: skip
    data = plain(rows)
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", chunk)
    refused = outcome(data, way="plain", adopted_values={"已发布": True})
    assert refused == outcome(data, way="careful", adopted_values={"已发布": True})
    assert ("items.bad_adopted", "line 3, column 4") in refused
    expected = outcome(data, way="careful", adopted_values=words)
    log = taken_plain(data, monkeypatch, adopted_values=words)
    assert (log.counts(), list(log.records)) == expected[:2]
    assert sum(item.adopted for item in log.records) == 150


def test_a_log_quoting_every_cell_is_read_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[f'"{cell}"' for cell in row] for row in ROWS * 40]
    data = plain(rows, header=[f'"{heading}"' for heading in HEADER])
    assert outcome(data, way="any") == outcome(data, way="careful")
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", 64)
    assert outcome(data, way="plain") == outcome(data, way="careful")


def test_a_quote_in_the_header_is_not_plain() -> None:
    data = plain(ROWS, header=['"单位"', *HEADER[1:]])
    assert outcome(data, way="plain") == outcome(data, way="careful")


@pytest.mark.parametrize(
    "date",
    [
        # days, months and years at their edges
        "2016-02-29", "2018-02-29", "2018-02-30", "2018-04-30", "2018-04-31", "2018-01-31",
        "2018-01-32", "2018-01-39", "2018-01-40", "2018-01-00", "2018-00-10", "2018-13-01",
        "2018-12-31", "1990-01-01", "1989-12-31", "2099-12-31", "2100-01-01", "2000-02-29",
        "1900-02-29",
        # times at their edges
        "2018-03-05 23:59:59", "2018-03-05 24:00:00", "2018-03-05 29:00", "2018-03-05 30:00",
        "2018-03-05 19:60", "2018-03-05 19:59:60", "2018-03-05T00:00", "2018-03-05 9:00",
        # offsets
        "2018-03-05T23:59:59Z", "2018-03-05T16:00Z", "2018-03-05T15:59Z",
        "2018-03-31T23:00+14:00", "2018-03-31T23:00+15:00", "2018-03-31T23:00-12:00",
        "2018-03-31T23:00+08:60", "2018-03-31T10:00:00+05:45", "2018-12-31T20:00:00Z",
        "2099-12-31T20:00:00Z", "2018-03-05 14:22:10 +08:00", "2018-03-05T14:22+0800",
    ],
)  # fmt: skip
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_each_date_reads_as_it_does_carefully(date: str, zone: str) -> None:
    data = plain([ROWS[0], ["区统计局", "一条信息", date, "否", "", ""], ROWS[1]])
    assert outcome(data, way="plain", zone=zone) == outcome(data, way="careful", zone=zone)


FOUND_BY_FUZZING = {
    "a plus between month and day": "单位,标题,报送日期,是否采用\n城东镇,一条,2018-03-05,是\n"
    "城东镇,二条,2018-03+05,是\n".encode(),
    "a plus in a timestamp": "单位,标题,报送日期,是否采用\n城东镇,一条,2018-03-05 10:00,是\n"
    "城东镇,二条,2018-03+05 10:00:00,是\n".encode(),
    # A cell ending in a lead byte, the next row's beginning with its continuation:
    # together they are a character, apart neither is.
    "a character over two titles": "单位,标题,报送日期,是否采用\n".encode()
    + b"a,t,2018-03-05,1\n" * 4000
    + b"a,t\xe4,2018-03-05,1\na,\xb8\xadt,2018-03-05,1\n",
    "a character over two other cells": "单位,标题,报送日期,是否采用,备注\n".encode()
    + b"a,t,2018-03-05,1,x\n" * 4000
    + b"a,t,2018-03-05,1,x\xe4\na,t,2018-03-05,1,\xb8\xadx\n",
    "a character over two cells in gb18030": "单位,标题,报送日期,是否采用\n".encode("gb18030")
    + "城东镇,标题,2018-03-05,是\n".encode("gb18030") * 3000
    + b"a,t\xb0,2018-03-05,1\na,\xa1t,2018-03-05,1\n",
    # A cell longer than the CSV reader's longest field, its line shorter than a chunk.
    "a cell over the field limit": "单位,标题,报送日期,是否采用,批示\n".encode()
    + b"a,t,2018-03-05,1,\na,t,2018-03-05,1,"
    + b"y" * 131_073
    + b"\n",
}


@pytest.mark.parametrize("data", FOUND_BY_FUZZING.values(), ids=FOUND_BY_FUZZING)
@pytest.mark.parametrize("chunk", [16, 1 << 18])
def test_what_fuzzing_found(data: bytes, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", chunk)
    expected = outcome(data, way="careful", levels=())
    assert isinstance(expected, list)  # each is refused, located
    assert outcome(data, way="plain", levels=()) == expected
    assert outcome(data, way="any", levels=()) == expected


def test_the_field_limit_a_program_sets_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    data = plain(ROWS * 3)
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(12)  # shorter than a title
        expected = outcome(data, way="careful")
        assert isinstance(expected, list)
        assert outcome(data, way="plain") == expected
    finally:
        csv.field_size_limit(limit)


def test_the_rows_allowed_are_counted_to_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    data = plain(ROWS * 2)
    monkeypatch.setattr(tongbao._itemplain, "CHUNK", 40)
    monkeypatch.setattr(tongbao._itemfile, "MAX_ITEM_ROWS", 11)  # the header and ten
    assert outcome(data, way="plain") == outcome(data, way="careful")
    assert not isinstance(outcome(data, way="plain"), list)
    monkeypatch.setattr(tongbao._itemfile, "MAX_ITEM_ROWS", 10)
    assert outcome(data, way="plain") == outcome(data, way="careful")
    assert isinstance(outcome(data, way="plain"), list)


# --- any plain log, against the careful reading -------------------------------------

UNITS = ["城东镇", "城西街道", "区统计局", "Ｂ局"]
TITLES = [
    "关于春耕的报告",
    "  防汛动态 ",
    "简报（第3期）",
    "a b",
    '"投入资金1,200万元"',  # quoted as a spreadsheet writes a cell with a comma
    '"说""好"""',  # a quote in a quoted cell, doubled
    "长" * 500,
    "　",
    "",
    '"两行\n标题"',  # a record over two lines
    '一条"信息',  # a quote inside a cell
]


@st.composite
def dates(draw: st.DrawFn, *, odd_ones: bool) -> str:
    """ISO dates in the plain shapes, their digits in range, or with ``odd_ones`` now
    and then not (a 30 February, a 24th hour, an offset of 15 hours)."""
    odd = odd_ones and draw(st.integers(0, 9)) == 0
    year = draw(st.sampled_from([1989, 1990, 2016, 2018, 2099, 2100] if odd else [2018]))
    month = draw(st.integers(0, 13) if odd else st.integers(1, 12))
    day = draw(st.sampled_from([0, 29, 30, 31, 32, 40]) if odd else st.integers(1, 31))
    text = f"{year:04d}-{month:02d}-{day:02d}"
    form = draw(st.sampled_from(["day", "minute", "second"]))
    if form == "day":
        return text
    hour = draw(st.integers(0, 30) if odd else st.integers(0, 23))
    minute = draw(st.integers(0, 61) if odd else st.integers(0, 59))
    text += draw(st.sampled_from([" ", "T"])) + f"{hour:02d}:{minute:02d}"
    if form == "second":
        text += f":{draw(st.integers(0, 61) if odd else st.integers(0, 59)):02d}"
    offsets = ["Z", "+08:00", "-04:00", "+05:45", "+14:00"] + (["+15:00", "+08:60"] if odd else [])
    return text + draw(st.sampled_from(["", "", *offsets]))


@st.composite
def plain_logs(draw: st.DrawFn) -> bytes:
    """Logs a system exports with no quotes: columns in any order, one kind of line
    ending, blank lines at the end or not; one in three with odd titles and dates."""
    header = draw(st.permutations([*HEADER, "序号"]))
    odd = draw(st.integers(0, 2)) == 0
    rows = []
    for n in range(draw(st.integers(1, 20))):
        adopted = draw(st.booleans())
        cells = {
            "单位": draw(st.sampled_from(UNITS)),
            "信息标题": draw(st.sampled_from(TITLES if odd else TITLES[:7])),
            "报送时间": draw(dates(odd_ones=odd)),
            "是否采用": draw(st.sampled_from(["是", "Y", "1"] if adopted else ["否", "", "N"])),
            "采用级别": draw(st.sampled_from(LEVELS)) if adopted else "",
            "领导批示": draw(st.sampled_from(["", "", "区长批示", "否"])),
            "序号": str(n + 1),
        }
        rows.append([cells[heading] for heading in header])
    end = draw(st.sampled_from(["\r\n", "\n"]))
    text = "".join(",".join(row) + end for row in [header, *rows])
    text += draw(st.sampled_from(["", "", end, end * 3]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030"]))
    return text.encode(encoding)


@given(
    plain_logs(),
    st.sampled_from([16, 64, 256, 1 << 18]),
    st.sampled_from(["Asia/Shanghai", "Asia/Shanghai", "America/New_York", "Asia/Kathmandu"]),
)
def test_a_plain_log_reads_as_it_does_carefully(data: bytes, chunk: int, zone: str) -> None:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(tongbao._itemplain, "CHUNK", chunk)
        assert outcome(data, way="plain", zone=zone) == outcome(data, way="careful", zone=zone)
