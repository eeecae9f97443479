"""Input files as paths, bytes or binary file objects: one reader, the same bounds for all.

A server hands tongbao uploads: bytes, or the upload's file object, with a kind it
chose and the name the user gave. Every message names that name, never a temporary
path; every size bound (the file's, a workbook's unpacked size) holds for bytes and
streams as for files on disk; a wrong kind, a text-mode file, a hostile stream are
InputErrors, never tracebacks.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

import tongbao
import tongbao._sheets
from tongbao import InputError, Limits, Period

from .conftest import EXAMPLE

PERIOD = Period.parse("2018-03/2018-04")
CSV = (EXAMPLE / "counts.csv").read_bytes()
XLSX = (EXAMPLE / "monthly.xlsx").read_bytes()


def names(tallies: list[tongbao.Tally]) -> list[tuple[str, int, int]]:
    return [(t.unit.name, t.submitted, t.adopted) for t in tallies]


SEED = names(tongbao.read_counts(EXAMPLE / "counts.csv", PERIOD))


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(str(EXAMPLE / "counts.csv"), id="str"),
        pytest.param(EXAMPLE / "counts.csv", id="path"),
        pytest.param(CSV, id="bytes"),
        pytest.param(bytearray(CSV), id="bytearray"),
        pytest.param(memoryview(CSV), id="memoryview"),
        pytest.param(io.BytesIO(CSV), id="bytesio"),
    ],
)
def test_every_kind_of_source_reads_the_same(source: Any) -> None:
    assert names(tongbao.read_counts(source, PERIOD, kind="csv")) == SEED


def test_an_open_binary_file_and_a_spooled_upload() -> None:
    with (EXAMPLE / "counts.csv").open("rb") as handle:
        assert names(tongbao.read_counts(handle, PERIOD, kind="csv")) == SEED
    with tempfile.SpooledTemporaryFile(max_size=10) as upload:  # what an upload arrives as
        upload.write(XLSX)
        upload.seek(0)
        tallies = tongbao.read_counts(upload, PERIOD, kind="xlsx", name="月报.xlsx")
    assert names(tallies) == SEED  # the workbook holds the seed's months


def test_the_kind_comes_from_the_suffix_only_for_a_path(tmp_path: Path) -> None:
    odd = tmp_path / "counts.dat"
    odd.write_bytes(CSV)
    with pytest.raises(InputError, match=r"unknown data file type '\.dat'; expected \.csv or"):
        tongbao.read_counts(odd, PERIOD)
    assert names(tongbao.read_counts(odd, PERIOD, kind="csv")) == SEED
    with pytest.raises(InputError, match="give its kind=") as caught:
        tongbao.read_counts(CSV, PERIOD, name="counts.csv")  # a name is not trusted
    assert caught.value.problems[0].location.file == "counts.csv"


@pytest.mark.parametrize(
    ("source", "kind", "message"),
    [
        (CSV, "xlsx", "not an Excel .xlsx workbook"),
        (XLSX, "csv", "a zip file .*, not CSV text"),
        (CSV, "pdf", "kind='pdf' is not a kind of data file tongbao reads; expected csv or xlsx"),
        (b"", "csv", "the file is empty"),
    ],
    ids=["csv-as-xlsx", "xlsx-as-csv", "unknown-kind", "empty"],
)
def test_a_wrong_kind_is_an_input_error_naming_the_upload(
    source: bytes, kind: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        tongbao.read_counts(source, PERIOD, kind=kind, name="上传.xlsx")
    assert {p.location.file for p in caught.value.problems} == {"上传.xlsx"}


def test_a_text_mode_file_is_refused_with_advice() -> None:
    advice = r"open in text mode; open it in binary mode \('rb'\)"
    with (
        (EXAMPLE / "counts.csv").open(encoding="utf-8") as handle,
        pytest.raises(InputError, match=advice),
    ):
        tongbao.read_counts(handle, PERIOD, kind="csv", name="counts.csv")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="text mode"):
        tongbao.read_counts(io.StringIO("单位,报送数,采纳数\n"), PERIOD, kind="csv")  # type: ignore[arg-type]


def test_a_closed_file_and_other_objects() -> None:
    handle = io.BytesIO(CSV)
    handle.close()
    with pytest.raises(InputError, match="cannot read the data file"):
        tongbao.read_counts(handle, PERIOD, kind="csv")
    with pytest.raises(InputError, match="from int: give a path, bytes or a binary file"):
        tongbao.read_counts(42, PERIOD, kind="csv")  # type: ignore[arg-type]


class Endless(io.RawIOBase):
    """A stream that never ends (a hostile upload): counts what was asked of it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"a" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_a_huge_stream_is_read_no_further_than_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tongbao._sheets, "MAX_FILE_BYTES", 3_000_000)
    endless = Endless()
    with pytest.raises(InputError, match="more than the 3,000,000 bytes allowed"):
        tongbao.read_counts(endless, PERIOD, kind="csv", name="x.csv")  # type: ignore[arg-type]
    assert endless.given <= 3_000_001 + (1 << 20)  # never the whole stream
    limits = Limits(file_bytes=1000)
    endless = Endless()
    with pytest.raises(InputError, match="more than the 1,000 bytes allowed"):
        tongbao.read_counts(endless, PERIOD, kind="csv", limits=limits)  # type: ignore[arg-type]
    assert endless.given <= 1001


def test_huge_bytes_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tongbao._sheets, "MAX_FILE_BYTES", len(CSV) - 1)
    with pytest.raises(InputError, match=f"more than the {len(CSV) - 1:,} bytes") as caught:
        tongbao.read_counts(CSV, PERIOD, kind="csv", name="counts.csv")
    assert caught.value.problems[0].location.file == "counts.csv"
    with pytest.raises(InputError, match="more than the 100 bytes"):
        tongbao.read_counts(b"x" * 10_000_000, PERIOD, kind="csv", limits=Limits(file_bytes=100))


@pytest.mark.slow
def test_a_zip_bomb_in_bytes_is_refused_unpacked_size_first() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * 40_000_000)
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(InputError, match=r"unpacks to 40,000,\d+ bytes, more than the 33,554,432"):
        tongbao.read_counts(data, PERIOD, kind="xlsx", name="bomb.xlsx", limits=Limits())
    assert len(XLSX) < 33_554_432  # the same limit lets a real workbook through
    assert tongbao.read_counts(XLSX, PERIOD, kind="xlsx", limits=Limits())


def test_the_built_in_bounds_hold_for_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(io.BytesIO(XLSX)) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(tongbao._sheets, "MAX_XLSX_UNPACKED", unpacked - 1)
    with pytest.raises(InputError, match=f"more than the {unpacked - 1:,} allowed") as caught:
        tongbao.read_counts(io.BytesIO(XLSX), PERIOD, kind="xlsx", name="月报.xlsx")
    assert caught.value.problems[0].location.file == "月报.xlsx"
    monkeypatch.setattr(tongbao._sheets, "MAX_ROWS", 3)
    with pytest.raises(InputError, match="more than 3 rows"):
        tongbao.read_counts(io.BytesIO(CSV), PERIOD, kind="csv")


def test_units_are_held_to_the_limits() -> None:
    count = len(SEED)
    assert tongbao.read_counts(CSV, PERIOD, kind="csv", limits=Limits(units=count))
    with pytest.raises(InputError, match=f"{count:,} units; at most {count - 1:,}") as caught:
        tongbao.read_counts(CSV, PERIOD, kind="csv", name="c.csv", limits=Limits(units=count - 1))
    assert caught.value.problems[0].location.file == "c.csv"


def test_a_temporary_path_never_shows_when_a_name_is_given(tmp_path: Path) -> None:
    upload = tmp_path / "tmpab12cd.upload"
    upload.write_bytes(b"\xff\xfe not text at all \x00\x01")
    for source in (upload, str(upload)):
        with pytest.raises(InputError) as caught:
            tongbao.read_counts(source, PERIOD, kind="csv", name="报表.csv")
        assert str(tmp_path) not in str(caught.value)
        assert all(p.location.file == "报表.csv" for p in caught.value.problems)
    missing = tmp_path / "gone.csv"
    with pytest.raises(InputError) as caught:
        tongbao.read_counts(missing, PERIOD, name="报表.csv")
    assert caught.value.problems[0].location.file == "报表.csv"


def test_a_fifo_path_is_still_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        tongbao.read_counts(fifo, PERIOD)
