"""The built-in PDF renderer: a print-ready notice per GB/T 9704-2012.

This module is what the plugin registry imports; it does not import reportlab. The
layout lives in modules loaded when a PDF is rendered:

- :mod:`._build`: the notice as a story of flowables, in page order (§7), and the glyph
  check read off the same walk;
- :mod:`._text`: paragraphs as justified lines of fixed pitch, and the closing
  (附件说明, 署名, 成文日期, 附注) that never leaves the body's last lines;
- :mod:`._table`: the attachment's table, split page by page from row heights measured
  once; :mod:`._chart`: its bar chart;
- :mod:`._marks`: the red rule, the 版记 and the page numbers;
- :mod:`._font`: a registered font per role (chosen by :mod:`.._fonts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...document import Document
from ...errors import Problem
from ...hookspecs import hookimpl, read_options
from .._fonts import ROLES
from .._layout import PAGE_OPTIONS, check_page_options, declare_options

__all__ = ["PdfRenderer", "content_pages", "glyph_problems", "register_renderers"]

OPTIONS: dict[str, str | float | bool] = {
    **PAGE_OPTIONS,
    "find_fonts": True,
    **{f"{role}_font_file": "" for role in ROLES},
}
"""Options and defaults: sizes in points; ``<role>_font_file`` names a TrueType file for
``title`` (小标宋), ``body`` (仿宋), ``heading`` (黑体), ``kai`` (楷体), ``page_number`` (宋体);
``find_fonts`` false uses only named files and otherwise the built-in STSong-Light."""

DECLARED = declare_options(
    OPTIONS,
    {
        "find_fonts": "look for installed Chinese fonts (false: only the named files)",
        **{
            f"{role}_font_file": f"a TrueType file for the {role.replace('_', ' ')} role"
            for role in ROLES
        },
    },
)
"""The options as ``tongbao formats`` shows them."""


class PdfRenderer:
    """PDF (``-f pdf``), GB/T 9704-2012 layout; see :data:`OPTIONS`."""

    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    options = DECLARED

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        from ._build import Builder  # noqa: PLC0415 - reportlab only when rendering

        values = check_page_options(read_options(options, OPTIONS, renderer="pdf"), "pdf")
        return Builder(document, values).build()


def glyph_problems(document: Document, options: Mapping[str, Any]) -> list[Problem]:
    """The places whose text the PDF's fonts (chosen by ``options``) cannot print.

    The same check :meth:`PdfRenderer.render` makes before laying anything out, read
    off the same walk over the document; nothing is laid out here.

    Raises:
        OptionError: an option is unknown or of the wrong kind.
        FontError: a named font file cannot be used.
    """
    from ._build import glyph_problems as find  # noqa: PLC0415

    values = check_page_options(read_options(options, OPTIONS, renderer="pdf"), "pdf")
    return find(document, values)


def content_pages(document: Document, options: Mapping[str, Any]) -> int:
    """How many pages the notice takes before its 版记, laid out as the PDF is.

    The DOCX asks, to know whether a blank page must come before its 版记 page (§7.4):
    LibreOffice ignores a section that should start on an even page. The built-in CID
    font is used (no font files are read); layout options are the same as the PDF's.
    """
    from ._build import content_pages as count  # noqa: PLC0415

    values = read_options(
        {k: v for k, v in options.items() if k in PAGE_OPTIONS}, OPTIONS, renderer="pdf"
    )
    values["find_fonts"] = False
    return count(document, values)


@hookimpl
def register_renderers(register: Any) -> None:
    register(PdfRenderer())
