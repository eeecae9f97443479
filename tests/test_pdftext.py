"""A PDF's text layer laid out: lines by height, columns kept apart, pages turned."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pypdf
import pytest
import wcwidth

import tongbao
from tongbao._pdftext import _Char, _lay_out, pdf_pages
from tongbao.errors import InputError

from .tools import require_truetype


def _chars(text: str, left: float, bottom: float, size: float = 12.0) -> list[_Char]:
    """``text`` set at ``left`` on the baseline ``bottom``: Chinese ``size`` wide, Latin half."""
    out = []
    for char in text:
        width = size if ord(char) > 0x2E80 else size / 2
        if not char.isspace():  # as PDFium gives them: spaces are not read
            top = bottom + size
            out.append(_Char((bottom + top) / 2, left, left + width, bottom, top, char))
        left += width
    return out


def test_columns_stay_apart_and_line_up_from_row_to_row() -> None:
    rows = [("单位", "报送数", "采纳率"), ("甲镇", "16", "50%"), ("区发展改革局", "3", "100%")]
    chars = []
    for k, row in enumerate(rows):
        for text, left in zip(row, (60.0, 200.0, 300.0), strict=True):
            chars += _chars(text, left, 700.0 - 20 * k)
    lines = _lay_out(chars[::-1])  # the order they are drawn in does not matter
    assert [line.split() for line in lines] == [list(row) for row in rows]
    # Each figure starts in the display cell its heading starts in (a cell: 6 points).
    assert _cell(lines[1], "16") == _cell(lines[2], "3") == _cell(lines[0], "报送数") == 23
    assert _cell(lines[1], "50%") == _cell(lines[0], "采纳率") == 40


def _cell(line: str, text: str) -> int:
    """The display cell ``text`` starts in (a Chinese character takes two)."""
    return int(wcwidth.wcswidth(line[: line.index(text)]))


def test_words_keep_one_space_and_chinese_text_none() -> None:
    chars = _chars("Windows 10系统", 100.0, 500.0) + _chars("第二行", 100.0, 480.0)
    assert _lay_out(chars) == ["Windows 10系统", "第二行"]


def test_an_indent_shows_as_spaces() -> None:
    chars = _chars("　　首行缩进两字", 100.0, 500.0) + _chars("次行顶格", 100.0, 480.0)
    first, second = _lay_out(chars)
    assert first == "    首行缩进两字"  # two Chinese characters: four cells
    assert second == "次行顶格"


def test_characters_of_another_font_stay_on_their_line() -> None:
    """A quote from a Latin font has another box (ascent, descent): same line still."""
    chars = _chars("按照", 100.0, 500.0) + _chars("谁负责", 130.0, 500.0)
    chars.append(_Char(506.5, 124.0, 130.0, 502.0, 511.0, "“"))
    chars += _chars("下一行", 100.0, 482.0)
    assert _lay_out(chars) == ["按照“谁负责", "下一行"]


def test_no_characters_no_lines() -> None:
    assert _lay_out([]) == []


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    require_truetype()
    notice = tongbao.load(
        Path(__file__).parent.parent / "examples/chengzhong-2018-03-04/notice.toml"
    )
    return tongbao.render(notice, "pdf")


def _turned(data: bytes, turn: int) -> bytes:
    """The PDF with each page's content turned back by ``turn`` and /Rotate ``turn``:
    it shows the same, as a scanner's or a printer driver's PDF of a landscape page does."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        move = {90: (height, 0.0), 180: (width, height), 270: (0.0, width)}[turn]
        page.add_transformation(pypdf.Transformation().rotate(turn).translate(*move))
        size = (height, width) if turn in (90, 270) else (width, height)
        page.mediabox = pypdf.generic.RectangleObject((0, 0, *size))
        page.cropbox = page.mediabox
        page.rotate(turn)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_page_reads_as_it_is_shown(small_pdf: bytes, turn: int, tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(small_pdf)
    turned = tmp_path / "turned.pdf"
    turned.write_bytes(_turned(small_pdf, turn))
    assert pypdf.PdfReader(turned).pages[0].rotation == turn
    expected = attrs.evolve(tongbao.read_published(plain), source="")
    assert attrs.evolve(tongbao.read_published(turned), source="") == expected


def test_a_password_is_refused_and_an_owner_password_alone_is_not(small_pdf: bytes) -> None:
    """A PDF that opens without a password (printing or copying restricted) is read."""
    for user, readable in (("secret", False), ("", True)):
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(small_pdf))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        if readable:
            pages = list(pdf_pages(out.getvalue(), "x.pdf"))
            assert any("区建设局" in line for page in pages for line in page)
        else:
            with pytest.raises(InputError, match="encrypted; save an unprotected copy"):
                list(pdf_pages(out.getvalue(), "x.pdf"))


def test_a_damaged_pdf_is_read_or_refused(small_pdf: bytes) -> None:
    """Cut short or overwritten anywhere: lines or an InputError, never another error."""
    refusals = []
    for k in range(1, 16):
        at = len(small_pdf) * k // 16
        for data in (small_pdf[:at], small_pdf[:at] + b"\x00" * 64 + small_pdf[at + 64 :]):
            try:
                pages = list(pdf_pages(data, "x.pdf"))
            except InputError as exc:
                refusals.append(str(exc))
                continue
            assert all(isinstance(line, str) for page in pages for line in page)
    assert all("x.pdf: the PDF cannot be read" in message for message in refusals)


def test_pdfs_read_in_threads_read_the_same(small_pdf: bytes) -> None:
    """PDFium is not thread-safe: tongbao reads one PDF at a time, whichever thread asks."""
    from concurrent.futures import ThreadPoolExecutor

    expected = pdf_pages(small_pdf, "x.pdf")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: pdf_pages(small_pdf, "x.pdf"), range(8)))
    assert results == [expected] * 8


def _pdf(*objects: bytes) -> bytes:
    """A PDF of ``objects`` (1 the catalog), with its cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_a_page_that_cannot_be_loaded_is_named() -> None:
    """The page tree counts two pages; the second is a string (found by fuzzing)."""
    data = _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"(not a page)",
    )
    with pytest.raises(InputError, match=r"x\.pdf: the PDF cannot be read: page 2: "):
        pdf_pages(data, "x.pdf")
    one_page = data.replace(b"4 0 R] /Count 2", b"]      /Count 1")  # the same length
    assert pdf_pages(one_page, "x.pdf") == [[]]
