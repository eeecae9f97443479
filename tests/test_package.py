"""The public surface and the import budget."""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from pathlib import Path

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
    import typing

    for name in tongbao.__all__:
        value = getattr(tongbao, name)
        if typing.get_origin(value) is typing.Literal:
            continue  # a type alias (Order, Ties …) has no module of its own
        module = getattr(value, "__module__", "tongbao")
        assert module.startswith("tongbao"), name


@pytest.mark.parametrize(
    "name", [n for n in tongbao.__all__ if isinstance(getattr(tongbao, n), type)]
)
def test_every_exported_class_is_named_by_its_public_path(name: str) -> None:
    """``tongbao.Tally``, not ``tongbao._model.Tally``: in its repr and for pickle."""
    import importlib
    import typing

    cls = getattr(tongbao, name)
    assert not any(part.startswith("_") for part in cls.__module__.split(".")), cls
    assert getattr(importlib.import_module(cls.__module__), cls.__qualname__) is cls
    assert repr(cls) == f"<class '{cls.__module__}.{cls.__qualname__}'>"
    typing.get_type_hints(cls)  # its annotations still resolve (they did not move with it)


def test_version_comes_from_the_package_metadata() -> None:
    import importlib.metadata

    assert tongbao.__version__ == importlib.metadata.version("tongbao")
    assert "__version__" in dir(tongbao)


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
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]  # the database drivers, imported lazily
    declared = {
        re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0].lower().replace("_", "-")
        for spec in [*project["dependencies"], *extras["duckdb"], *extras["postgresql"]]
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


def test_the_command_line_uses_the_public_api_only() -> None:
    """cli.py imports no private module: what it needs is public, or a documented seam."""
    import ast
    from pathlib import Path

    source = Path(tongbao.__file__).with_name("cli.py").read_text("utf-8")
    imported = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            imported.append(f"tongbao.{module}" if node.level else module)
        elif isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
    assert "tongbao.renderers.text" in imported  # the scan sees the relative imports
    private = [
        m for m in imported if m.startswith("tongbao") and "._" in f".{m}".replace(".tongbao", "")
    ]
    assert private == []


PURE_CORE = (
    "_catalogue",
    "_figures",
    "_frozen",
    "_items",
    "_model",
    "_numfmt",
    "_period",
    "_problems",
    "_public",
    "_stats",
)
"""The domain model and its arithmetic: values in, values out. They raise the errors
of :mod:`tongbao.errors` (whose ``locale_language`` alone reads the environment)."""

IO_MODULES = frozenset(
    {"csv", "io", "os", "pathlib", "shutil", "socket", "sqlite3", "subprocess", "tempfile"}
)


@pytest.mark.parametrize("module", PURE_CORE)
def test_the_pure_core_imports_no_io_and_nothing_beyond_the_core(module: str) -> None:
    """The core (model, arithmetic, item counts) imports no loader, renderer, database
    or file module: loaders and renderers depend on it, never the other way round."""
    path = Path(tongbao.__file__).parent / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module] if node.module else [a.name for a in node.names]
            for name in names:
                assert name.split(".")[0] in (*PURE_CORE, "errors"), f"{module} imports .{name}"
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            for name in names:
                assert (name or "").split(".")[0] not in IO_MODULES, f"{module} imports {name}"
