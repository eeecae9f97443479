"""A published notice's file → its lines and tables, whatever the form it came in.

Offices publish a notice as a Word file (DOCX), a portal page (HTML), a PDF or text
copied from a page. This module detects which from the bytes themselves (never the
file name alone), and reads each into the same flat sequence: :class:`Line` s of text
and :class:`Grid` s (tables as rows of cell texts), in reading order, each with its
place in the file. Finding the notice's parts in that sequence is
:mod:`tongbao._published`'s job.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import attrs

from ._files import read_bounded
from .errors import InputError

__all__ = ["MAX_PUBLISHED_BYTES", "Form", "Grid", "Line", "detect_form", "read_source"]

MAX_PUBLISHED_BYTES = 64 * 1024 * 1024
"""The largest published notice read (64 MiB)."""

Form = Literal["docx", "html", "pdf", "text"]
"""The forms a published notice is read from."""


@attrs.frozen
class Line:
    """A line or paragraph of text, as the file holds it (spaces kept), and its place."""

    text: str
    place: str


@attrs.frozen
class Grid:
    """A table the file marks as one (DOCX, HTML ``<table>``): rows of cell texts."""

    rows: tuple[tuple[str, ...], ...]
    place: str


Block = Line | Grid


def detect_form(raw: bytes, name: str) -> Form:
    """Which form ``raw`` is in, from its first bytes.

    Raises:
        InputError: the bytes are none of DOCX, HTML, PDF or text (a workbook, an
            image, an old .doc …).
    """
    head = raw[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in raw[:65536] or b"[Content_Types].xml" in raw[:65536]:
            if b"xl/" in raw[:65536] and b"word/" not in raw[:65536]:
                raise InputError.of("published.workbook", name)
            return "docx"
        raise InputError.of("published.zip", name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError.of("published.old_office", name)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.of("published.binary", name)
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(
        rb"<(body|table|p|div|head|meta)[\s>]", head.lower()
    ):
        return "html"
    return "text"


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.of("published.encoding", name)


def read_source(path: Path) -> tuple[Form, list[Block]]:
    """The form of the notice at ``path`` and its lines and tables in reading order.

    Raises:
        InputError: the file cannot be read, is too large, empty, or in no known form.
    """
    name = str(path)
    # A regular file only (a FIFO or device would block or never end), at most the limit.
    raw = read_bounded(path, MAX_PUBLISHED_BYTES, "published notice")
    if not raw.strip():
        raise InputError.of("file.empty", name)
    form = detect_form(raw, name)
    if form == "pdf":
        return form, _pdf_blocks(raw, name)
    if form == "docx":
        return form, _docx_blocks(path, name)
    text = _decode(raw, name)
    if form == "html":
        return form, _html_blocks(text)
    return form, [
        Line(line.rstrip("\r"), f"line {n}") for n, line in enumerate(text.split("\n"), start=1)
    ]


# --- DOCX -----------------------------------------------------------------------------


def _docx_blocks(path: Path, name: str) -> list[Block]:
    import docx  # noqa: PLC0415 - python-docx only for Word files
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.table import Table  # noqa: PLC0415

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise InputError.of("published.docx_unreadable", name, reason=str(exc)) from None
    blocks: list[Block] = []
    paragraphs = tables = 0
    tr, tc, p, t = qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:t")

    def cell_text(cell: Any) -> str:
        # Each of the cell's paragraphs is a line; python-docx's cell objects are slow
        # on long tables (each row's cells rebuild the grid), so the XML is read directly.
        return " ".join("".join(x.text or "" for x in para.iter(t)) for para in cell.iter(p))

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            rows = []
            # A cell merged across columns is one cell, as the row prints it.
            rows = [tuple(cell_text(c) for c in row.iterchildren(tc)) for row in item._tbl.iter(tr)]
            blocks.append(Grid(tuple(rows), f"table {tables}"))
        else:
            paragraphs += 1
            # A line break inside a paragraph (a title set on two lines) is not a new part.
            blocks.append(Line(item.text.replace("\n", ""), f"paragraph {paragraphs}"))
    # The 版记 may be the footer of a last section of its own (tongbao writes it so, to
    # set it at the foot of an even page without a page number): read after the body.
    last = document.sections[-1].footer if document.sections else None
    if last is not None and not last.is_linked_to_previous:
        for number, para in enumerate(last.paragraphs, start=1):
            fields = para._p.findall(".//" + qn("w:instrText")) + para._p.findall(
                ".//" + qn("w:fldSimple")
            )
            if para.text.strip() and not fields:  # a page number is a field
                blocks.append(Line(para.text.strip("\t"), f"footer paragraph {number}"))
    return blocks


# --- HTML -----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "section",
        "article",
        "header",
        "footer",
        "center",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "caption",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})


@attrs.define
class _OpenTable:
    rows: list[list[str]] = attrs.Factory(list)
    layout: bool = False
    captions: list[str] = attrs.Factory(list)


class _PageParser(HTMLParser):
    """Collects a page's text lines and data tables in document order.

    A table holding another table is only layout (portals set whole pages in one):
    its cells are read as text, and the tables inside it as tables.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skipping = 0
        self.tables: list[_OpenTable] = []
        self.cell: list[str] | None = None
        self.caption: list[str] | None = None
        self.table_count = 0
        self.line_start = 1

    @property
    def _in_data_table(self) -> bool:
        return bool(self.tables) and not self.tables[-1].layout

    def _flush(self) -> None:
        text = "".join(self.text)
        self.text = []
        for part in text.split("\n"):
            if part.strip():
                self.blocks.append(Line(part, f"line {self.line_start}"))
        self.line_start = self.getpos()[0]

    def _to_layout(self, table: _OpenTable) -> None:
        """``table`` holds a table: what it collected so far is text, in order."""
        place = f"line {self.getpos()[0]}"
        for row in table.rows:
            for cell in row:
                for part in cell.split("\n"):
                    if part.strip():
                        self.blocks.append(Line(part, place))
        if self.cell is not None:
            for part in "".join(self.cell).split("\n"):
                if part.strip():
                    self.blocks.append(Line(part, place))
        table.rows = []
        table.layout = True
        self.cell = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "table":
            self._flush()
            if self._in_data_table:
                self._to_layout(self.tables[-1])
            self.tables.append(_OpenTable())
        elif self._in_data_table:
            if tag == "tr":
                self.tables[-1].rows.append([])
            elif tag in ("td", "th"):
                if not self.tables[-1].rows:
                    self.tables[-1].rows.append([])
                self.cell = []
            elif tag == "caption":
                self.caption = []
            elif tag == "br" or tag in _BLOCK_TAGS:
                self._text("\n")
        elif tag in ("br", "tr", "td", "th", "caption") or tag in _BLOCK_TAGS:
            self._text("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipping:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            self.cell = None
            self.table_count += 1
            if table.layout:
                self._text("\n")
                return
            place = f"table {self.table_count}, line {self.getpos()[0]}"
            for caption in table.captions:
                self.blocks.append(Line(caption, f"caption, {place}"))
            rows = tuple(tuple(" ".join(c.split()) for c in row) for row in table.rows if row)
            if rows:
                self.blocks.append(Grid(rows, place))
        elif self._in_data_table:
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1].rows[-1].append("".join(self.cell))
                self.cell = None
            elif tag == "caption" and self.caption is not None:
                self.tables[-1].captions.append(" ".join("".join(self.caption).split()))
                self.caption = None
            elif tag in _BLOCK_TAGS:
                self._text("\n")
        elif tag in ("tr", "td", "th") or tag in _BLOCK_TAGS:
            self._text("\n")

    def _text(self, text: str) -> None:
        if self._in_data_table:
            if self.cell is not None:
                self.cell.append(text)
            elif self.caption is not None:
                self.caption.append(text)
        elif text == "\n":
            self._flush()
        else:
            if not self.text:
                self.line_start = self.getpos()[0]
            self.text.append(text)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        # Source line breaks inside a paragraph are layout, not text.
        self._text(data.replace("\r", "").replace("\n", " "))


def _html_blocks(text: str) -> list[Block]:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks


# --- PDF ------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"[—\-－–]\s*\d+\s*[—\-－–]|第\s*\d+\s*页(?:\s*[,，/共]\s*共?\s*\d+\s*页)?"
)


def _pdf_blocks(raw: bytes, name: str) -> list[Block]:
    from ._pdftext import pdf_pages  # noqa: PLC0415 - only for PDFs

    blocks: list[Block] = []
    for number, lines in enumerate(pdf_pages(raw, name), start=1):
        for n, line in enumerate(lines, start=1):
            if _PAGE_NUMBER.fullmatch(line.strip()):
                continue
            blocks.append(Line(line, f"page {number}, line {n}"))
    if not any(isinstance(b, Line) and b.text.strip() for b in blocks):
        raise InputError.of("published.pdf_no_text", name)
    return blocks
