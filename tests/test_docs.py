"""The documentation's examples run, and say what tongbao does."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

DOCS = ROOT / "docs"


def python_blocks(name: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / name).read_text("utf-8"), re.S)


@pytest.mark.parametrize(
    "code", python_blocks("tutorial.md"), ids=lambda c: c.strip().splitlines()[-1][:40]
)
def test_tutorial_code_runs(code: str) -> None:
    exec(compile(code, "docs/tutorial.md", "exec"), {})


def test_the_cli_page_shows_real_output() -> None:
    import subprocess
    import sys

    page = (DOCS / "cli.md").read_text("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", "check", "examples/chengzhong-2018-03-04/notice.toml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert result.stdout.strip() in page
