"""The built-in DOCX renderer: a Word notice laid out per GB/T 9704-2012.

The file is what an office edits, signs and files, so every element has a named style
(公文标题, 公文正文, 公文附件标识 …) that a clerk can change in Word, rather than hard
formatting on each run. The attachment's table is built as XML text, a row at a time, and
streamed into ``word/document.xml`` as the zip is written (the python-docx cell API is
quadratic, and even parsing the rows into its tree costs more than writing them), and
the zip is written with fixed timestamps, so the same document always gives the same
bytes.

This module is what the plugin registry imports; python-docx is imported when a DOCX is
rendered, by :mod:`._build` (page setup, the notice's parts in the page order of
:mod:`tongbao.pageplan`, the 版记), with :mod:`._styles` (the template, read once per
process, and its named styles, made once per set of options), :mod:`._table` (the
attachment's table), :mod:`._package` (the zip) and :mod:`._xml` (runs and paragraphs
as text).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...document import Document
from ...hookspecs import hookimpl, read_options
from .._layout import PAGE_OPTIONS, check_page_options, declare_options

__all__ = ["DocxRenderer", "register_renderers"]

OPTIONS: dict[str, str | float | bool] = {
    **PAGE_OPTIONS,
    "title_font": "方正小标宋简体",
    "body_font": "仿宋_GB2312",
    "heading_font": "黑体",
    "kai_font": "楷体_GB2312",
    "latin_font": "Times New Roman",
    "page_number_font": "宋体",
    "chart_font_file": "",
}
"""Options and defaults: sizes in points, font names as Word knows them."""

DECLARED = declare_options(
    OPTIONS,
    {
        "title_font": "font of the title (小标宋), as Word names it",
        "body_font": "font of the body (仿宋), as Word names it",
        "heading_font": "font of 一、 headings (黑体), as Word names it",
        "kai_font": "font of （一） headings (楷体), as Word names it",
        "latin_font": "font of Latin letters and digits",
        "page_number_font": "font of the page numbers (宋体)",
        "chart_font_file": "a TrueType file for the chart's Chinese labels (default: found)",
    },
)
"""The options as ``tongbao formats`` shows them."""


class DocxRenderer:
    """Word (``-f docx``), GB/T 9704-2012 layout; see :data:`OPTIONS`."""

    name = "docx"
    suffix = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    options = DECLARED

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        values = check_page_options(read_options(options, OPTIONS, renderer="docx"), "docx")
        from ._build import Builder  # noqa: PLC0415 - python-docx only when rendering

        return Builder(document, values).build()


@hookimpl
def register_renderers(register: Any) -> None:
    register(DocxRenderer())
