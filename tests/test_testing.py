"""The plugin authors' helper checks the built-in renderers and catches broken ones."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

import docx
import pypdf
import pytest

from tongbao.document import Document
from tongbao.hookspecs import read_options
from tongbao.renderers.docx import DocxRenderer
from tongbao.renderers.pdf import PdfRenderer
from tongbao.renderers.text import TextRenderer
from tongbao.testing import HOSTILE, check_renderer, sample_document


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


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
    check_renderer(renderer, text_of=text_of)


def html_text(data: bytes) -> str:
    return unescape(re.sub(r"<[^>]+>", "", data.decode()))


def test_the_html_example_passes() -> None:
    from tongbao_html import HtmlRenderer

    check_renderer(HtmlRenderer(), text_of=html_text)


class Careless:
    """Writes names into HTML without escaping."""

    name = "careless"
    suffix = ".html"
    media_type = "text/html"

    def render(self, document: Document, options: Any) -> bytes:
        read_options(options, {})
        rows = "".join(f"<p>{' '.join(r.cells)}</p>" for r in document.attachments[0].table.rows)
        return rows.encode()


class Unstable:
    name = "unstable"
    suffix = ".x"
    media_type = "text/plain"
    calls = 0

    def render(self, document: Document, options: Any) -> bytes:
        read_options(options, {})
        self.calls += 1
        return str(self.calls).encode()


class Lax:
    name = "lax"
    suffix = ".x"
    media_type = "text/plain"

    def render(self, document: Document, options: Any) -> bytes:
        return b"ok"


@pytest.mark.parametrize(
    ("renderer", "text_of", "message"),
    [
        (Careless(), html_text, "'<script>alert(1)</script>' does not come out literally"),
        (Unstable(), None, "different bytes"),
        (Lax(), None, "unknown option was accepted"),
    ],
    ids=["escaping", "determinism", "options"],
)
def test_broken_renderers_are_caught(renderer: Any, text_of: Any, message: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(message)):
        check_renderer(renderer, text_of=text_of)


def test_samples() -> None:
    assert len(sample_document().attachments[0].table.rows) == 5  # four units and 合计
    names = [r.cells[1] for r in sample_document(hostile=True).attachments[0].table.rows]
    assert all(h in names for h in HOSTILE)
