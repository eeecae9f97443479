"""Scoring notices in the styles offices publish; figures worked out by hand."""

from __future__ import annotations

import datetime
import io
from fractions import Fraction
from pathlib import Path

import attrs
import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao import AttachmentSpec, InputError, Notice, Period, Tally, Unit
from tongbao._notice import ColumnSpec
from tongbao._quota import Quota
from tongbao._scoring import ScoringRules, apply_scoring, format_score, score, scored, scores

Q1 = Period.parse("2023-Q1")
CITY, HULUNBUIR = "市政府网", "呼伦贝尔市政府网"
# 扎兰屯市 2023年1-3月: 5 points per adoption on the city's site, 10 on 呼伦贝尔's.
ZHALANTUN = ScoringRules(points={CITY: 5, HULUNBUIR: 10})


def town(name: str, group: str, city: int, hulunbuir: int, submitted: int) -> Tally:
    return Tally(
        Unit(name, group=group),
        Q1,
        submitted,
        city + hulunbuir,
        levels={CITY: city, HULUNBUIR: hulunbuir},
    )


UNITS = [
    town("甲镇", "镇街", 4, 1, 9),  # 4*5 + 1*10 = 30
    town("乙镇", "镇街", 2, 2, 6),  # 10 + 20 = 30
    town("丙镇", "镇街", 6, 0, 8),  # 30
    town("丁局", "部门", 1, 3, 5),  # 5 + 30 = 35
    town("戊局", "部门", 0, 0, 2),  # 0
]


def test_scores_are_exact() -> None:
    assert [score(t, ZHALANTUN) for t in UNITS] == [30, 30, 30, 35, 0]
    half = ScoringRules(points={CITY: "0.5", HULUNBUIR: 1}, per_submission="0.1", cap=3)
    # 甲: 4*0.5 + 1*1 + 9*0.1 = 3.9, capped at 3; 戊: 0 + 0 + 0.2
    assert score(UNITS[0], half) == 3
    assert score(UNITS[4], half) == Fraction(1, 5)
    capped = ScoringRules(points={CITY: 5, HULUNBUIR: 10}, caps={CITY: 15})
    assert score(UNITS[2], capped) == 15  # 6*5 = 30, capped at 15 for that level


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(264), "264"), (Fraction(25, 2), "12.5"), (Fraction(1, 3), "0.33"), (None, "—")],
)
def test_format_score(value: Fraction | None, text: str) -> None:
    assert format_score(value) == text


def zhalantun(**attachment: object) -> Notice:
    spec: dict[str, object] = {
        "title": "2023年1-3月政务信息采用情况",
        "order": "score",
        "columns": [
            ColumnSpec("rank"),
            ColumnSpec("unit"),
            ColumnSpec(f"level:{CITY}", "采用条数", CITY),
            ColumnSpec(f"points:{CITY}", "采用得分", CITY),
            ColumnSpec(f"level:{HULUNBUIR}", "采用条数", HULUNBUIR),
            ColumnSpec(f"points:{HULUNBUIR}", "采用得分", HULUNBUIR),
            ColumnSpec("score", "1-3月得分"),
        ],
    }
    spec.update(attachment)
    return Notice(
        title="关于2023年1-3月政务信息采用情况的通报",
        issuer="扎兰屯市人民政府办公室",
        date=datetime.date(2023, 4, 10),
        period=Q1,
        tallies=UNITS,
        scoring=ZHALANTUN,
        body=[
            "共采用{adopted}条，其中{level_adopted:市政府网}条被市政府网采用，"
            "镇街{level_adopted:呼伦贝尔市政府网|镇街}条被呼伦贝尔市政府网采用，合计{score_total}分。"
        ],
        attachment=AttachmentSpec(**spec),  # type: ignore[arg-type]
    )


def test_zhalantun_ranked_by_score_with_two_row_header() -> None:
    document = tongbao.compose(zhalantun())
    # adopted 5+4+6+4+0 = 19; city 4+2+6+1 = 13; 镇街 at 呼伦贝尔 1+2+0 = 3; scores 125
    assert document.paragraphs[0].text == (
        "共采用19条，其中13条被市政府网采用，镇街3条被呼伦贝尔市政府网采用，合计125分。"
    )
    table = document.attachments[0].table
    assert [(h.text, h.columns, h.rows) for h in table.header_rows()[0]] == [
        ("排名", 1, 2),
        ("单位", 1, 2),
        (CITY, 2, 1),
        (HULUNBUIR, 2, 1),
        ("1-3月得分", 1, 2),
    ]
    assert [h.text for h in table.header_rows()[1]] == ["采用条数", "采用得分"] * 2
    assert [r.cells for r in table.rows] == [
        ("1", "丁局", "1", "5", "3", "30", "35"),
        ("2", "甲镇", "4", "20", "1", "10", "30"),
        ("2", "乙镇", "2", "10", "2", "20", "30"),
        ("2", "丙镇", "6", "30", "0", "0", "30"),
        ("5", "戊局", "0", "0", "0", "0", "0"),
    ]


@pytest.mark.slow
def test_two_row_headers_in_every_format() -> None:
    notice = zhalantun()
    text = tongbao.render(notice, "text").decode()
    assert f"{CITY}/采用条数" in text
    word = docx.Document(io.BytesIO(tongbao.render(notice, "docx")))
    rows = word.tables[0]._tbl.tr_lst
    xml = rows[0].xml
    assert 'w:gridSpan w:val="2"' in xml
    assert 'w:vMerge w:val="restart"' in xml
    assert "<w:vMerge/>" in rows[1].xml
    assert all("<w:tblHeader/>" in r.xml for r in rows[:2])
    assert [c.text for c in word.tables[0].rows[2].cells] == [
        "1",
        "丁局",
        "1",
        "5",
        "3",
        "30",
        "35",
    ]
    import pypdf

    pdf = tongbao.render(notice, "pdf", find_fonts=False)
    page = "".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert CITY in page
    assert "1-3月得分" in page
    page_html = tongbao.render(notice, "html").decode()
    assert f'<th scope="colgroup" colspan="2">{CITY}</th>' in page_html
    assert '<th scope="col" rowspan="2">排名</th>' in page_html


def test_separate_attachments_per_group() -> None:
    notice = zhalantun(
        split_by_group=True, group_titles={"镇街": "镇（街道）得分", "部门": "部门得分"}
    )
    document = tongbao.compose(notice)
    assert [a.title for a in document.attachments] == ["镇（街道）得分", "部门得分"]
    assert document.attachment_notes == ("附件：1. 镇（街道）得分", "2. 部门得分")
    assert [r.cells[:2] for r in document.attachments[0].table.rows] == [
        ("1", "甲镇"),
        ("1", "乙镇"),
        ("1", "丙镇"),
    ]
    assert [r.cells[:2] for r in document.attachments[1].table.rows] == [
        ("1", "丁局"),
        ("2", "戊局"),
    ]


def test_dazhou_supplied_scores_sort_and_tie() -> None:
    # 达州市 2010: scores supplied by the office; two units share 264 points.
    year = Period.parse("2010")
    tallies = [
        Tally("通川区", year, 120, 80, score=264),
        Tally("达县", year, 110, 85, score="271.5"),
        Tally("宣汉县", year, 95, 70, score=264),
        Tally("开江县", year, 60, 30, score=180),
    ]
    notice = Notice(
        title="通报",
        issuer="达州市人民政府办公室",
        date=datetime.date(2011, 1, 20),
        period=year,
        tallies=tallies,
        attachment=AttachmentSpec(
            title="得分",
            order="score",
            columns=[ColumnSpec("rank"), ColumnSpec("unit"), ColumnSpec("score")],
        ),
    )
    rows = [r.cells for r in tongbao.compose(notice).attachments[0].table.rows]
    assert rows == [
        ("1", "达县", "271.5"),
        ("2", "通川区", "264"),
        ("2", "宣汉县", "264"),
        ("4", "开江县", "180"),
    ]


def test_supplied_scores_are_checked_against_declared_rules() -> None:
    wrong = [
        *UNITS[:4],
        Tally(Unit("戊局", group="部门"), Q1, 2, 0, levels={CITY: 0, HULUNBUIR: 0}, score=5),
    ]
    with pytest.raises(InputError) as info:
        Notice(
            title="t",
            issuer="i",
            date=datetime.date(2023, 4, 1),
            period=Q1,
            tallies=wrong,
            scoring=ZHALANTUN,
        )
    (problem,) = info.value.problems
    assert problem.location.place == "tallies[4]"
    assert problem.message == "戊局: the supplied score 5 is not the 0 the scoring rules give"


def test_levels_must_add_up_and_scores_must_be_exact() -> None:
    with pytest.raises(
        ValueError, match=r"add up to 3 \(2 \(区\) \+ 1 \(市\)\), not the 4 adopted"
    ):
        Tally("甲", Q1, 5, 4, levels={"区": 2, "市": 1})
    with pytest.raises(InputError, match="a score must be exact"):
        Tally("甲", Q1, 5, 4, score=12.5)


def test_ranking_by_score_needs_scores() -> None:
    with pytest.raises(InputError, match="needs a score for every unit"):
        Notice(
            title="t",
            issuer="i",
            date=datetime.date(2023, 4, 1),
            period=Q1,
            tallies=[Tally("甲", Q1, 1, 1)],
            attachment=AttachmentSpec(title="t", order="score"),
        )


def test_huolinguole_kinds_levels_and_year_to_date(tmp_path: Path) -> None:
    # 霍林郭勒市 style: adoptions by kind at city level, then 通辽市 and 自治区, with 累计.
    kinds = ["普发", "微信公众号", "参阅", "通辽市", "自治区"]
    rows = [
        # unit, month, submitted, 普发, 微信, 参阅, 通辽, 自治区
        ("甲", "2018-01", 6, 2, 1, 0, 1, 0),
        ("甲", "2018-02", 5, 1, 0, 1, 0, 1),
        ("甲", "2018-03", 7, 2, 2, 0, 1, 0),
        ("乙", "2018-02", 4, 1, 1, 0, 0, 0),
        ("乙", "2018-03", 3, 0, 1, 0, 0, 0),
    ]
    lines = ["单位,月份,报送条数," + ",".join(kinds)]
    lines += [",".join(map(str, row)) for row in rows]
    (tmp_path / "months.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notice.toml").write_text(
        """title = "关于2018年3月政务信息采用情况的通报"
issuer = "霍林郭勒市人民政府办公室"
date = 2018-04-08
period = "2018-03"
data = "months.csv"
body = ["本月采用{adopted}条，得分{score_total}。"]

[scoring]
levels = ["普发", "微信公众号", "参阅", "通辽市", "自治区"]
points = { "普发" = 1, "微信公众号" = 0.5, "参阅" = 2, "通辽市" = 5, "自治区" = 10 }

[attachment]
title = "3月政务信息采用情况"
order = "score"
year_to_date = true
columns = [
  "rank", "unit", "submitted", "ytd_submitted",
  { figure = "level:普发", group = "市本级采用" },
  { figure = "level:微信公众号", group = "市本级采用" },
  { figure = "level:参阅", group = "市本级采用" },
  "level:通辽市", "level:自治区", "score", "ytd_score",
]
""",
        encoding="utf-8",
    )
    notice = tongbao.load(tmp_path / "notice.toml")
    document = tongbao.compose(notice)
    # March: 甲 2 普发 + 2 微信 + 1 通辽 = 2 + 1 + 5 = 8 points; 乙 1 微信 = 0.5.
    # Jan-Mar: 甲 普发 5, 微信 3, 参阅 1, 通辽 2, 自治区 1 -> 5 + 1.5 + 2 + 10 + 10 = 28.5;
    #          乙 普发 1, 微信 2 -> 1 + 1 = 2. Adopted in March: 5 + 1 = 6; total score 8.5.
    assert document.paragraphs[0].text == "本月采用6条，得分8.5。"
    assert [r.cells for r in document.attachments[0].table.rows] == [
        ("1", "甲", "7", "18", "2", "2", "0", "1", "0", "8", "28.5"),
        ("2", "乙", "3", "7", "0", "1", "0", "0", "0", "0.5", "2"),
    ]
    columns = document.attachments[0].table.columns
    assert [c.heading for c in columns[1:4]] == ["单位", "报送数", "累计报送数"]
    assert [c.group for c in columns[4:7]] == ["市本级采用"] * 3


@pytest.mark.slow
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=6
    )
)
def test_scores_add_over_months(months: list[tuple[int, int, int]]) -> None:
    rules = ScoringRules(points={CITY: "0.5", HULUNBUIR: 3}, per_submission="0.25")
    tallies = [
        Tally("甲", Period.months_of(2023, 1 + i), s + c + h, c + h, levels={CITY: c, HULUNBUIR: h})
        for i, (s, c, h) in enumerate(months)
    ]
    whole = tongbao.combine(tallies)
    assert score(whole, rules) == sum(score(t, rules) for t in tallies)


@pytest.mark.slow
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.sampled_from(["镇街", "部门"])),
        max_size=8,
    )
)
def test_scores_add_over_groups(units: list[tuple[int, int, str]]) -> None:
    tallies = scored(
        [town(f"u{i}", group, c, h, c + h) for i, (c, h, group) in enumerate(units)], ZHALANTUN
    )
    by_group: dict[str, Fraction] = {}
    for tally in tallies:
        by_group[tally.unit.group or ""] = (
            by_group.get(tally.unit.group or "", Fraction(0)) + tally.score
        )  # type: ignore[operator]
    assert sum(by_group.values(), Fraction(0)) == sum((t.score for t in tallies), Fraction(0))  # type: ignore[misc]


def test_units_without_submissions_in_an_attachment_of_their_own() -> None:
    # 吉林市 2020年第三季度: units that submitted nothing are listed separately.
    quarter = Period.parse("2020-Q3")
    tallies = [
        Tally(Unit("船营区", group="县区"), quarter, 30, 12, score=36),
        Tally(Unit("昌邑区", group="县区"), quarter, 0, 0, score=0),
        Tally(Unit("市教育局", group="部门"), quarter, 12, 6, score=18),
        Tally(Unit("市档案馆", group="部门"), quarter, 0, 0, score=0),
    ]
    notice = Notice(
        title="通报",
        issuer="吉林市人民政府办公厅",
        date=datetime.date(2020, 10, 15),
        period=quarter,
        tallies=tallies,
        attachment=AttachmentSpec(
            title="第三季度信息报送情况",
            order="score",
            zero_units_title="第三季度未报送信息单位",
            columns=[
                ColumnSpec("rank", "排名"),
                ColumnSpec("unit"),
                ColumnSpec("submitted", "本季度报送"),
                ColumnSpec("adopted", "本季度采用"),
                ColumnSpec("score", "本季度得分"),
            ],
        ),
    )
    document = tongbao.compose(notice)
    assert document.attachment_notes == (
        "附件：1. 第三季度信息报送情况",
        "2. 第三季度未报送信息单位",
    )
    assert [r.cells for r in document.attachments[0].table.rows] == [
        ("1", "船营区", "30", "12", "36"),
        ("2", "市教育局", "12", "6", "18"),
    ]
    assert [r.cells for r in document.attachments[1].table.rows] == [
        ("1", "昌邑区", "县区"),
        ("2", "市档案馆", "部门"),
    ]


# --- the rules real 考核办法 use -----------------------------------------------------------


QUARTER_RULES = ScoringRules(
    points={"市级": 5, "省级": 10},
    per_instruction=10,
    quota_points=60,
    per_missing=15,
    floor=0,
    scale=100,
)


def officer(submitted: int, city: int, province: int, instructions: int) -> Tally:
    return Tally(
        Unit(f"u{submitted}{city}{province}{instructions}"),
        Q1,
        submitted,
        city + province,
        levels={"市级": city, "省级": province},
        instructions=instructions,
    )


def test_quota_points_deductions_floor_bonus_and_scale() -> None:
    tallies = [officer(6, 3, 1, 1), officer(2, 1, 0, 0), officer(0, 0, 0, 0), officer(7, 4, 2, 2)]
    quota = Quota(items=4)
    # 60 + 15 + 10 + 10 = 95; 60 − 2×15 + 5 = 35; max(0, 60 − 60) = 0; 60 + 20 + 20 + 20 = 120
    assert [score(t, QUARTER_RULES, quota) for t in tallies] == [95, 35, 0, 120]
    assert scores(tallies, QUARTER_RULES, quota) == [
        Fraction(95 * 100, 120),
        Fraction(35 * 100, 120),
        0,
        100,
    ]
    floored = attrs.evolve(QUARTER_RULES, floor=20, scale=None)
    assert score(tallies[2], floored, quota) == 20  # 60 − 60 is floored at 20


def test_quota_points_need_a_quota() -> None:
    with pytest.raises(ValueError, match="sets no \\[quota\\]"):
        score(officer(1, 0, 0, 0), QUARTER_RULES)


def test_a_supplied_converted_score_is_compared_at_its_decimals() -> None:
    quota = Quota(items=4)
    tallies = [attrs.evolve(officer(6, 3, 1, 1), score="79.17"), officer(7, 4, 2, 2)]
    assert apply_scoring(tallies, QUARTER_RULES, quota) == []
    wrong = [attrs.evolve(tallies[0], score="79.16"), tallies[1]]
    (index, problem), *_ = apply_scoring(wrong, QUARTER_RULES, quota)
    assert index == 0
    assert "79.16 is not the 79.17" in problem.message
    assert problem.code == "scoring.score_mismatch"
    assert problem.params["expected"] == "79.17"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"per_missing": 5}, "go with quota_points"),
        ({"quota_points": 10, "floor": 20}, "floor is more than quota_points"),
        ({"scale": 0}, "scale must be more than 0"),
        ({"per_instruction": -1}, "per_instruction must be 0 or more"),
        ({"places": 5}, "places must be from 0 to 4"),
    ],
)
def test_bad_rules(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ScoringRules(points={"市": 1}, **kwargs)  # type: ignore[arg-type]


months = st.tuples(
    st.integers(0, 30), st.integers(0, 10), st.integers(0, 10), st.integers(0, 5)
).filter(lambda m: m[1] + m[2] <= m[0])


@pytest.mark.slow
@given(st.lists(months, min_size=1, max_size=4))
def test_rules_without_caps_or_floors_add_up_over_months(parts: list[tuple[int, ...]]) -> None:
    rules = ScoringRules(points={"市级": "0.5", "省级": 3}, per_submission="0.1", per_instruction=2)
    assert rules.additive
    monthly = [officer(*m) for m in parts]
    whole = Tally(
        Unit("u"),
        Q1,
        sum(m[0] for m in parts),
        sum(m[1] + m[2] for m in parts),
        levels={"市级": sum(m[1] for m in parts), "省级": sum(m[2] for m in parts)},
        instructions=sum(m[3] for m in parts),
    )
    assert score(whole, rules) == sum(score(t, rules) for t in monthly)
    assert not QUARTER_RULES.additive


def test_sub_units_points_are_credited_to_their_parent() -> None:
    rules = ScoringRules(points={"市级": 5, "省级": 10}, credit_parents=True)
    town = Tally("甲镇", Q1, 6, 3, levels={"市级": 2, "省级": 1})  # 10 + 10 = 20
    village = Tally("甲镇一村", Q1, 2, 1, levels={"市级": 1, "省级": 0}, parent="甲镇")  # 5
    school = Tally("甲镇中学", Q1, 3, 1, levels={"市级": 0, "省级": 1}, parent="甲镇")  # 10
    other = Tally("乙镇", Q1, 4, 2, levels={"市级": 2, "省级": 0})  # 10
    tallies = [town, village, school, other]
    # 甲镇 shows its own 20 and its sub-units' 5 + 10: 35; the sub-units keep theirs.
    assert scores(tallies, rules) == [35, 5, 10, 10]
    scaled = attrs.evolve(rules, scale=100)
    assert scores(tallies, scaled) == [
        100,
        Fraction(500, 35),
        Fraction(1000, 35),
        Fraction(1000, 35),
    ]


@pytest.mark.parametrize(
    ("parent", "message"),
    [("丙镇", "parent 丙镇 is not a unit counted here"), ("甲镇一村", "is itself a sub-unit")],
)
def test_parents_must_be_counted_top_level_units(parent: str, message: str) -> None:
    rules = ScoringRules(points={"adopted": 1}, credit_parents=True)
    tallies = [
        Tally("甲镇", Q1, 1, 1),
        Tally("甲镇一村", Q1, 1, 1, parent="甲镇"),
        Tally("甲镇二村", Q1, 1, 1, parent=parent),
    ]
    with pytest.raises(InputError, match=message):
        Notice(
            title="通报",
            issuer="办公室",
            date=datetime.date(2023, 4, 1),
            period=Q1,
            tallies=tallies,
            scoring=rules,
        )


def test_large_scores_print_exactly() -> None:
    assert format_score(Fraction(2 * 10**30)) == "2" + "0" * 30
    assert format_score(Fraction(10**14) + Fraction(1, 4)) == "100000000000000.25"
