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


def test_the_cli_page_lists_every_rank_by_value() -> None:
    from tongbao.cli import _parser

    page = (DOCS / "cli.md").read_text("utf-8")
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    by = next(a for a in commands["rank"]._actions if a.dest == "by")
    assert by.choices
    listed = re.search(r"--by ([a-z\\|]+)\]", page)
    assert listed is not None
    assert listed[1].split("\\|") == list(by.choices)
    for choice in by.choices:
        assert f"`{choice}`" in page


def test_the_cli_page_shows_real_verbose_output() -> None:
    import subprocess
    import sys

    page = (DOCS / "cli.md").read_text("utf-8")
    command = ["check", "-v", "examples/office-headers/notice.toml"]
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert f"$ tongbao {' '.join(command)}\n{result.stdout}" in page
