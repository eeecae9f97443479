"""The plugin authors' helper checks the built-in renderers and catches broken ones."""

from __future__ import annotations

import io
import re
import time
import zipfile
from html import unescape
from typing import Any
from xml.etree import ElementTree

import pypdf
import pytest

from tongbao.archive import fix_zip_timestamps
from tongbao.document import Document
from tongbao.hookspecs import read_options
from tongbao.renderers.docx import DocxRenderer
from tongbao.renderers.pdf import PdfRenderer
from tongbao.renderers.text import TextRenderer
from tongbao.testing import (
    HOSTILE,
    check_renderer,
    hostile_document,
    sample_document,
    text_fields,
)

from .tools import require_truetype

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """The body's paragraphs (table cells included) and the footers (the 版记 is one)."""
    package = zipfile.ZipFile(io.BytesIO(data))
    extra = [n for n in package.namelist() if re.fullmatch(r"word/(footer|header)\d+\.xml", n)]
    parts = ["word/document.xml", *sorted(extra)]
    lines = []
    for part in parts:
        root = ElementTree.fromstring(package.read(part))
        lines += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n".join(p.extract_text() for p in pages)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("renderer", "text_of"),
    [
        (TextRenderer(), lambda data: data.decode()),
        (DocxRenderer(), docx_text),
        (PdfRenderer(), pdf_text),
    ],
    ids=["text", "docx", "pdf"],
)
def test_the_builtins_pass(renderer: Any, text_of: Any) -> None:
    if isinstance(renderer, DocxRenderer):
        require_truetype()  # the full sample's chart is a picture drawn in a CJK font
    check_renderer(renderer, text_of=text_of)


def html_text(data: bytes) -> str:
    return unescape(re.sub(r"<[^>]+>", "", data.decode()))


def everything(document: Document, escape: Any = str, skip: str = "") -> list[str]:
    """Every text field of ``document`` but ``skip``, one a line, through ``escape``."""
    return [escape(text) for field, text in text_fields(document) if field != skip]


class Base:
    """A renderer printing every text field one a line; subclasses plant one bug each."""

    name = "base"
    suffix = ".txt"
    media_type = "text/plain; charset=utf-8"
    skip = ""

    def lines(self, document: Document) -> list[str]:
        return everything(document, skip=self.skip)

    def render(self, document: Document, options: Any) -> bytes:
        read_options(options, {})
        return "\n".join(self.lines(document)).encode()


class Careless(Base):
    """Writes HTML without escaping; its author's text_of is data.decode()."""

    name = "careless"
    media_type = "text/html"

    def lines(self, document: Document) -> list[str]:
        return [f"<p>{line}</p>" for line in everything(document)]


class NoSignature(Base):
    """Drops the 署名, which the red header (…办公室文件) still contains."""

    skip = "signature"


class NoGroups(Base):
    """Ignores grouped headers: prints only each column's own heading."""

    def lines(self, document: Document) -> list[str]:
        return [
            line for field, line in text_fields(document) if "header_rows()[0]" not in field
        ] + [c.heading for a in document.attachments for c in a.table.columns]


class Clock(Base):
    """Stamps the wall clock into its output."""

    def lines(self, document: Document) -> list[str]:
        return [*everything(document), time.strftime("%H:%M:%S")]


class Unstable(Base):
    calls = 0

    def lines(self, document: Document) -> list[str]:
        self.calls += 1
        return [*everything(document), str(self.calls)]


class Lax(Base):
    def render(self, document: Document, options: Any) -> bytes:
        return "\n".join(everything(document)).encode()


class Markdown(Base):
    """A Markdown table with cells not escaped: a '|' in a name adds a column."""

    media_type = "text/markdown; charset=utf-8"

    def lines(self, document: Document) -> list[str]:
        out = everything(document)
        for attachment in document.attachments:
            for row in attachment.table.rows:
                out.append("| " + " | ".join(row.cells) + " |")
        return out


class Binary(Base):
    media_type = "application/x-notice"


class Workbook(Base):
    """An XLSX writing texts as they come (formulas live); numbers as numbers or as text."""

    def __init__(self, numbers: bool = True) -> None:
        self.numbers = numbers

    name = "xlsx"
    suffix = ".xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, document: Document, options: Any) -> bytes:
        import openpyxl

        read_options(options, {})
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for line in everything(document):
            number = re.fullmatch(r"\d+(\.(\d+))?(%?)", line)
            if number and self.numbers and number[3]:  # a rate: a fraction shown as percent
                sheet.append([float(line[:-1]) / 100])
                sheet.cell(sheet.max_row, 1).number_format = "0." + "0" * len(number[2] or "")
                sheet.cell(sheet.max_row, 1).number_format += "%"
            else:
                sheet.append([int(line) if number and self.numbers and not number[1] else line])
        out = io.BytesIO()
        book.save(out)
        return fix_zip_timestamps(out.getvalue(), document.issued)


def workbook_text(data: bytes) -> str:
    """Each cell as shown: a percentage format prints its value times 100 with a ``%``."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    shown = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value, fmt = cell.value, str(cell.number_format)
                if isinstance(value, int | float) and fmt.endswith("%"):
                    places = len(fmt.partition(".")[2]) - 1 if "." in fmt else 0
                    shown.append(f"{value * 100:.{max(places, 0)}f}%")
                elif value is not None:
                    shown.append(str(value))
    return "\n".join(shown)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("renderer", "text_of", "message"),
    [
        (Careless(), lambda data: data.decode(), "not in the text an HTML/XML parser reads"),
        (NoSignature(), None, "the sample's signature ('西宁市城中区人民政府办公室') is missing"),
        (NoGroups(), None, "header_rows()[0] column 2 ('信息数量') is missing"),
        (Unstable(), None, "the same document gave different bytes"),
        (Clock(), None, "different bytes in another process"),
        (Lax(), None, "unknown option was accepted"),
        (Markdown(), None, "cells where its table has"),
        (Binary(), None, "is not text; pass text_of"),
        (Workbook(), workbook_text, "is a formula: '=HYPERLINK"),
    ],
    ids=[
        "escaping",
        "dropped-field",
        "grouped-headers",
        "determinism",
        "clock",
        "options",
        "markdown",
        "binary",
        "formula",
    ],
)
def test_broken_renderers_are_caught(renderer: Any, text_of: Any, message: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(message)):
        check_renderer(renderer, text_of=text_of)


@pytest.mark.slow
def test_numbers_stored_as_text_are_caught() -> None:
    document = sample_document(full=True)
    assert any("47.4%" in r.cells for r in document.attachments[0].table.rows)
    with pytest.raises(AssertionError, match=r"cell A\d+ holds the number '\d+(\.\d)?%?' as text"):
        check_renderer(Workbook(numbers=False), text_of=workbook_text, processes=False)


def test_samples() -> None:
    assert len(sample_document().attachments[0].table.rows) == 5  # four units and 合计
    names = [r.cells[1] for r in sample_document(hostile=True).attachments[0].table.rows]
    assert "<script>alert(1)</script>" in names
    assert '=HYPERLINK("x")' in names


def test_the_full_sample_has_every_part() -> None:
    document = sample_document(full=True)
    assert document.header is not None
    assert document.header.doc_number
    assert document.imprint is not None
    assert document.imprint.cc
    assert document.note
    assert len(document.attachments) == 2
    assert {p.level for p in document.paragraphs} == {0, 1, 2}
    first = document.attachments[0]
    assert len(first.table.header_rows()) == 2
    assert {r.kind for r in first.table.rows} == {"unit", "group", "subtotal", "total"}
    assert first.chart is not None
    assert first.notes


@pytest.mark.parametrize("sample", HOSTILE)
def test_hostile_document_puts_the_text_in_every_field(sample: str) -> None:
    fields = dict(text_fields(hostile_document(sample)))
    for field in ("title", "addressees", "signature", "note", "header.doc_number"):
        assert fields[field].startswith(sample)
    assert sample in fields["attachment_notes[0]"]
    cells = [v for k, v in fields.items() if ".cells[" in k and v.startswith(sample)]
    assert len(cells) >= 3
    texts = [v for v in fields.values() if v.startswith(sample)]
    assert len(set(texts)) == len(texts) or sample in fields["attachment_notes[0]"]
