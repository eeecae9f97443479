"""The forms of a published notice: found from the bytes; anything else refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import tongbao
from tongbao._sources import Grid, Line, detect_form, read_source
from tongbao.errors import InputError


@pytest.mark.parametrize(
    ("head", "form"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"PK\x03\x04....word/document.xml", "docx"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b"<div>\xe9\x80\x9a\xe6\x8a\xa5</div>", "html"),
        ("关于通报\n各单位：".encode(), "text"),
        ("关于通报".encode("gb18030"), "text"),
    ],
)
def test_the_form_comes_from_the_bytes(head: bytes, form: str) -> None:
    assert detect_form(head, "x") == form


def test_html_layout_tables_are_text_and_data_tables_are_grids(tmp_path: Path) -> None:
    page = (
        "<table><tr><td><p>标题</p><p>各单位：</p>"
        "<table><caption>统计表</caption><tr><th>单位</th><th>报送数</th></tr>"
        "<tr><td>甲<br>镇</td><td>3</td></tr></table>"
        "<p>落款</p></td></tr></table>"
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    form, blocks = read_source(path)
    assert form == "html"
    shown = [b.text if isinstance(b, Line) else b.rows for b in blocks]
    assert shown == ["标题", "各单位：", "统计表", (("单位", "报送数"), ("甲 镇", "3")), "落款"]
    assert isinstance(blocks[3], Grid)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04" + b"\x00" * 30 + b"xl/workbook.xml[Content_Types].xml", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word or Excel"),
        (b"PK\x03\x04" + b"\x00" * 100, "zip file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"   \n", "empty"),
        ("关于通报\n没有表格的文字。\n".encode(), "no table of units"),
        (b"%PDF-1.4\ngarbage", "PDF cannot be read"),
    ],
    ids=["xlsx", "ole", "zip", "png", "empty", "no-table", "bad-pdf"],
)
def test_other_files_are_refused_with_the_file_named(
    content: bytes, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        tongbao.read_published(path)
    assert caught.value.problems[0].location.file == str(path)


def test_a_missing_file() -> None:
    with pytest.raises(InputError, match="cannot read"):
        tongbao.read_published("no/such/file.txt")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_only_a_regular_file_is_read(kind: str, tmp_path: Path) -> None:
    """A FIFO would block the read and a device never end: both are refused, unread."""
    import os

    if kind == "fifo":
        path = tmp_path / "notice.txt"
        os.mkfifo(path)
        expected = "named pipe"
    else:
        path = Path("/dev/zero")
        expected = "device"
    with pytest.raises(InputError, match=expected):
        read_source(path)
