"""The built-in text renderer: the golden seed, table formats, hostile text, part order."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
import tabulate
from hypothesis import given, settings
from hypothesis import strategies as st

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Tally, Unit
from tongbao.renderers.text import INDENT, simple_table

from .conftest import EXAMPLE
from .factories import full_notice

GOLDEN = Path(__file__).parent / "golden"
PERIOD = Period.parse("2018-03/2018-04")


def golden(name: str, produced: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("TONGBAO_UPDATE_GOLDEN"):
        path.write_bytes(produced)
    assert produced == path.read_bytes(), f"{name} differs; TONGBAO_UPDATE_GOLDEN=1 rewrites it"


@pytest.fixture(scope="module")
def seed() -> tongbao.Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def test_seed_text_matches_the_reviewed_golden_file(seed: tongbao.Notice) -> None:
    golden("chengzhong-2018-03-04.txt", tongbao.render(seed, "text"))


def test_text_layout(seed: tongbao.Notice) -> None:
    text = tongbao.render(seed, "text").decode("utf-8")
    document = tongbao.compose(seed)
    lines = text.split("\n")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    for paragraph in document.paragraphs:
        assert INDENT + paragraph.text in lines  # one line per paragraph, two U+3000
    assert INDENT + "附件：3-4月网站信息报送情况统计表" in lines
    assert lines.index("西宁市城中区人民政府办公室") + 1 == lines.index("2018年5月10日")
    for row in document.attachments[0].table.rows:
        line = next(line for line in lines if f" {row.cells[1]} " in line)
        assert line.split() == list(row.cells)


@pytest.mark.slow
@pytest.mark.parametrize("table_format", ["grid", "plain", "psql", "html", "latex"])
def test_table_formats(seed: tongbao.Notice, table_format: str) -> None:
    text = tongbao.render(seed, "text", table_format=table_format).decode()
    assert "南川东路办事处" in text


@pytest.mark.slow
@pytest.mark.parametrize(
    "table_format",
    ["fancy", "unsafehtml", "mediawiki", "latex_raw", "tsv", "pipe", "github", "rst", "jira"],
)
def test_formats_that_pass_markup_through_are_refused(
    seed: tongbao.Notice, table_format: str
) -> None:
    with pytest.raises(tongbao.OptionError, match=f"'{table_format}' is not one of the formats"):
        tongbao.render(seed, "text", table_format=table_format)


@pytest.mark.parametrize(
    ("table_format", "raw", "escaped"),
    [("html", "<b>甲</b>", "&lt;b&gt;甲&lt;/b&gt;"), ("latex", "甲_{x}", r"甲\_\{x\}")],
)
def test_markup_formats_escape_names(table_format: str, raw: str, escaped: str) -> None:
    notice = Notice(
        title="通报",
        issuer="办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=[Tally(Unit(raw), PERIOD, 3, 1)],
        attachment=AttachmentSpec(title="表"),
    )
    text = tongbao.render(notice, "text", table_format=table_format).decode()
    assert escaped in text
    assert raw not in text


HOSTILE = ["<b>加粗</b>", "&amp;", "]]>", "{period}", '<para fontSize="40">', "𠮷野家", "\u200f区"]


def test_hostile_text_comes_out_literally() -> None:
    tallies = [Tally(Unit(name), PERIOD, 3, 1) for name in HOSTILE]
    notice = Notice(
        title="<script>alert(1)</script>",
        issuer="A&B 办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=tallies,
        body=["{{period}} 是 {period}"],
        attachment=AttachmentSpec(title="表 & <表>"),
    )
    text = tongbao.render(notice, "text").decode()
    for name in [*HOSTILE, "<script>alert(1)</script>", "A&B 办公室", "表 & <表>"]:
        assert name in text
    assert INDENT + "{period} 是 2018年3-4月" in text


def test_optional_parts_in_order() -> None:
    notice = full_notice(title="通报", issuer="区政府办公室")
    lines = tongbao.render(notice, "text").decode().split("\n")
    order = [
        "西宁市城中区人民政府办公室文件",
        "城中政办〔2018〕12号",
        "通报",
        "区政府办公室",
        INDENT + "（此件主动公开）",
        "抄送：区委办。",
        "区政府办公室  2018年5月11日印发",
    ]
    positions = [lines.index(item) for item in order]
    assert positions == sorted(positions)


# Text a table cell may hold: ASCII, CJK and full-width forms, ideographic and other
# spaces (stripped), combining marks, emoji and variation selectors (widths by
# wcwidth); now and then characters the fast path leaves to tabulate (controls, a
# joiner) or cells tabulate reads as booleans.
_PLAIN_TEXT = st.text(
    st.sampled_from(
        [*"ab1.%-— \u3000单位办事处采纳率％（）ａ", *"\u0301\u200b\ufe0f\U0001f600\u2764\u00ad"]
    ),
    max_size=8,
)
_CELL_TEXT = st.one_of(
    _PLAIN_TEXT,
    _PLAIN_TEXT,
    _PLAIN_TEXT,
    st.sampled_from(["", "—", "47%", "100.0%", "True", "False", "a\u200db", "\t", "\x1b[31m"]),
)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], list[str]]:
    width = draw(st.integers(1, 5))
    cell = draw(st.sampled_from([_PLAIN_TEXT, _PLAIN_TEXT, _CELL_TEXT]))
    headers = draw(st.lists(cell, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=8))
    aligns = draw(
        st.lists(st.sampled_from(["left", "center", "right"]), min_size=width, max_size=width)
    )
    return headers, rows, aligns


@settings(max_examples=500)
@given(_tables())
@pytest.mark.slow
def test_simple_tables_are_drawn_as_tabulate_draws_them(
    table: tuple[list[str], list[list[str]], list[str]],
) -> None:
    # The renderer draws the default format itself (tabulate's per-cell type
    # detection is most of the time of a 10,000-unit table); the bytes must be
    # tabulate's, or the table is left to tabulate.
    headers, rows, aligns = table
    drawn = simple_table(headers, rows, aligns)
    expected = tabulate.tabulate(
        rows, headers=headers, tablefmt="simple", colalign=aligns, disable_numparse=True
    )
    assert drawn is None or drawn == expected


def test_the_seed_table_is_drawn_without_tabulate(seed: tongbao.Notice) -> None:
    table = tongbao.compose(seed).attachments[0].table
    headers = [c.heading for c in table.columns]
    rows = [list(row.cells) for row in table.rows]
    drawn = simple_table(headers, rows, [c.align for c in table.columns])
    assert drawn is not None
    assert drawn == tabulate.tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        colalign=[c.align for c in table.columns],
        disable_numparse=True,
    )
