"""Notice files: every key, located errors, data files beside the notice."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

import tongbao
from tongbao import InputError, Period
from tongbao._load import NOTICE_KEYS
from tongbao.document import Paragraph

from .conftest import EXAMPLE

HEAD = """\
title = "关于信息报送情况的通报"
issuer = "区政府办公室"
date = 2018-05-10
period = "2018-03/2018-04"
"""
UNITS = """
[[units]]
name = "甲"
group = "镇街"
submitted = 2
adopted = 1

[[units]]
name = "乙"
group = "部门"
submitted = 0
adopted = 0
"""


def write(tmp_path: Path, text: str, name: str = "notice.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_example_loads() -> None:
    notice = tongbao.load(EXAMPLE / "notice.toml")
    assert notice.period == Period.parse("2018-03/2018-04")
    assert len(notice.tallies) == 27
    assert notice.addressees == ("总寨镇政府", "各街道办事处", "政府各部门")
    assert notice.attachment is not None
    assert notice.attachment.order == "given"


def test_inline_units_and_all_optional_keys(tmp_path: Path) -> None:
    text = (
        HEAD
        + """\
addressees = "各单位"
body = ["正文{units}", {heading = "一、总体情况"}, {subheading = "（一）报送"}]
doc_number = "城中政办〔2018〕12号"
header = "西宁市城中区人民政府办公室文件"
note = "此件主动公开"
sealed = true
cc = ["区委办"]
printed_by = "区政府办公室"
printed_date = "2018年5月11日"
excluded = ["丙", {name = "丁", reason = "有独立网站"}]
"""
        + UNITS
        + """
[attachment]
title = "统计表"
order = "adopted"
ties = "dense"
min_submitted = 1
rank_on = "shown"
rate_places = 1
grouped = true
groups = ["部门", "镇街"]
total = true
undefined_rate = "/"
list_zero_units = true
"""
    )
    notice = tongbao.load(write(tmp_path, text))
    assert notice.body == (
        Paragraph("正文{units}"),
        Paragraph("一、总体情况", 1),
        Paragraph("（一）报送", 2),
    )
    assert notice.printed_date == datetime.date(2018, 5, 11)
    assert [e.reason for e in notice.excluded] == ["", "有独立网站"]
    assert notice.sealed is True
    assert notice.attachment is not None
    assert notice.attachment.groups == ("部门", "镇街")
    assert [t.unit.group for t in notice.tallies] == ["镇街", "部门"]
    rows = tongbao.compose(notice).attachments[0].table.rows
    assert rows[0].cells == ("部门",)
    assert rows[1].cells == ("—", "乙", "0", "0", "/")


def test_data_file_relative_to_the_notice_and_excluded_units_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "notices"
    folder.mkdir()
    shutil.copy(EXAMPLE / "counts.csv", folder / "counts.csv")
    text = HEAD + 'data = "counts.csv"\nexcluded = [{name = "区建设局", reason = "有独立网站"}]\n'
    notice = tongbao.load(write(folder, text))
    assert len(notice.tallies) == 26
    assert "区建设局" not in [t.unit.name for t in notice.tallies]


def test_sheet_selects_the_workbook_sheet(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "monthly.xlsx", tmp_path / "monthly.xlsx")
    notice = tongbao.load(write(tmp_path, HEAD + 'data = "monthly.xlsx"\nsheet = "3-4月"\n'))
    assert sum(t.submitted for t in notice.tallies) == 578
    with pytest.raises(InputError, match="no sheet named '5月'"):
        tongbao.load(write(tmp_path, HEAD + 'data = "monthly.xlsx"\nsheet = "5月"\n'))


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes((HEAD + UNITS).encode("utf-8-sig"))
    assert len(tongbao.load(path).tallies) == 2


def test_unknown_unit_key_is_located(tmp_path: Path) -> None:
    text = HEAD + UNITS.replace('group = "部门"', 'grop = "部门"')
    with pytest.raises(InputError) as info:
        tongbao.load(write(tmp_path, text))
    (problem,) = info.value.problems
    assert problem.location.place == "line 14, units[1].grop"
    assert "did you mean 'group'" in problem.message


def test_every_problem_in_one_error(tmp_path: Path) -> None:
    text = HEAD.replace("2018-05-10", '"May"').replace('"2018-03/2018-04"', '"spring"')
    text += "colour = 1\n" + UNITS
    with pytest.raises(InputError) as info:
        tongbao.load(write(tmp_path, text))
    places = [p.location.place for p in info.value.problems]
    assert places == ["line 3, date", "line 4, period", "line 5, colour"]


def test_missing_file() -> None:
    with pytest.raises(InputError, match="cannot read the notice file"):
        tongbao.load("/nonexistent/notice.toml")


def test_every_key_is_documented() -> None:
    reference = (Path(__file__).resolve().parent.parent / "docs" / "notice-file.md").read_text(
        encoding="utf-8"
    )
    for key in NOTICE_KEYS:
        assert f"`{key}`" in reference, key
    for name in tongbao.PLACEHOLDERS:
        assert f"`{{{name}}}`" in reference or f"`{{{name}:" in reference, name


# --- issue 14: confinement (root=), special files, periods near year 1 -----------------


def _confined(tmp_path: Path, data: str) -> Path:
    inside = tmp_path / "inside"
    inside.mkdir(exist_ok=True)
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    (inside / "notice.toml").write_text(text.replace('data = "counts.csv"', data), encoding="utf-8")
    return inside / "notice.toml"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    (tmp_path / "outside").mkdir()
    path = tmp_path / "outside" / "secret.csv"
    path.write_text("单位,报送数,采纳数\n机密单位,9,99\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_root_refuses_data_outside_it(how: str, tmp_path: Path, secret: Path) -> None:
    if how == "symlink":
        (tmp_path / "inside").mkdir()
        (tmp_path / "inside" / "link.csv").symlink_to(secret)
    data = {
        "absolute": f'data = "{secret}"',
        "dotdot": 'data = "../outside/secret.csv"',
        "symlink": 'data = "link.csv"',
    }[how]
    notice = _confined(tmp_path, data)
    with pytest.raises(InputError, match=r"采纳数 \(99\)"):  # without root: read, and quoted
        tongbao.load(notice)
    with pytest.raises(InputError) as caught:
        tongbao.load(notice, root=tmp_path / "inside")
    text = str(caught.value)
    assert "outside the allowed folder" in text
    assert "机密单位" not in text
    assert "99" not in text


def test_root_refuses_comparison_and_font_files_outside_it(tmp_path: Path, secret: Path) -> None:
    (tmp_path / "inside").mkdir()
    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "inside" / "counts.csv")
    notice = _confined(
        tmp_path,
        f'data = "counts.csv"\n[comparison]\nprevious = "{secret}"\n'
        '[options.pdf]\nbody_font_file = "/etc/passwd"',
    )
    with pytest.raises(InputError) as caught:
        tongbao.load(notice, root=tmp_path / "inside")
    places = [str(p.location) for p in caught.value.problems]
    assert any(str(secret) in p for p in places)
    assert any("options.pdf" in p for p in places)
    assert all("outside the allowed folder" in p.message for p in caught.value.problems)


def test_root_allows_what_is_inside(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "example")
    notice = tongbao.load(tmp_path / "example" / "notice.toml", root=tmp_path / "example")
    assert len(notice.tallies) == 27


@pytest.mark.parametrize("period", ["0001-01", "0001-Q1", "1900-01/9999-12", "9999-12"])
def test_periods_at_the_ends_of_the_calendar(period: str, tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text(
        'title = "通报"\nissuer = "办公室"\ndate = 2018-05-10\n'
        f'period = "{period}"\n[[units]]\nname = "甲"\nsubmitted = 3\nadopted = 1\n',
        encoding="utf-8",
    )
    document = tongbao.compose(tongbao.load(path))
    assert document.title == "通报"


def test_a_comparison_before_year_1_is_located(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    (tmp_path / "prev.csv").write_text("单位,报送数,采纳数\n甲,1,1\n", encoding="utf-8")
    path.write_text(
        'title = "通报"\nissuer = "办公室"\ndate = 2018-05-10\nperiod = "0001-01"\n'
        '[[units]]\nname = "甲"\nsubmitted = 3\nadopted = 1\n'
        '[comparison]\nprevious = "prev.csv"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="has no previous period"):
        tongbao.load(path)


def test_a_nul_in_a_data_path_is_an_input_error(tmp_path: Path) -> None:
    from tongbao import read_counts

    with pytest.raises(InputError, match="path holds a NUL character"):
        read_counts(tmp_path / "counts\x00.csv", Period.parse("2018-03"))
    with pytest.raises(InputError, match="path holds a NUL character"):
        read_counts(tmp_path / "counts\x00.csv", Period.parse("2018-03"), root=tmp_path)


def test_root_does_not_say_whether_a_file_outside_exists(tmp_path: Path) -> None:
    notice = _confined(tmp_path, 'data = "../outside/nothing-here.csv"')
    with pytest.raises(InputError) as caught:
        tongbao.load(notice, root=tmp_path / "inside")
    assert "outside the allowed folder" in str(caught.value)
    assert "does not exist" not in str(caught.value)
