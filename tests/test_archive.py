"""ZIP archives restamped at the notice's date: the same bytes whatever the clock."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from tongbao.archive import document_time, fix_zip_timestamps
from tongbao.testing import sample_document

CORE = (
    '<cp:coreProperties xmlns:cp="x" xmlns:dcterms="y">'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-28T04:15:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-28T04:15:01Z</dcterms:modified>'
    "</cp:coreProperties>"
)


def archive(stamp: tuple[int, int, int, int, int, int]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", "<Types/>"), ("docProps/core.xml", CORE)):
            z.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
        stored = zipfile.ZipInfo("media/image.png", date_time=stamp)
        z.writestr(stored, b"\x89PNG", compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


@pytest.mark.parametrize(
    "when", [datetime.date(2018, 5, 10), datetime.datetime(2018, 5, 10, 9, 30, 2)]
)
def test_the_same_archive_whatever_its_stamps(when: datetime.date) -> None:
    first = fix_zip_timestamps(archive((2026, 11, 28, 4, 15, 0)), when)
    second = fix_zip_timestamps(archive((2001, 1, 2, 3, 4, 6)), when)
    assert first == second
    members = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert [m.filename for m in members] == [
        "[Content_Types].xml",
        "docProps/core.xml",
        "media/image.png",
    ]
    assert {m.date_time[:3] for m in members} == {(2018, 5, 10)}
    assert members[2].compress_type == zipfile.ZIP_STORED
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "2026" not in core
    assert f">{when:%Y-%m-%d}T" in core


def test_contents_are_kept() -> None:
    fixed = zipfile.ZipFile(
        io.BytesIO(fix_zip_timestamps(archive((2026, 1, 1, 0, 0, 0)), datetime.date(2018, 5, 10)))
    )
    assert fixed.read("media/image.png") == b"\x89PNG"
    assert fixed.read("[Content_Types].xml") == b"<Types/>"


def test_before_1980_is_clamped() -> None:
    fixed = fix_zip_timestamps(archive((2026, 1, 1, 0, 0, 0)), datetime.date(1970, 1, 1))
    assert zipfile.ZipFile(io.BytesIO(fixed)).infolist()[0].date_time[0] == 1980


def test_not_an_archive() -> None:
    with pytest.raises(ValueError, match="not a ZIP archive"):
        fix_zip_timestamps(b"plain text", datetime.date(2018, 5, 10))


def test_document_time(monkeypatch: pytest.MonkeyPatch) -> None:
    document = sample_document()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert document_time(document) == datetime.datetime(2018, 5, 10)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1525917600")
    assert document_time(document) == datetime.datetime(2018, 5, 10, 2, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        document_time(document)
