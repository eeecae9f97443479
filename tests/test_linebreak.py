"""Chinese line breaking (禁则), tested on its own: every page renderer uses it."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongbao.renderers._layout import text_width, title_breaks
from tongbao.renderers._linebreak import (
    CANNOT_END,
    CANNOT_START,
    FIXED_PHRASES,
    break_lines,
    title_lines,
    units,
)


def measure(text: str) -> float:
    """One unit per full-width character, half for Latin letters and digits."""
    return sum(0.5 if c.isascii() else 1.0 for c in text)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("一二三四五", 5, ["一二三四五"]),
        ("一二三四五六", 5, ["一二三四五", "六"]),
        # the comma would start line 2: the character before it comes down too
        ("一二三四五，六七", 5, ["一二三四", "五，六七"]),
        ("一二三四五。”六", 5, ["一二三四", "五。”六"]),
        # an opening quote may not end a line
        ("一二三四“五六”", 5, ["一二三四", "“五六”"]),
        # Latin runs and numbers stay whole
        ("报送2018条", 4, ["报送2018", "条"]),
        ("报送2018条", 3, ["报送", "2018条"]),
        ("采发率43.3%。", 5, ["采发率", "43.3%。"]),
        ("一二——三四", 3, ["一", "二——", "三四"]),  # a dash may not start a line
        ("", 5, []),
    ],
)
def test_break_lines(text: str, width: float, lines: list[str]) -> None:
    assert break_lines(text, width, measure) == lines


def test_first_line_indent() -> None:
    assert break_lines("一二三四五六七", 5, measure, first_indent=2) == ["一二三", "四五六七"]


def test_a_piece_wider_than_the_line_is_cut() -> None:
    assert break_lines("ABCDEFGHIJ", 2, measure) == ["ABCD", "EFGH", "IJ"]


def test_units_keep_runs_together() -> None:
    assert units("共578条，43.3%……") == ["共", "578", "条", "，", "43.3%", "……"]


TEXT = st.text(
    alphabet=st.sampled_from(
        list("一二三四五六七八九十信息报送采纳")
        + list("，。、；：！？）”’（“‘《》")
        + list("2018ab")
    ),
    max_size=80,
)


@pytest.mark.slow
@given(TEXT, st.integers(2, 20), st.integers(0, 2))
def test_breaks_keep_the_rules(text: str, width: int, indent: int) -> None:
    lines = break_lines(text, width, measure, first_indent=indent)
    assert "".join(lines) == text
    for number, line in enumerate(lines):
        assert line
        room = width - (indent if number == 0 else 0)
        pieces = units(line)
        forced = len(pieces) == 1  # a line of one piece is never pushed empty
        if not forced:
            assert measure(line) <= room or len(pieces) <= 2
        if number + 1 < len(lines) and len(pieces) > 1:
            nxt = lines[number + 1]
            # a break that violates the rules is only kept when nothing else fits
            if nxt[0] in CANNOT_START or line[-1] in CANNOT_END:
                assert all(
                    p[0] in CANNOT_START or q[-1] in CANNOT_END
                    for q, p in zip(pieces, [*pieces[1:], nxt], strict=True)
                )


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        # the cases: words kept whole, balanced lines, no short tail
        (
            "关于2018年3-4月份政府门户网站信息报送情况的通报",
            ["关于2018年3-4月份政府门户网站", "信息报送情况的通报"],
        ),
        ("3-4月网站信息报送情况统计表", ["3-4月网站信息报送情况统计表"]),
        (
            "2018年3-4月份全区各镇街道及区政府各部门网站信息报送情况统计表",
            ["2018年3-4月份全区各镇街道及区政府", "各部门网站信息报送情况统计表"],
        ),
        (
            "关于2018年第一季度全区各单位政府信息公开和政务新媒体工作考核情况的通报",
            ["关于2018年第一季度全区各单位政府", "信息公开和政务新媒体工作考核情况的通报"],
        ),
        (
            "2023年3月镇（街道）政务信息采用得分情况",
            ["2023年3月镇（街道）", "政务信息采用得分情况"],
        ),
    ],
)
def test_title_breaks(title: str, lines: list[str]) -> None:
    assert title_breaks(title) == lines


def test_given_title_lines_win() -> None:
    assert title_breaks("甲乙丙丁", ["甲", "乙丙丁"]) == ["甲", "乙丙丁"]


TITLE_WORDS = st.lists(
    st.sampled_from(
        [
            *("关于", "2018年", "3-4月份", "政府", "门户网站", "信息", "报送", "情况", "考核"),
            *("工作", "全区", "各单位", "统计表", "（街道）", "的通报", "政务", "新媒体", "专项"),
        ]
    ),
    min_size=1,
    max_size=14,
)


@pytest.mark.slow
@given(TITLE_WORDS, st.integers(min_value=8, max_value=20))
def test_title_lines_invariants(words: list[str], width: int) -> None:
    title = "".join(words)
    lines = title_lines(title, width, text_width)
    assert "".join(lines) == title
    for line in lines[1:]:
        assert line[0] not in CANNOT_START
    if all(text_width(line) <= width for line in lines):
        # broken between words: no cut inside a fixed phrase
        cuts = set(itertools.accumulate(len(line) for line in lines[:-1]))
        for phrase in FIXED_PHRASES:
            start = title.find(phrase)
            while start >= 0:
                assert not any(start < cut < start + len(phrase) for cut in cuts), (lines, phrase)
                start = title.find(phrase, start + 1)
    if text_width(title) <= width:
        assert lines == [title]
