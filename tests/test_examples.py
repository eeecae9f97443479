"""Every example runs with the command its README gives, from the repository's root."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

LISTED = re.findall(r"^  `(.+)`$", (ROOT / "examples" / "README.md").read_text("utf-8"), re.M)


def test_every_example_folder_is_listed_and_has_a_readme() -> None:
    folders = [p for p in (ROOT / "examples").iterdir() if p.is_dir()]
    text = (ROOT / "examples" / "README.md").read_text("utf-8")
    for folder in folders:
        assert f"`{folder.name}/`" in text
        assert (folder / "README.md").is_file()


@pytest.mark.parametrize("command", LISTED)
def test_example_command_runs(command: str, tmp_path: Path) -> None:
    if command.startswith("python -m pip install"):
        # CI installs the plugin so; here only the part after it runs.
        command = command.split("&&", 1)[1].strip()
    words = shlex.split(command)
    assert words[0] == "tongbao"
    words = [str(ROOT / w) if w.startswith("examples/") else w for w in words]
    words = [str(tmp_path / w) if re.fullmatch(r"notice\.\w+", w) else w for w in words]
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", *words[1:]], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for word in words:
        if word.startswith(str(tmp_path)):
            assert Path(word).stat().st_size > 0


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
