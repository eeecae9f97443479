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
)


def test_import_tongbao_is_light() -> None:
    code = f"import sys, tongbao; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        tongbao.lod  # type: ignore[attr-defined]  # noqa: B018
