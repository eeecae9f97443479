"""Every figure a notice prints must be held by its data, or the notice is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import tongbao
from tongbao import InputError

HEAD = """\
title = "通报"
issuer = "办公室"
date = 2023-04-10
period = "2023-Q1"
data = "counts.csv"
"""
LEVELS = "单位,市政府办采用,省政府办采用,得分\n甲,3,1,25\n乙,2,0,10\n"
COUNTS = "单位,报送数,采纳数\n甲,5,3\n乙,4,1\n"


def problems(tmp_path: Path, notice: str, data: str) -> list[str]:
    (tmp_path / "counts.csv").write_text(data, encoding="utf-8")
    path = tmp_path / "notice.toml"
    path.write_text(HEAD + notice, encoding="utf-8")
    with pytest.raises(InputError) as info:
        tongbao.load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("placeholder", "figure"),
    [
        ("submitted", "报送数"),
        ("rate", "报送数"),
        ("zero_units", "报送数"),
        ("prev_rate", "报送数"),
        ("top_units", "报送数"),
        ("quota_share", "quota"),
    ],
)
def test_a_placeholder_the_data_cannot_fill(placeholder: str, figure: str, tmp_path: Path) -> None:
    body = f'body = ["{{{placeholder}}}"]\n'
    found = problems(tmp_path, body + '[scoring]\nlevels = ["市政府办", "省政府办"]\n', LEVELS)
    assert any(f"{{{placeholder}}} in paragraph 1" in p and figure in p for p in found), found


def test_a_rate_column_without_submitted_names_the_column_and_the_header(
    tmp_path: Path,
) -> None:
    notice = """
[scoring]
levels = ["市政府办", "省政府办"]

[attachment]
title = "表"
columns = ["no", "unit", "level:市政府办", "rate"]
"""
    assert problems(tmp_path, notice, LEVELS) == [
        f"{tmp_path / 'notice.toml'}, line 12, attachment.columns[3]: the 采纳率 column "
        "needs 报送数, "
        f"which the data does not hold ({tmp_path / 'counts.csv'}, line 1 has 单位, "
        "市政府办采用, 省政府办采用, 得分)"
    ]


def test_the_default_columns_need_submitted(tmp_path: Path) -> None:
    notice = '[scoring]\nlevels = ["市政府办", "省政府办"]\n[attachment]\ntitle = "表"\n'
    found = problems(tmp_path, notice, LEVELS)
    assert len(found) == 2  # 报送数 and 采纳率
    assert all("a default column; set attachment.columns" in p for p in found)


def test_a_level_column_never_prints_zero_for_want_of_data(tmp_path: Path) -> None:
    """Once a level:NAME column without [scoring] printed 0 for every unit; now it is read."""
    notice = '[attachment]\ntitle = "表"\ncolumns = ["unit", "level:市政府办"]\n'
    (tmp_path / "counts.csv").write_text(LEVELS, encoding="utf-8")
    (tmp_path / "notice.toml").write_text(HEAD + notice, encoding="utf-8")
    text = tongbao.render(tongbao.load(tmp_path / "notice.toml"), "text").decode()
    assert [line.split() for line in text.splitlines()[-2:]] == [["甲", "3"], ["乙", "2"]]
    assert problems(tmp_path, notice, COUNTS) == [
        f"{tmp_path / 'notice.toml'}, line 8, attachment.columns[1]: the 市政府办 column needs "
        "adoptions at level 市政府办 (市政府办采用), which the data does not hold "
        f"({tmp_path / 'counts.csv'}, line 1 has 单位, 报送数, 采纳数)"
    ]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("score", "needs a score for every unit"),
        ("points:市", "points per adoption at 市"),
        ("quota", "needs a quota: add [quota]"),
        ("instructions", "needs 批示数"),
        ("ytd_submitted", "needs the year-to-date counts"),
    ],
)
def test_columns_the_data_cannot_fill(column: str, message: str, tmp_path: Path) -> None:
    notice = f'[attachment]\ntitle = "表"\ncolumns = ["unit", "{column}"]\n'
    found = problems(tmp_path, notice, COUNTS)
    assert any(message in p for p in found), found


def test_inline_units_must_all_hold_a_level(tmp_path: Path) -> None:
    path = tmp_path / "notice.toml"
    path.write_text(
        HEAD.replace('data = "counts.csv"\n', "")
        + '[attachment]\ntitle = "表"\ncolumns = ["unit", "level:市"]\n'
        + '[[units]]\nname = "甲"\nsubmitted = 3\nlevels = { "市" = 2 }\n'
        + '[[units]]\nname = "乙"\nsubmitted = 3\nadopted = 1\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"adoptions at level 市 .* \(乙 has none\)"):
        tongbao.load(path)
