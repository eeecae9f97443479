"""Tables written in text, and figures as printed."""

from __future__ import annotations

import pytest

from tongbao._tabletext import TextLine, heading_field, parse_count, parse_rate, tables_in


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
        ("备注", None),
    ],
)
def test_headings_in_the_usual_words(heading: str, field: str | None) -> None:
    assert heading_field(heading) == field


def test_cells_per_line_in_any_column_order() -> None:
    cells = ["单位", "采用数", "报送条数", "甲", "8", "16", "乙", "?", "24", "说明：本表"]
    (table, note) = tables_in([TextLine(c, f"line {n}") for n, c in enumerate(cells, 1)])
    assert table.rows == (("单位", "采用数", "报送条数"), ("甲", "8", "16"), ("乙", "?", "24"))
    assert note == TextLine("说明：本表", "line 10")


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
