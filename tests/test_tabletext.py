"""Tables written in text, and figures as printed."""

from __future__ import annotations

import pytest

from tongbao._headings import FIELD_OF
from tongbao._tabletext import (
    FIELDS,
    TextLine,
    heading_field,
    parse_count,
    parse_rate,
    tables_in,
)


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("报送条数", "submitted"),
        ("采用数", "adopted"),
        ("采用率", "rate"),
        (" 单 位 ", "unit"),
        ("报送数(条)", "submitted"),
        ("市级采用", "level:市"),
        ("省采纳数", "level:省"),
        ("上报", "submitted"),
        ("综合得分", "score"),
        ("得分(分)", "score"),
        ("#", "no"),
        ("备注", None),
    ],
)
def test_headings_in_the_usual_words(heading: str, field: str | None) -> None:
    assert heading_field(heading) == field


# The published reader's words before they came from the data loader's vocabulary: each
# is still read as the same figure.
EARLIER_WORDS = {
    "no": ("序号", "编号", "no", "no."),
    "rank": ("排名", "名次", "排序", "rank"),
    "unit": ("单位", "单位名称", "报送单位", "单位(部门)", "部门", "unit", "name"),
    "group": ("类别", "分类", "类型", "分组", "单位类别", "group"),
    "submitted": (
        "报送数",
        "报送条数",
        "报送数量",
        "报送信息数",
        "报送信息条数",
        "报送",
        "上报数",
        "上报条数",
        "submitted",
    ),
    "adopted": (
        "采纳数",
        "采纳条数",
        "采纳数量",
        "采用数",
        "采用条数",
        "采用数量",
        "采纳",
        "采用",
        "采纳发布数",
        "采用发布数",
        "adopted",
    ),
    "rate": ("采纳率", "采用率", "采发率", "信息采发率", "采纳比例", "rate"),
    "score": ("得分", "分数", "考核得分", "总得分", "合计得分", "score"),
}


@pytest.mark.parametrize(
    ("heading", "field"), [(h, f) for f, words in EARLIER_WORDS.items() for h in words]
)
def test_the_earlier_words_read_as_before(heading: str, field: str) -> None:
    assert heading_field(heading) == field


def test_a_printed_table_reads_every_word_a_data_file_does_for_its_figures() -> None:
    """One vocabulary: the data loader's headings (tongbao._headings) and 排名, 采纳比例."""
    for alias, figure in FIELD_OF.items():
        if figure in FIELDS:
            assert heading_field(alias) == figure, alias
    assert heading_field("任务数") is None  # the data loader's own figures stay its own
    assert heading_field("月份") is None


def test_cells_per_line_in_any_column_order() -> None:
    cells = ["单位", "采用数", "报送条数", "甲", "8", "16", "乙", "?", "24", "说明：本表"]
    (table, note) = tables_in([TextLine(c, f"line {n}") for n, c in enumerate(cells, 1)])
    assert table.rows == (("单位", "采用数", "报送条数"), ("甲", "8", "16"), ("乙", "?", "24"))
    assert note == TextLine("说明：本表", "line 10")


# Headers as offices write them, with columns tongbao does not read, and two rows under
# each: the cells as a scraped page gives them, one per line.
HEADER_SETS = [
    (
        ["序号", "单位", "报送数", "采纳数", "采纳率", "备注"],
        ["1 甲镇 16 8 50% 好", "2 乙局 4 0 0% _"],
    ),
    (
        ["序号", "单位", "报送数", "采纳数", "采纳率", "备注"],
        ["1 甲镇 16 8 50% _", "2 乙局 4 0 0% _"],
    ),
    (["单位", "报送条数", "采用条数", "采用率", "备注"], ["甲镇 16 8 50% 未报送", "乙局 4 0 0% _"]),
    (
        ["排名", "单位名称", "报送数", "采用数", "采用率", "得分率", "较上月"],
        ["1 甲镇 16 8 50% 98% 上升2位", "2 乙局 4 0 0% 60% 持平"],
    ),
    (
        ["序号", "所属片区", "单位", "报送数", "采纳数", "采纳率"],
        ["1 城东片区 甲镇 16 8 50%", "2 城西片区 乙局 4 0 0%"],
    ),
    (
        ["序号", "单位", "联系人", "报送数", "采纳数", "上月排名", "排名变化", "得分"],
        ["1 甲镇 张三 16 8 3 ↑2 12", "2 乙局 李四 4 0 1 ↓1 0"],
    ),
    (
        ["单位", "1-4月累计报送", "报送数", "采纳数", "采纳率"],
        ["甲镇 40 16 8 50%", "乙局 9 4 0 0%"],
    ),
]


@pytest.mark.parametrize(("headings", "rows"), HEADER_SETS)
@pytest.mark.parametrize("piped", [True, False], ids=["piped", "bare"])
def test_cells_per_line_with_columns_tongbao_does_not_read(
    headings: list[str], rows: list[str], piped: bool
) -> None:
    """Each row stays in step under its headings; the unread columns are kept, unread."""
    cells = headings + [c.replace("_", "") for row in rows for c in row.split()]
    lines = [TextLine(f"{c} |" if piped else c, f"line {n}") for n, c in enumerate(cells, 1)]
    lines.append(TextLine("说明：本表由系统生成", "line 99"))
    (table, note) = tables_in(lines)
    assert table.rows[0] == tuple(headings)
    assert table.rows[1:] == tuple(tuple(c.replace("_", "") for c in r.split()) for r in rows)
    assert note.text == "说明：本表由系统生成"
    fields = [heading_field(h) for h in headings]
    units = [row[fields.index("unit")] for row in table.rows[1:]]
    assert units == ["甲镇", "乙局"]


def test_aligned_columns_with_a_narrow_first_column() -> None:
    lines = [
        "序号  单位        报送数  采纳数  采纳率",
        " 9  区统计局        7     3    43%",
        "10 区财政局      33    15    45%",
    ]
    (table,) = tables_in([TextLine(t, "x") for t in lines])
    assert table.rows[1:] == (
        ("9", "区统计局", "7", "3", "43%"),
        ("10", "区财政局", "33", "15", "45%"),
    )


@pytest.mark.parametrize(
    ("text", "count"), [("19", 19), ("1,234", 1234), ("19条", 19), ("１９", 19), ("?", None)]
)
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("47%", ("47", 0)),
        ("43.3%", ("43.3", 1)),
        ("４３．３％", ("43.3", 1)),
        ("—", "undefined"),
        ("", "undefined"),
        ("?", None),
        ("47", None),
    ],
)
def test_parse_rate(text: str, rate: object) -> None:
    assert parse_rate(text) == rate
