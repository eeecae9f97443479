"""Every example is listed with its README; test_docs.py runs the commands they show."""

from __future__ import annotations

import shlex
import subprocess
import sys

from .conftest import ROOT


def test_every_example_folder_is_listed_and_has_a_readme() -> None:
    folders = [p for p in (ROOT / "examples").iterdir() if p.is_dir()]
    text = (ROOT / "examples" / "README.md").read_text("utf-8")
    for folder in folders:
        assert f"`{folder.name}/`" in text
        assert (folder / "README.md").is_file()


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
