"""Headings as offices write them, and the figure each names."""

from __future__ import annotations

import pytest

from tongbao._headings import FIELD_OF, clean_heading, figure_name, level_fields, recognise


@pytest.mark.parametrize(
    ("heading", "figure"),
    [
        ("报送数", "submitted"),
        ("本季度报送", "submitted"),
        ("本月采用条数", "adopted"),
        ("当期得分", "score"),
        ("3月报送", "submitted"),
        ("1-3月累计报送", "ytd_submitted"),
        ("1-3月采用", "ytd_adopted"),
        ("本年累计得分", "ytd_score"),
        ("累计采用", "ytd_adopted"),
        ("考核得分", "score"),
        ("任务数", "quota"),
        ("批示", "instructions"),
        ("本季度单位", None),  # only counts take a period word
        ("备注", None),
        ("本季度市政府网采用", "level:市政府网"),
        ("累计市政府网", "ytd_level:市政府网"),
    ],
)
def test_recognise(heading: str, figure: str | None) -> None:
    named = {**FIELD_OF, **level_fields(["市政府网"])}
    assert recognise(clean_heading(heading), named) == figure


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(" 报送数（条）", "报送数"), ("得分(分)", "得分"), ("Submitted", "submitted"), (None, "")],
)
def test_clean_heading(raw: object, clean: str) -> None:
    assert clean_heading(raw) == clean


@pytest.mark.parametrize(
    ("figure", "name"),
    [
        ("submitted", "报送数"),
        ("level:省", "省采用"),
        ("ytd_adopted", "累计采纳数"),
        ("odd", "odd"),
    ],
)
def test_figure_name(figure: str, name: str) -> None:
    assert figure_name(figure) == name
