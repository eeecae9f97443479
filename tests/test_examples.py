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
