"""Reading counts from the CSV and XLSX files offices really produce.

Covers the data-file reader whole (_data and the modules it reads through: _sheets,
_columns, _cells, _tallying), through read_counts and read_table.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongbao import InputError, Period, Tally, read_counts
from tongbao._data import read_table

from .strategies import unit_names

PERIOD = Period.parse("2018-03/2018-04")
SEED_ROWS = "单位,报送数,采纳数\n南川东路办事处,19,9\n仓门街办事处,14,7\n区建设局,0,0\n"


def counts(tallies: list[Tally]) -> list[tuple[str, int, int]]:
    return [(t.unit.name, t.submitted, t.adopted) for t in tallies]


EXPECTED = [("南川东路办事处", 19, 9), ("仓门街办事处", 14, 7), ("区建设局", 0, 0)]


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (SEED_ROWS.encode("utf-8"), "utf-8"),
        (SEED_ROWS.encode("utf-8-sig"), "utf-8 with BOM"),
        (SEED_ROWS.encode("gb18030"), "GB18030 (Excel's Chinese CSV)"),
        (SEED_ROWS.encode("gbk"), "GBK"),
        (SEED_ROWS.replace(",", "\t").encode("utf-16"), "Excel's Unicode text (UTF-16, tabs)"),
        (SEED_ROWS.replace("\n", "\r\n").encode("utf-8"), "CRLF"),
        (SEED_ROWS.replace(",", ";").encode("utf-8"), "semicolons"),
        (("unit,submitted,adopted\n" + SEED_ROWS.split("\n", 1)[1]).encode(), "English headers"),
        (
            (
                "城中区3-4月信息报送统计表,,\n\n序号 ,单位名称,报送条数(条),采用条数（条）\n"
                "1,南川东路办事处,１９,９\n2,仓门街办事处,14,7\n3,区建设局,0,0\n,,,\n,,,\n"
            ).encode(),
            "title row, aliases, full-width digits, blank trailing rows",
        ),
        (
            (SEED_ROWS + "合计,33,16\n注：数据截至4月30日,,\n").encode(),
            "a correct 合计 row and a note row",
        ),
        (
            (
                "单位,报送数,采纳数,采纳率\n南川东路办事处,19,9,47%\n仓门街办事处,14,7,50.0%\n"
                "区建设局,0,0,—\n合计,33,16,48.5%\n"
            ).encode(),
            "correct rate claims at 0 and 1 decimals, undefined as a dash",
        ),
        (
            (
                '单位,报送数,采纳数\n南川东路办事处,19,9\n"仓门街办事处",14,7\n区建设局,0,0\n'
            ).encode(),
            "quoted cells",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_csv_variants(raw: bytes, label: str, tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_bytes(raw)
    assert counts(read_counts(path, PERIOD)) == EXPECTED, label


def test_thousands_separators(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text('单位,报送数,采纳数\n全区,"1,234",987\n', encoding="utf-8")
    assert counts(read_counts(path, PERIOD)) == [("全区", 1234, 987)]


def test_groups_are_read(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("单位,类别,报送数,采纳数\n甲,镇街,1,1\n乙,部门,2,1\n", encoding="utf-8")
    assert [t.unit.group for t in read_counts(path, PERIOD)] == ["镇街", "部门"]


def test_problems_are_collected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("单位,报送数,采纳数\n甲,x,1\n乙,2,y\n丙,1,5\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD)
    assert [p.location.place for p in info.value.problems] == [
        "line 2, column 2",
        "line 3, column 3",
        "line 4, column 3",
    ]


def test_problem_count_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("单位,报送数,采纳数\n" + "".join(f"u{i},x,1\n" for i in range(80)))
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD)
    assert len(info.value.problems) == 51
    assert "30 more problems" in info.value.problems[-1].message


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("甲,2018-03,4,2\n甲,2018-04,3,1\n", [("甲", 7, 3)]),
        ("甲,2018年3月,4,2\n甲,4月,3,1\n", [("甲", 7, 3)]),
        ("甲,3,4,2\n乙,4,3,1\n", [("甲", 4, 2), ("乙", 3, 1)]),  # a month missing is none
    ],
)
def test_monthly_rows_are_summed(
    rows: str, expected: list[tuple[str, int, int]], tmp_path: Path
) -> None:
    path = tmp_path / "monthly.csv"
    path.write_text("单位,月份,报送数,采纳数\n" + rows, encoding="utf-8")
    tallies = read_counts(path, PERIOD)
    assert counts(tallies) == expected
    assert all(t.period == PERIOD for t in tallies)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("甲,2018-03,4,2\n甲,2018-03,3,1\n", "two rows for 2018年3月"),
        ("甲,2018-02,4,2\n", "outside the notice's period"),
        ("甲,13,4,2\n", "13 is not a month"),
        ("甲,2018-03/2018-04,4,2\n", "a range; expected one month"),
        ("甲,三月,4,2\n", "not a period"),
    ],
)
def test_bad_months(rows: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "monthly.csv"
    path.write_text("单位,月份,报送数,采纳数\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_counts(path, PERIOD)


def test_month_number_is_ambiguous_across_years(tmp_path: Path) -> None:
    path = tmp_path / "monthly.csv"
    path.write_text("单位,月份,报送数,采纳数\n甲,3,1,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="ambiguous"):
        read_counts(path, Period.parse("2018-01/2019-12"))


def test_without_month_column_the_period_is_needed(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(SEED_ROWS, encoding="utf-8")
    with pytest.raises(InputError, match="period must be given"):
        read_counts(path, None)


def test_monthly_rows_without_a_period_span_their_months(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("单位,月份,报送数,采纳数\n甲,2018-03,1,1\n甲,2018-04,1,0\n", encoding="utf-8")
    assert read_counts(path, None)[0].period == PERIOD


# --- workbooks -------------------------------------------------------------------------


def write_book(path: Path, rows: list[list[object]], percent_column: int | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计"
    for row in rows:
        sheet.append(row)
    if percent_column is not None:
        for cells in sheet.iter_rows(min_row=2, min_col=percent_column, max_col=percent_column):
            for cell in cells:
                cell.number_format = "0%"
    book.create_sheet("其他")
    book.save(path)
    return path


@pytest.mark.slow
def test_xlsx_with_numbers_dates_and_percent_cells(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "c.xlsx",
        [
            ["3-4月网站信息报送情况统计表"],
            ["序号", "单位", "月份", "报送数", "采纳数", "采纳率"],
            [1, "南川东路办事处", datetime.datetime(2018, 3, 1), 10, 5, 0.5],
            [1, "南川东路办事处", "2018-04", 9.0, 4, 4 / 9],
            [2, "区建设局", "2018-03", 0, 0, None],
            [None, "合计", None, 19, 9, 9 / 19],
        ],
        percent_column=6,
    )
    assert counts(read_counts(path, PERIOD)) == [("南川东路办事处", 19, 9), ("区建设局", 0, 0)]


def test_xlsx_places_are_cells(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "c.xlsx",
        [["单位", "报送数", "采纳数"], ["甲", 19.5, 1], ["乙", True, 1], ["丙", 3, 4]],
    )
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD)
    assert [p.location.place for p in info.value.problems] == [
        "sheet '统计', cell B2",
        "sheet '统计', cell B3",
        "sheet '统计', cell C4",
    ]


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    path = write_book(tmp_path / "c.xlsx", [["单位", "报送数", "采纳数"], ["甲", 1, 1]])
    with pytest.raises(InputError, match="no sheet named '三月'; the workbook has 统计, 其他"):
        read_counts(path, PERIOD, sheet="三月")
    assert counts(read_counts(path, PERIOD, sheet="统计")) == [("甲", 1, 1)]


def test_xlsx_zip_bomb_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tongbao._sheets

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    monkeypatch.setattr(tongbao._sheets, "MAX_XLSX_UNPACKED", 1_000_000)
    with pytest.raises(InputError, match="unpacks to 2,000,000 bytes"):
        read_counts(path, PERIOD)


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputError, match="cannot be read"):
        read_counts(path, PERIOD)


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "c.ods"
    path.write_bytes(b"x")
    with pytest.raises(InputError, match=r"expected \.csv or \.xlsx"):
        read_counts(path, PERIOD)


def test_the_example_workbook_matches_the_csv() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "chengzhong-2018-03-04"
    assert read_counts(example / "monthly.xlsx", PERIOD) == read_counts(
        example / "counts.csv", PERIOD
    )


# --- headers as offices write them, every column's claims ------------------------------


@pytest.mark.parametrize(
    ("header", "figures"),
    [
        ("单位,本季度报送,本季度采用,本季度得分", ["unit", "submitted", "adopted", "score"]),
        ("单位,报送条数,采用条数,考核得分", ["unit", "submitted", "adopted", "score"]),
        ("单位,本月报送,本月采用数,任务数", ["unit", "submitted", "adopted", "quota"]),
        ("单位,本期报送,采用数,批示", ["unit", "submitted", "adopted", "instructions"]),
        ("单位,3月报送,3月采用", ["unit", "submitted", "adopted"]),
        ("单位, 报送数（条）,采纳数", ["unit", "submitted", "adopted"]),
    ],
)
def test_heading_variants(header: str, figures: list[str], tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    cells = ",".join(["1"] * (len(figures) - 1))
    path.write_text(f"{header}\n甲,{cells}\n", encoding="utf-8")
    table = read_table(path, PERIOD)
    assert [figure for _, figure in table.header.headings] == figures


@pytest.mark.parametrize(
    ("heading", "figure"),
    [
        ("1-3月累计报送", "ytd_submitted"),
        ("1-4月累计采用", "ytd_adopted"),
        ("本年累计采用", "ytd_adopted"),
        ("累计报送", "ytd_submitted"),
        ("本年得分", "ytd_score"),
        ("1-4月报送", "ytd_submitted"),
    ],
)
def test_year_to_date_headings(heading: str, figure: str, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"单位,报送数,采纳数,{heading}\n甲,2,1,9\n", encoding="utf-8")
    assert read_table(path, PERIOD).header.headings[-1] == (heading, figure)


def test_year_to_date_columns_give_tallies(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("单位,本月报送,本月采用,累计报送,累计采用\n甲,2,1,9,4\n", encoding="utf-8")
    ytd = Period.parse("2018-01/2018-04")
    table = read_table(path, PERIOD, year_to_date=ytd)
    assert [(t.period, t.submitted, t.adopted) for t in table.year_to_date] == [(ytd, 9, 4)]


def test_year_to_date_below_the_period_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("单位,报送数,采纳数,累计报送,累计采用\n甲,5,1,3,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="累计报送数 3 is less than this period's 5"):
        read_table(path, PERIOD, year_to_date=Period.parse("2018-01/2018-04"))


def test_a_notice_names_headings_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("单位,信息量,用稿量\n甲,5,2\n", encoding="utf-8")
    columns = {"submitted": "信息量", "adopted": "用稿量"}
    assert counts(list(read_table(path, PERIOD, columns=columns).tallies)) == [("甲", 5, 2)]
    with pytest.raises(InputError, match="no column headed '报送量' for submitted"):
        read_table(path, PERIOD, columns={**columns, "submitted": "报送量"})


def test_adoptions_by_level_without_submitted(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("排名,单位,市采用,省采用,得分\n1,甲,3,1,25\n2,乙,2,0,10\n", encoding="utf-8")
    tallies = read_counts(path, PERIOD, levels=["市", "省"])
    assert [(t.submitted, t.adopted, t.levels, t.score) for t in tallies] == [
        (None, 4, (("市", 3), ("省", 1)), 25),
        (None, 2, (("市", 2), ("省", 0)), 10),
    ]


def test_a_header_without_adoptions_says_what_it_has(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("单位,市政府办采用,省政府办采用,得分\n甲,1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD)
    problem = info.value.problems[0]
    assert problem.location.place == "line 1"
    assert problem.message.startswith("has 单位, 市政府办采用, 省政府办采用, 得分 but no 采纳数")


@pytest.mark.parametrize(
    ("total_row", "message"),
    [
        ("合计,,956,2,20", "合计 市采用 is 956 but the rows above add up to 961"),
        ("合计,,961,3,20", "合计 省采用 is 3 but the rows above add up to 2"),
        ("合计,,961,2,21.5", "合计 得分 is 21.5 but the rows above add up to 20"),
    ],
)
def test_a_total_row_claims_every_column(total_row: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        f"序号,单位,市采用,省采用,得分\n1,甲,900,2,12.5\n2,乙,61,0,7.5\n{total_row}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD, levels=["市", "省"])
    assert [p.message for p in info.value.problems] == [message]
    assert info.value.problems[0].location.place.startswith("line 4, column ")


def test_a_subtotal_row_claims_its_section(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "单位,报送数,采纳数,得分\n甲,3,1,5\n小计,3,1,5\n乙,4,2,8\n小计,4,2,9\n合计,7,3,13\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="小计 得分 is 9 but the rows above add up to 8"):
        read_counts(path, PERIOD)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("57.10%", True),  # Excel's 0.00% of a rate rounded to one decimal: 57.1
        ("57.14%", True),
        ("57.1%", True),
        ("57%", True),
        ("57.20%", False),
        ("57.00%", True),  # checked at 0 decimals, the decimals it carries
        ("57.15%", False),
    ],
)
def test_rate_claims_at_the_decimals_they_carry(claim: str, ok: bool, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"单位,报送数,采纳数,采纳率\n甲,7,4,{claim}\n", encoding="utf-8")
    if ok:
        assert counts(read_counts(path, PERIOD)) == [("甲", 7, 4)]
    else:
        with pytest.raises(InputError, match=f"采纳率 is {claim} but 4/7 is"):
            read_counts(path, PERIOD)


@pytest.mark.parametrize("claim", ["0", "0%", "0.00%", "—", "#DIV/0!", ""])
def test_zero_or_undefined_claims_for_nothing_submitted(claim: str, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"单位,报送数,采纳数,采纳率\n甲,0,0,{claim}\n", encoding="utf-8")
    assert counts(read_counts(path, PERIOD)) == [("甲", 0, 0)]


def test_completion_claims_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "单位,报送数,采纳数,任务数,完成率\n甲,3,1,5,60%\n乙,4,1,3,130%\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"完成率 is 130% but 4/3 is 133%"):
        read_counts(path, PERIOD)


def test_lines_after_a_cell_with_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('单位,报送数,采纳数,备注\n甲,19,9,"两行\n备注"\n乙,x,1,\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD)
    assert [p.location.place for p in info.value.problems] == ["line 4, column 2"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("甲,3,1\n甲,2,1\n", "甲 appears twice (first at line 2)"),
        ("甲,3,4\n", "采纳数 (4) is more than 报送数 (3)"),
        ("甲,3,1\n合计,3,2\n", "合计 采纳数 is 2 but the rows above add up to 1"),
        ("甲,3,1\n数据局,x,1\n", "报送数 is 'x', expected a whole number"),
        ("注：截至3月,,\n甲, 3,1\n", None),
    ],
)
def test_the_quick_reader_leaves_problems_to_the_general_one(
    rows: str, message: str | None, tmp_path: Path
) -> None:
    """Whatever the quick path cannot read plainly is read (and explained) the general way."""
    path = tmp_path / "c.csv"
    path.write_text("单位,报送数,采纳数\n" + rows, encoding="utf-8")
    if message is None:
        assert counts(read_counts(path, PERIOD)) == [("甲", 3, 1)]
        return
    with pytest.raises(InputError) as info:
        read_counts(path, PERIOD)
    assert [p.message for p in info.value.problems] == [message]


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_restores_the_garbage_collector(enabled: bool, tmp_path: Path) -> None:
    import gc

    path = tmp_path / "c.csv"
    path.write_text(SEED_ROWS, encoding="utf-8")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        read_counts(path, PERIOD)
        assert gc.isenabled() is enabled
        path.write_text("单位,报送数,采纳数\n甲,x,1\n", encoding="utf-8")
        with pytest.raises(InputError):
            read_counts(path, PERIOD)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


cell_text = st.one_of(
    st.integers(0, 50).map(str),
    st.sampled_from(["", " 3", "x", "1,234", "合计", "注：说明", "３"]),
)
row_names = st.one_of(
    unit_names, st.sampled_from(["", " 甲", "合计", "小计", "注", "数据局", "甲\u3000乙", "ｕ1"])
)


@pytest.mark.slow
@given(
    st.lists(
        st.tuples(row_names, st.sampled_from(["镇街", "部门", "", " 部门"]), cell_text, cell_text),
        min_size=1,
        max_size=8,
    )
)
def test_the_quick_reader_agrees_with_the_general_one(rows: list[tuple[str, ...]]) -> None:
    """Whatever the quick path reads, the general reader reads the same (or it declines)."""
    import tempfile

    import tongbao._data

    text = "单位,类别,报送数,采纳数\n" + "".join(
        ",".join(cell.replace(",", "") for cell in row) + "\n" for row in rows
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        path.write_text(text, encoding="utf-8")
        outcomes = []
        for quick in (True, False):
            original = tongbao._data._quick_tallies
            if not quick:
                tongbao._data._quick_tallies = lambda *_args: None  # type: ignore[assignment]
            try:
                outcomes.append(read_counts(path, PERIOD))
            except InputError as exc:
                outcomes.append(sorted(str(p) for p in exc.problems))
            finally:
                tongbao._data._quick_tallies = original
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(
    ("first_row", "expected"),
    [
        # a wrong 采纳率 claim: the row's counts still add to the 合计, which is then true
        ("城关镇,20,9,41%", ["line 2, column 4: 采纳率 is 41% but 9/20 is 45%"]),
        # an unreadable count: the row is missing from the sums, so they are not compared
        ("城关镇,20,x,45%", ["line 2, column 3: 采纳数 is 'x', expected a whole number"]),
    ],
)
def test_a_refused_row_gives_no_false_total_difference(
    first_row: str, expected: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(
        f"单位,报送数,采纳数,采纳率\n{first_row}\n东街道,15,6,40%\n合计,35,15,43%\n", "utf-8"
    )
    with pytest.raises(InputError) as info:
        read_counts(path, period=Period.parse("2024-Q1"))
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == len(expected), messages
    for message, want in zip(messages, expected, strict=True):
        assert want in message


# --- issue 14: every row a workbook holds, whatever it says about itself --------------

DATA = Path(__file__).parent / "data"
MONTHLY = Path(__file__).parent.parent / "examples" / "chengzhong-2018-03-04" / "monthly.xlsx"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["monthly-dimension-short.xlsx", "monthly-dimension-a1.xlsx", "monthly-odd-selection.xlsx"],
)
def test_a_workbook_that_misstates_itself_is_read_whole(name: str) -> None:
    period = Period.parse("2018-03/2018-04")
    expected = counts(read_counts(MONTHLY, period))
    assert len(expected) == 27
    assert sum(s for _, s, _ in expected) == 578
    assert counts(read_counts(DATA / name, period)) == expected


def test_rows_a_sheet_leaves_out_cost_nothing(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单位", "报送数", "采纳数"])
    sheet.append(["甲", 3, 1])
    sheet.cell(row=1_048_576, column=1, value="注：最后一行")
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert counts(read_counts(path, Period.parse("2018-03"))) == [("甲", 3, 1)]


def test_trailing_blank_cells_are_dropped_but_still_located(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("单位,报送数,采纳数" + "," * 5000 + "\n甲,3,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_counts(path, Period.parse("2018-03"))
    assert [str(p.location) for p in caught.value.problems] == [f"{path}, line 2, column 3"]
    assert "采纳数 is empty" in caught.value.problems[0].message


def test_a_blank_cell_far_right_in_a_workbook_is_ignored(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单位", "报送数", "采纳数"])
    sheet.append(["甲", 3, 1])
    sheet.cell(row=2, column=16_384, value=" ")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    assert counts(read_counts(path, Period.parse("2018-03"))) == [("甲", 3, 1)]


def test_a_line_separator_inside_a_csv_cell_stays_in_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("单位,报送数,采纳数\n甲\u2028乙,3,1\n丙,2,1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_counts(path, Period.parse("2018-03"))
    assert [str(p.location) for p in caught.value.problems] == [f"{path}, line 2, column 1"]
    assert "separator U+2028" in caught.value.problems[0].message
