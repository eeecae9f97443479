"""What the built-in renderers would refuse, found before rendering.

``tongbao check`` must accept exactly what ``tongbao render`` can render, so a notice
file's ``[options.docx]`` and ``[options.pdf]`` are read here the way those renderers
read them; a value they would refuse is a problem placed at its key. Options of other
formats are checked by their renderer when it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import OptionError, Problem

if TYPE_CHECKING:
    from ._notice import Notice
    from .document import Document

__all__ = ["check_renderable", "option_problems"]

_BUILT_IN = {"docx": ".renderers.docx", "pdf": ".renderers.pdf", "text": ".renderers.text"}


def option_problems(options: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """``(place, message)`` for each renderer option a built-in format would refuse."""
    from .hookspecs import read_options  # noqa: PLC0415
    from .renderers._layout import check_page_options  # noqa: PLC0415

    found: list[tuple[str, str]] = []
    for fmt, values in options.items():
        module = _BUILT_IN.get(fmt)
        if module is None:
            continue
        defaults = getattr(import_module(module, __package__), "OPTIONS", {})
        for key, value in values.items():
            try:
                read = read_options({key: value}, defaults, renderer=fmt)
                if fmt != "text":
                    check_page_options(read, fmt)
            except OptionError as exc:
                found.append((f"options.{fmt}", str(exc)))
    return found


def check_renderable(notice: Notice | Document, fmt: str, **options: Any) -> list[Problem]:
    """What keeps ``notice`` from rendering as ``fmt``: characters its fonts cannot print.

    A form can call this before rendering and show each problem next to its field: the
    problems are those :func:`tongbao.render` would raise as a
    :class:`~tongbao.errors.MissingGlyphError`, found by the same walk the renderer
    draws from, without laying pages out. ``options`` and the notice's
    ``[options.FORMAT]`` choose the fonts, as they do for rendering.

    Args:
        notice: the notice, or a document composed from one.
        fmt: a built-in format: ``pdf`` (every text, against the font of its role),
            ``docx`` (the chart, drawn as a picture) or ``text`` (nothing to check).
        options: the renderer's options, as for :func:`tongbao.render`.

    Returns:
        Each place and the characters there its font lacks; empty when it renders.

    Raises:
        OptionError: ``fmt`` is not a built-in format, or an option is wrong.
        FontError: a named font file cannot be used.
    """
    from ._compose import compose  # noqa: PLC0415
    from ._notice import Notice  # noqa: PLC0415

    if fmt not in _BUILT_IN:
        raise OptionError(f"check_renderable checks docx, pdf and text, not {fmt!r}")
    if isinstance(notice, Notice):
        options = {**notice.options.get(fmt, {}), **options}
        document = compose(notice)
    else:
        document = notice
    if fmt == "pdf":
        from .renderers.pdf import glyph_problems  # noqa: PLC0415

        return glyph_problems(document, options)
    if fmt == "docx":
        from .hookspecs import read_options  # noqa: PLC0415
        from .renderers._chartpng import chart_problems  # noqa: PLC0415
        from .renderers.docx import OPTIONS  # noqa: PLC0415

        font_file = str(read_options(options, OPTIONS, renderer="docx")["chart_font_file"])
        found: list[Problem] = []
        for number, attachment in enumerate(document.attachments, start=1):
            if attachment.chart is not None:
                where = f"attachment {number}, chart"
                found.extend(chart_problems(attachment.chart, font_file, where))
        return found
    return []
