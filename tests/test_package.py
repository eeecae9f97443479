"""The public surface and the import budget."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

import tongbao


def test_all_is_exactly_the_public_names() -> None:
    for name in dir(tongbao):
        getattr(tongbao, name)  # loads the lazily imported names
    public = {
        name
        for name, value in vars(tongbao).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name not in ("TYPE_CHECKING", "Any")
    }
    assert set(tongbao.__all__) == public
    assert len(set(tongbao.__all__)) == len(tongbao.__all__)  # ruff (RUF022) keeps it sorted


def test_public_objects_say_they_are_tongbao_s() -> None:
    for name in tongbao.__all__:
        module = getattr(getattr(tongbao, name), "__module__", "tongbao")
        assert module.startswith("tongbao"), name


HEAVY = (
    "docx",
    "reportlab",
    "openpyxl",
    "tabulate",
    "lxml",
    "PIL",
    "tomllib",
    "csv",
    "zipfile",
    "pluggy",
    "importlib.metadata",
    "opencc",
    "pypdf",
    "pypdfium2",
    "html.parser",
    "tqdm",
)


@pytest.mark.slow
def test_import_tongbao_is_light() -> None:
    code = f"import sys, tongbao; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        tongbao.lod  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.slow
def test_every_imported_distribution_is_declared() -> None:
    """What src/ imports from outside the standard library is in pyproject's dependencies."""
    import ast
    import importlib.metadata
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    declared = {
        re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0].lower().replace("_", "-")
        for spec in tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"][
            "dependencies"
        ]
    }
    providers = importlib.metadata.packages_distributions()
    imported: set[str] = set()
    for path in (root / "src" / "tongbao").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    outside = imported - set(sys.stdlib_module_names) - {"tongbao", "__future__"}
    missing = {
        name: providers.get(name)
        for name in outside
        if not any(d.lower().replace("_", "-") in declared for d in providers.get(name, []))
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
