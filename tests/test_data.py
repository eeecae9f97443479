"""Reading counts from the CSV and XLSX files offices really produce."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tongbao import InputError, Period, Tally, read_counts

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
    import tongbao._data

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    monkeypatch.setattr(tongbao._data, "MAX_XLSX_UNPACKED", 1_000_000)
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


# --- issue 14: every row a workbook holds, whatever it says about itself --------------

DATA = Path(__file__).parent / "data"
MONTHLY = Path(__file__).parent.parent / "examples" / "chengzhong-2018-03-04" / "monthly.xlsx"


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
