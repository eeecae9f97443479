"""Every example is listed with its README; test_docs.py runs the commands they show."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

import tongbao

from .conftest import ROOT


def test_every_example_folder_is_listed_and_has_a_readme() -> None:
    folders = [p for p in (ROOT / "examples").iterdir() if p.is_dir()]
    text = (ROOT / "examples" / "README.md").read_text("utf-8")
    for folder in folders:
        assert f"`{folder.name}/`" in text
        assert (folder / "README.md").is_file()


@pytest.mark.slow
def test_the_readme_quick_start_renders_the_seed_notice() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("<!-- quick-start -->")[1].split("<!-- /quick-start -->")[0]
    first, second = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert second == "python -m pytest"
    install, _, command = first.partition(" && ")
    assert install.startswith("python -m pip install")
    words = shlex.split(command)
    assert words[:3] == ["python", "-m", "tongbao"]
    result = subprocess.run(
        [sys.executable, *words[1:]], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.startswith("关于2018年3-4月份政府门户网站信息报送情况的通报\n")
    assert "578条" in result.stdout


# --- the real notice shapes, their figures worked by hand ---------------------------------


def _text(name: str) -> str:
    return tongbao.render(tongbao.load(ROOT / "examples" / name / "notice.toml"), "text").decode()


def _rows(text: str) -> list[list[str]]:
    """The attachment table's rows, split into cells (the text renderer's simple format)."""
    table = text.split("\n---", 1)[1].split("\n", 1)[1]
    return [line.split() for line in table.splitlines() if line.strip()]


def test_adoptions_by_level_without_submitted() -> None:
    text = _text("adoptions-by-level")
    # 39 + 14 = 53 adoptions; 5×39 + 10×14 = 195 + 140 = 335 points.
    assert "被市政府网采用39条、被呼伦贝尔市政府网采用14条，共53条，合计得分335分" in text
    rows = _rows(text)
    # 甲 5×12 + 10×3 = 90; 丙 50 + 20 = 70 and 丁 30 + 40 = 70 share 3rd; 戊 is 5th.
    assert [r[:2] for r in rows[:6]] == [
        ["1", "甲镇"],
        ["2", "乙镇"],
        ["3", "丙街道"],
        ["3", "丁局"],
        ["5", "戊局"],
        ["6", "己办"],
    ]
    assert [r[-1] for r in rows] == ["90", "80", "70", "70", "15", "10", "335"]


def test_supplied_scores_are_ranked_as_given() -> None:
    rows = _rows(_text("supplied-scores"))
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        ("1", "甲县", "310"),
        ("2", "乙县", "288"),
        ("3", "丙县", "264"),
        ("3", "丁县", "264"),
        ("5", "戊县", "250"),
        ("6", "己县", "198"),
    ]


def test_quota_share_is_rounded_half_up() -> None:
    text = _text("quota")
    # 36 of 57 units met their quota: 36/57 = 0.631578… → 63.2% (not the truncated 63.1%).
    assert "全区57个单位中有36个完成报送任务，完成率63.2%" in text
    total = _rows(text)[-1]
    assert total[0] == "合计"
    assert total[4] == "36/57"


def test_assessment_rules_by_hand() -> None:
    rows = _rows(_text("assessment-rules"))
    # 戊 60 + 4×5 + 2×10 + 2×10 = 120 → 100; 甲 60 + 15 + 10 + 10 = 95 → 95×100/120 = 79.17;
    # 乙 60 + 10 = 70 → 58.33; 丙 60 − 2×15 + 5 = 35 → 29.17; 丁 max(0, 60 − 4×15) = 0.
    assert [(r[1], r[-1]) for r in rows] == [
        ("戊局", "100"),
        ("甲局", "79.17"),
        ("乙局", "58.33"),
        ("丙局", "29.17"),
        ("丁局", "0"),
    ]


@pytest.mark.slow
def test_office_headers_are_read() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", "check", "-v", "examples/office-headers/notice.toml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "本季度报送 → 报送数 (submitted)" in result.stdout
    assert "1-6月累计采用 → 累计采纳数 (ytd_adopted)" in result.stdout
    rows = _rows(_text("office-headers"))
    # 4/7 = 57.14…% → 57.1% (the sheet's 57.10%); 合计 20, 11, 11/20 = 55.0%; 1-6月 35, 18.
    assert rows[0] == ["1", "甲镇", "7", "4", "57.1%", "20", "12", "7"]
    assert rows[-1] == ["合计", "20", "11", "55.0%", "55", "35", "18"]
