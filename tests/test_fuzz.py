"""Property-based fuzzing of every loader: only tongbao's typed errors may escape.

``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py`` runs the long campaign.
"""

from __future__ import annotations

import io
import string
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tongbao
from tongbao import InputError, Period, read_counts
from tongbao._noticekeys import ATTACHMENT_KEYS, NOTICE_KEYS

pytestmark = pytest.mark.slow

PERIOD = Period.parse("2018-03/2018-04")
SLOW = settings(suppress_health_check=[HealthCheck.too_slow])


def loads_or_refuses(path: Path) -> None:
    """Load ``path``; the only exception allowed is an InputError naming the file."""
    problems: tuple[tongbao.Problem, ...] = ()
    try:
        if path.suffix == ".toml":
            tongbao.compose(tongbao.load(path))
        else:
            read_counts(path, PERIOD)
    except InputError as exc:
        problems = exc.problems or (tongbao.Problem(tongbao.Location(), "empty"),)
    assert all(p.location.file for p in problems)


@given(st.binary(max_size=2000), st.sampled_from([".csv", ".toml", ".xlsx"]))
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        loads_or_refuses(path)


CELL = st.one_of(
    st.text(alphabet=string.digits + "，,.%-—十九 \t\"'\n合计单位报送数采纳数月份", max_size=8),
    st.integers(-5, 10**6).map(str),
)


@given(st.lists(st.lists(CELL, max_size=7), max_size=12), st.booleans())
def test_csv_shaped_garbage(rows: list[list[str]], header: bool) -> None:
    lines = [["单位", "报送数", "采纳数", "采纳率", "月份"]] if header else []
    text = "\n".join(",".join(r) for r in lines + rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.csv"
        path.write_text(text, encoding="utf-8")
        loads_or_refuses(path)


XLSX_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6).filter(lambda t: t.isprintable()),
    st.dates(),
)


@SLOW
@given(st.lists(st.lists(XLSX_VALUE, max_size=6), max_size=8))
def test_xlsx_shaped_garbage(rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单位", "报送数", "采纳数", "月份", "采纳率"])
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.xlsx"
        book.save(path)
        loads_or_refuses(path)


@given(st.binary(max_size=500))
def test_zip_that_is_not_a_workbook(data: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.xlsx"
        path.write_bytes(out.getvalue())
        loads_or_refuses(path)


TOML_SCALAR = st.one_of(
    st.text(max_size=10).filter(lambda t: "\\" not in t),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
)
TABLE_KEYS = st.sampled_from(["name", "title", "submitted", "adopted", "x"])
TOML_TABLE = st.dictionaries(TABLE_KEYS, TOML_SCALAR, max_size=3)
TOML_VALUE = st.one_of(
    TOML_SCALAR,
    st.lists(TOML_SCALAR, max_size=3),
    TOML_TABLE,
    st.lists(TOML_TABLE, max_size=3),  # what [[units]] look like
)
KEYS = st.sampled_from([*NOTICE_KEYS, "adressees", "zzz"])


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', "'").replace("\n", " ").replace("\x7f", "") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value) if not isinstance(value, float) else repr(value)


@given(
    st.dictionaries(KEYS, TOML_VALUE, max_size=8),
    st.dictionaries(st.sampled_from([*ATTACHMENT_KEYS, "ordr"]), TOML_SCALAR, max_size=4),
)
def test_structured_but_wrong_notices(top: dict[str, Any], attachment: dict[str, Any]) -> None:
    base = {
        "title": "通报",
        "issuer": "办公室",
        "date": "2018-05-10",
        "period": "2018-03/2018-04",
        "units": [{"name": "甲", "submitted": 2, "adopted": 1}],
    }
    base.update(top)
    text = "\n".join(
        f"{k} = {toml_value(v)}"
        for k, v in base.items()
        if all(ord(c) >= 32 for c in toml_value(v))
    )
    if attachment:
        text += "\n[attachment]\n" + "\n".join(
            f"{k} = {toml_value(v)}" for k, v in attachment.items()
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notice.toml"
        path.write_text(text, encoding="utf-8")
        loads_or_refuses(path)


def test_the_fuzz_harness_ci_run() -> None:
    """A CI-sized run of tests/fuzzing.py (mutated examples, structured notices, item logs)."""
    from .fuzzing import run

    report = run(300, seed=1)
    assert report["tracebacks"] == 0, report["failures"]
    assert report["hangs"] == 0, report["failures"]


def test_the_fuzz_harness_catches_a_traceback(monkeypatch: Any) -> None:
    from . import fuzzing

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(fuzzing, "read_counts", broken)
    monkeypatch.setattr(fuzzing.tongbao, "load", broken)
    monkeypatch.setattr(fuzzing.tongbao, "read_items", broken)
    report = fuzzing.run(5, seed=1)
    assert report["tracebacks"] == 5
    assert "KeyError: 'a bug'" in report["failures"][0]["problem"]
