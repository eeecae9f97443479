"""Audit: each finding kind, placed, with the printed and the computed value."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao._audit import KINDS, explain_rounding, rate_agrees
from tongbao._numfmt import round_half_up
from tongbao._published import parse_blocks
from tongbao._sources import Line

from .conftest import DATA, EXAMPLE


def published(
    body: str,
    rows: list[str],
    *,
    headings: str = "序号 单位 报送数 采纳数 采纳率",
    note: str = "统计表",
    title: str = "统计表",
) -> tongbao.Published:
    """A notice written one cell per line, as scraped pages are."""
    lines = [
        "关于2018年3月信息报送情况的通报",
        "各单位：",
        *body.split("\n"),
        f"附件：{note}",
        "某区政府办公室",
        "2018年4月2日",
        "附件",
        title,
        *(f"{cell} |" for cell in headings.split()),
        *(f"{cell} |" for row in rows for cell in row.split()),
    ]
    return parse_blocks([Line(t, f"line {n}") for n, t in enumerate(lines, 1)], "t.txt", "text")


GOOD_ROWS = ["1 甲 16 8 50%", "2 乙 24 12 50%"]


def kinds(findings: list[tongbao.Finding]) -> list[str]:
    return [f.kind for f in findings]


def test_a_notice_that_agrees_has_no_findings() -> None:
    notice = published("本月共报送信息40条，采纳发布20条，采纳率50.0%。", GOOD_ROWS)
    assert tongbao.audit(notice) == []


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "docx", "html"])
def test_tongbao_s_own_output_agrees(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"n.{fmt}"
    path.write_bytes(tongbao.render(tongbao.load(EXAMPLE / "notice.toml"), fmt))
    assert tongbao.audit(tongbao.read_published(path)) == []


def test_the_seed_s_findings() -> None:
    findings = tongbao.audit(tongbao.read_published(DATA / "seed-scraped.txt"))
    assert [str(f) for f in findings] == [
        "附件说明为 “3-4月网站信息报送情况统计表”，"
        "但附件的标题为 “3-4月网站公开信息报送情况统计表”",
        '附件第17行 区建设局 采纳率 "?" 无法识别',
    ]
    assert findings[1].place == "附件第17行 区建设局 采纳率"
    assert findings[1].printed == "?"
    assert findings[1].computed == "—"


def test_rate_with_the_rounding_that_explains_it() -> None:
    (finding,) = tongbao.audit(published("本月。", ["1 甲 57 36 63.1%"]))
    assert finding.kind == "rate"
    assert finding.place == "附件第1行 甲 采纳率"
    assert (finding.printed, finding.computed) == ("63.1%", "63.2%")
    assert finding.explanation == "截断（舍去）到1位小数可得此数"
    assert "36/57" in finding.message


@pytest.mark.parametrize(
    ("adopted", "submitted", "printed", "places", "explained"),
    [
        (36, 57, "63.1", 1, "截断（舍去）到1位小数可得此数"),
        (1, 8, "12.5", 1, None),  # agrees: no explanation needed
        (5, 8, "62", 0, "截断（舍去）或四舍六入五成双到0位小数可得此数"),
        (1, 3, "33.34", 2, None),
        (2, 3, "66.66", 2, "截断（舍去）到2位小数可得此数"),
        (9, 19, "47.4", 1, None),
        (9, 19, "47.37", 1, "四舍五入到2位小数可得此数"),
        (9, 19, "50", 0, None),
    ],
)
def test_explain_rounding(
    adopted: int, submitted: int, printed: str, places: int, explained: str | None
) -> None:
    exact = Fraction(adopted, submitted)
    if rate_agrees(exact, printed, places):
        assert explained is None
    else:
        assert explain_rounding(exact, printed, places) == explained


def test_trailing_zeros_are_consistent() -> None:
    assert rate_agrees(Fraction(16, 28), "57.10", 2)
    assert rate_agrees(Fraction(1, 2), "50.00", 2)
    assert not rate_agrees(Fraction(16, 28), "57.20", 2)
    assert tongbao.audit(published("本月。", ["1 甲 28 16 57.10%"])) == []


@pytest.mark.slow
@given(
    st.integers(1, 5000).flatmap(lambda s: st.tuples(st.just(s), st.integers(0, s))),
    st.integers(0, 3),
)
def test_half_up_always_agrees(counts: tuple[int, int], places: int) -> None:
    submitted, adopted = counts
    exact = Fraction(adopted, submitted)
    assert rate_agrees(exact, str(round_half_up(exact * 100, places)), places)


def test_text_totals_against_the_table() -> None:
    findings = tongbao.audit(
        published("本月共报送信息956条，采纳发布20条，采纳率50.0%。", GOOD_ROWS)
    )
    assert kinds(findings) == ["text_total"]
    assert (findings[0].place, findings[0].printed, findings[0].computed) == (
        "正文第1段",
        "956",
        "40",
    )


def test_total_row_against_the_rows() -> None:
    findings = tongbao.audit(published("本月。", [*GOOD_ROWS, "合计 合计 41 20 49%"]))
    assert kinds(findings) == ["total_row", "total_row"]
    assert findings[0].place == "附件第3行 合计 报送数"
    assert (findings[0].printed, findings[0].computed) == ("41", "40")
    assert findings[1].place == "附件第3行 合计 采纳率"


def test_ranks_and_ties() -> None:
    rows = ["1 甲 10 9 90%", "2 乙 10 8 80%", "2 丙 10 8 80%", "3 丁 10 5 50%"]
    headings = "排名 单位 报送数 采纳数 采纳率"
    assert tongbao.audit(published("本月。", [*rows[:3], "4 丁 10 5 50%"], headings=headings)) == []
    # dense ties are a rule too: 1, 2, 2, 3
    assert tongbao.audit(published("本月。", rows, headings=headings)) == []
    wrong = ["1 甲 10 9 90%", "2 乙 10 8 80%", "3 丙 10 8 80%", "4 丁 10 5 50%"]
    (finding,) = tongbao.audit(published("本月。", wrong, headings=headings))
    assert finding.kind == "rank"
    assert finding.place == "附件第3行 丙 排名"
    assert (finding.printed, finding.computed) == ("3", "2")


def test_ranks_within_groups(tmp_path: Path) -> None:
    """A grouped table ranks each group on its own: no finding for tongbao's own."""
    import attrs

    notice = tongbao.load(EXAMPLE / "notice.toml")
    assert notice.attachment is not None
    spec = attrs.evolve(notice.attachment, grouped=True, total=True, order="rate")
    path = tmp_path / "grouped.txt"
    path.write_bytes(tongbao.render(attrs.evolve(notice, attachment=spec), "text"))
    published = tongbao.read_published(path)
    table = published.attachments[0].table
    assert table is not None
    assert [r.kind for r in table.rows].count("group") == 2
    assert tongbao.audit(published) == []
    # The same table with a place changed in the second group is caught.
    text = path.read_text(encoding="utf-8").replace("  1     区政府办公室", "  2     区政府办公室")
    path.write_text(text, encoding="utf-8")
    findings = tongbao.audit(tongbao.read_published(path))
    assert [(f.kind, f.printed, f.computed) for f in findings] == [("rank", "2", "1")]


def test_attachment_note_against_the_title() -> None:
    (finding,) = tongbao.audit(published("本月。", GOOD_ROWS, note="统计表", title="统计总表"))
    assert finding.kind == "attachment_title"
    assert (finding.printed, finding.computed) == ("统计表", "统计总表")


@pytest.mark.parametrize(
    ("row", "place"),
    [("1 甲 1? 8 50%", "附件第1行 甲 报送数"), ("1 甲 16 □ 50%", "附件第1行 甲 采纳数")],
)
def test_unreadable_cells(row: str, place: str) -> None:
    (finding,) = tongbao.audit(published("本月。", [row]))
    assert finding.kind == "unreadable"
    assert finding.place == place
    assert "无法识别" in finding.message


def test_more_adopted_than_submitted() -> None:
    (finding,) = tongbao.audit(published("本月。", ["1 甲 8 9 100%"]))
    assert finding.kind == "count"


def test_adoptions_by_level_against_the_adopted_count() -> None:
    headings = "序号 单位 报送数 市级采用 省级采用 采纳数 采纳率"
    assert tongbao.audit(published("本月。", ["1 甲 16 5 3 8 50%"], headings=headings)) == []
    (finding,) = tongbao.audit(published("本月。", ["1 甲 16 5 2 8 50%"], headings=headings))
    assert finding.kind == "count"
    assert (finding.place, finding.printed, finding.computed) == ("附件第1行 甲 采纳数", "8", "7")


def test_a_sentence_s_percentage_against_its_counts() -> None:
    body = "其中镇街报送57条，采纳36条，采纳率为63.1%，较上月有所提高。"
    findings = tongbao.audit(published(body, GOOD_ROWS))
    sentence = [f for f in findings if f.kind == "sentence_rate"]
    assert len(sentence) == 1
    assert (sentence[0].printed, sentence[0].computed) == ("63.1%", "63.2%")
    assert "36/57" in sentence[0].message


def test_a_sentence_whose_percentage_is_far_from_any_ratio_is_not_a_finding() -> None:
    body = "2018年3月以来各单位报送57条，网站改版完成80%。"
    findings = tongbao.audit(published(body, GOOD_ROWS))
    assert "sentence_rate" not in kinds(findings)


def test_every_kind_is_documented() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "import-audit.md").read_text("utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in text


def test_findings_as_data() -> None:
    (finding,) = tongbao.audit(published("本月。", ["1 甲 57 36 63.1%"]))
    assert finding.as_dict() == {
        "kind": "rate",
        "place": "附件第1行 甲 采纳率",
        "printed": "63.1%",
        "computed": "63.2%",
        "explanation": "截断（舍去）到1位小数可得此数",
        "message": finding.message,
    }
