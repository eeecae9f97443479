"""Fake installed distributions with ``tongbao`` entry points, for plugin tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

RENDERER = """
from tongbao.hookspecs import hookimpl

class R:
    name = {name!r}
    suffix = {suffix!r}
    media_type = "text/x-test"

    def render(self, document, options):
        {body}

@hookimpl
def register_renderers(register):
    register(R())
"""


def renderer_module(
    name: str, body: str = "return document.title.encode()", suffix: str = ".t"
) -> str:
    return RENDERER.format(name=name, suffix=suffix, body=body)


def install(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    dist: str,
    entry_points: dict[str, str],
    modules: dict[str, str],
    version: str = "1.0",
) -> None:
    """Make ``dist`` look installed: its modules and a dist-info on ``sys.path``."""
    root.mkdir(parents=True, exist_ok=True)
    for name, code in modules.items():
        (root / f"{name}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = root / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[tongbao]\n{lines}", encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
