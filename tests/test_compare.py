"""Comparisons (环比, 同比), group highlights, Wilson ranking and the chart.

Expected figures are worked out by hand in the comments, not by the library.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import tongbao
from tongbao import AttachmentSpec, InputError, Notice, Period, Tally
from tongbao._compare import compare, describe_count_change, describe_rate_change
from tongbao._notice import ComparisonTable
from tongbao._stats import wilson_lower_bound

from .conftest import EXAMPLE, SEED_PERIOD

NOW = Period.parse("2018-03/2018-04")
BEFORE = NOW.previous()  # 2018-01/2018-02
YEAR_AGO = NOW.year_ago()  # 2017-03/2017-04

# now:    甲 20/10, 乙 10/2, 丙 5/5 (new)      -> 35 submitted, 17 adopted, 17/35 = 48.571%
# before: 甲 16/6,  乙 10/5, 丁 4/1 (gone)     -> 30 submitted, 12 adopted, 12/30 = 40.000%
CURRENT = [Tally("甲", NOW, 20, 10), Tally("乙", NOW, 10, 2), Tally("丙", NOW, 5, 5)]
PREVIOUS = [Tally("甲", BEFORE, 16, 6), Tally("乙", BEFORE, 10, 5), Tally("丁", BEFORE, 4, 1)]


def test_compare_units_and_totals() -> None:
    result = compare(CURRENT, PREVIOUS)
    rows = {c.unit.name: (c.submitted, c.adopted, c.rate) for c in result.changes}
    # 甲: +4, +4, 10/20 - 6/16 = 1/2 - 3/8 = 1/8;  乙: 0, -3, 2/10 - 5/10 = -3/10
    assert rows == {
        "甲": (4, 4, Fraction(1, 8)),
        "乙": (0, -3, Fraction(-3, 10)),
        "丙": (None, None, None),
        "丁": (None, None, None),
    }
    assert [c.unit.name for c in result.changes] == ["甲", "乙", "丙", "丁"]
    assert [u.name for u in result.new_units] == ["丙"]
    assert [u.name for u in result.gone_units] == ["丁"]
    # totals: +5, +5, 17/35 - 12/30 = 17/35 - 14/35 = 3/35
    assert (result.submitted, result.adopted, result.rate) == (5, 5, Fraction(3, 35))


@pytest.mark.parametrize(
    ("delta", "text"),
    [(5, "增加5条"), (-3, "减少3条"), (0, "持平")],
)
def test_count_change_wording(delta: int, text: str) -> None:
    assert describe_count_change(delta) == text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (Fraction(3, 35), "提高8.6个百分点"),  # 8.5714… -> 8.6
        (Fraction(-3, 10), "下降30.0个百分点"),
        (Fraction(1, 2000), "提高0.1个百分点"),  # 0.05 rounds half up
        (Fraction(1, 2001), "持平"),  # 0.04998… -> 0.0
        (Fraction(-1, 2000), "下降0.1个百分点"),
        (Fraction(0), "持平"),
        (None, "无法比较"),
    ],
)
def test_rate_change_wording(delta: Fraction | None, text: str) -> None:
    assert describe_rate_change(delta) == text


def small_notice(**fields: object) -> Notice:
    values: dict[str, object] = {
        "title": "通报",
        "issuer": "区政府办公室",
        "date": datetime.date(2018, 5, 10),
        "period": NOW,
        "tallies": CURRENT,
        "previous": PREVIOUS,
    }
    values.update(fields)
    return Notice(**values)  # type: ignore[arg-type]


def test_comparison_placeholders() -> None:
    year_ago = [Tally("甲", YEAR_AGO, 40, 10)]  # 40 -> 35: 减少5条; 10/40 = 25% -> +23.6 points
    notice = small_notice(
        year_ago=year_ago,
        body=[
            "{period}报送{submitted}条，比{prev_period}（{prev_submitted}条）{submitted_vs_prev}，"
            "采纳{adopted_vs_prev}，采纳率{rate}，比上期{rate_vs_prev}。",
            "新增{new_units}，减少{gone_units}。",
            "同比（{year_ago_period}，{year_ago_submitted}条，{year_ago_rate}）{submitted_vs_year_ago}，"
            "采纳率{rate_vs_year_ago}。",
        ],
    )
    texts = [p.text for p in tongbao.compose(notice).paragraphs]
    assert texts == [
        "2018年3-4月报送35条，比2018年1-2月（30条）增加5条，采纳增加5条，采纳率48.6%，"
        "比上期提高8.6个百分点。",
        "新增丙，减少丁。",
        "同比（2017年3-4月，40条，25.0%）减少5条，采纳率提高23.6个百分点。",
    ]


def test_comparison_table_is_a_second_attachment() -> None:
    notice = small_notice(
        attachment=AttachmentSpec(title="统计表"),
        comparison=ComparisonTable(title="环比情况表"),
    )
    document = tongbao.compose(notice)
    assert document.attachment_notes == ("附件：1. 统计表", "2. 环比情况表")
    assert [a.label for a in document.attachments] == ["附件1", "附件2"]
    table = document.attachments[1].table
    assert [c.heading for c in table.columns] == [
        "序号",
        "单位",
        "本期报送",
        "上期报送",
        "增减",
        "本期采纳率",
        "上期采纳率",
        "增减（百分点）",
    ]
    assert [r.cells for r in table.rows] == [
        ("1", "甲", "20", "16", "+4", "50%", "38%", "+12.5"),  # 6/16 = 37.5% -> 38%
        ("2", "乙", "10", "10", "0", "20%", "50%", "-30.0"),
        ("3", "丙", "5", "—", "—", "100%", "—", "—"),
        ("4", "丁", "—", "4", "—", "—", "25%", "—"),
        ("", "合计", "35", "30", "+5", "48.6%", "40.0%", "+8.6"),
    ]
    assert document.attachments[1].notes == ("本期新增单位：丙。", "上期有、本期未统计的单位：丁。")
    text = tongbao.render(notice, "text").decode()
    assert "　　附件：1. 统计表\n　　　　　2. 环比情况表" in text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"previous": (), "body": ["{rate_vs_prev}"]}, "needs the previous period's counts"),
        ({"body": ["{year_ago_rate}"]}, "needs the year ago period's counts"),
        ({"body": ["{top_units:街道}"]}, "no unit is in group '街道'"),
        ({"body": ["{group_rate}"]}, "needs a group"),
        ({"body": ["{rate:镇街}"]}, "takes no group"),
        ({"previous": [Tally("甲", NOW, 1, 1)]}, "the previous period is 2018-01/2018-02"),
        ({"comparison": ComparisonTable(title="同比表", against="year_ago")}, "needs the year_ago"),
    ],
)
def test_comparison_problems(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        small_notice(**fields)


@pytest.fixture(scope="module")
def seed() -> Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def test_group_placeholders_on_the_seed(seed: Notice) -> None:
    notice = Notice(
        title=seed.title,
        issuer=seed.issuer,
        date=seed.date,
        period=seed.period,
        tallies=seed.tallies,
        body=[
            "最高{top_units}，最低{bottom_units}。",
            "镇街{group_units:镇街}个单位报送{group_submitted:镇街}条、采纳{group_adopted:镇街}条，"
            "采纳率{group_rate:镇街}，最高{top_units:镇街}，最低{bottom_units:镇街}；"
            "部门采纳率{group_rate:部门}，最低{bottom_units:部门}。",
        ],
    )
    texts = [p.text for p in tongbao.compose(notice).paragraphs]
    # 100%: 区政府办公室 14/14, 区城管局 8/8, 区教育局 2/2; lowest 区审计局 1/4 = 25%.
    # 镇街: 8 units, 271 submitted, 109 adopted, 109/271 = 40.22%; best 仓门街 7/14 = 50%,
    # worst 饮马街 18/51 = 35.29%. 部门: 141/307 = 45.93%.
    assert texts == [
        "最高区政府办公室、区城管局、区教育局（并列），最低区审计局。",
        "镇街8个单位报送271条、采纳109条，采纳率40.2%，最高仓门街办事处，最低饮马街办事处；"
        "部门采纳率45.9%，最低区审计局。",
    ]


def test_wilson_bounds_and_ranking(seed: Notice) -> None:
    # Wilson lower bound, z = 1.96: for k of n, (p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
    assert round(wilson_lower_bound(2, 2), 4) == Decimal("0.3424")  # type: ignore[arg-type]
    assert round(wilson_lower_bound(19, 42), 4) == Decimal("0.3122")  # type: ignore[arg-type]
    assert round(wilson_lower_bound(14, 14), 4) == Decimal("0.7847")  # type: ignore[arg-type]
    assert wilson_lower_bound(0, 0) is None
    assert wilson_lower_bound(0, 7) == 0
    ranked = tongbao.rank(seed.tallies, by="wilson")
    names = [e.tally.unit.name for e in ranked]
    # 2 of 2 falls from a shared first place to fourth, behind 14/14, 8/8 and 21/41 (0.3648),
    # and still ahead of 19/42.
    assert names[:4] == ["区政府办公室", "区城管局", "市政公用服务中心", "区教育局"]
    assert names.index("区教育局") < names.index("南川西路办事处")
    assert ranked[-1].tally.unit.name == "区建设局"
    assert ranked[-1].rank is None


def test_notice_file_comparison_with_monthly_data(tmp_path: Path) -> None:
    months = "".join(
        f"{unit},2018-{m:02d},{s},{a}\n"
        for unit, m, s, a in [
            ("甲", 1, 8, 3),
            ("甲", 2, 8, 3),
            ("甲", 3, 10, 5),
            ("甲", 4, 10, 5),
            ("乙", 1, 5, 5),
            ("乙", 3, 6, 1),
            ("乙", 4, 4, 1),
        ]
    )
    (tmp_path / "months.csv").write_text("单位,月份,报送数,采纳数\n" + months, encoding="utf-8")
    (tmp_path / "notice.toml").write_text(
        'title = "通报"\nissuer = "办公室"\ndate = 2018-05-10\nperiod = "2018-03/2018-04"\n'
        'data = "months.csv"\n'
        'body = ["报送{submitted}条，{submitted_vs_prev}，采纳率{rate_vs_prev}。"]\n'
        "[comparison]\nprevious = true\n",
        encoding="utf-8",
    )
    notice = tongbao.load(tmp_path / "notice.toml")
    # now: 甲 20/10, 乙 10/2 -> 30/12 = 40%; before: 甲 16/6, 乙 5/5 -> 21/11 = 52.38%
    assert [(t.unit.name, t.submitted, t.adopted) for t in notice.previous] == [
        ("甲", 16, 6),
        ("乙", 5, 5),
    ]
    assert (
        tongbao.compose(notice).paragraphs[0].text == "报送30条，增加9条，采纳率下降12.4个百分点。"
    )


@pytest.mark.slow
def test_chart(seed: Notice) -> None:
    notice = Notice(
        title=seed.title,
        issuer=seed.issuer,
        date=seed.date,
        period=seed.period,
        tallies=seed.tallies,
        attachment=AttachmentSpec(title="统计表", chart=True),
    )
    chart = tongbao.compose(notice).attachments[0].chart
    assert chart is not None
    assert chart.title == "2018年3-4月各单位信息采纳率"
    assert [b.label for b in chart.bars[:3]] == ["区政府办公室", "区城管局", "区教育局"]
    assert "区建设局" not in [b.label for b in chart.bars]  # no rate, no bar
    assert len(chart.bars) == 26
    assert chart.bars[-1].text == "25%"
    assert chart.reference is not None
    assert (chart.reference.text, chart.reference.share) == ("43.3%", 250 / 578)
    pdf = tongbao.render(notice, "pdf", find_fonts=False)
    assert pdf == tongbao.render(notice, "pdf", find_fonts=False)
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "2018年3-4月各单位信息采纳率" in "".join(text.split())
    assert tongbao.compose(seed).attachments[0].chart is None  # off by default


@pytest.mark.slow
def test_chart_in_docx_is_a_picture(seed: Notice) -> None:
    from tongbao.renderers._fonts import choose_fonts

    notice = Notice(
        title=seed.title,
        issuer=seed.issuer,
        date=seed.date,
        period=SEED_PERIOD,
        tallies=seed.tallies,
        attachment=AttachmentSpec(title="统计表", chart=True),
    )
    if choose_fonts({})["body"].path is None:
        with pytest.raises(tongbao.TongbaoError, match="chart_font_file"):
            tongbao.render(notice, "docx")
        return
    data = tongbao.render(notice, "docx")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
    assert tongbao.render(notice, "docx") == data
