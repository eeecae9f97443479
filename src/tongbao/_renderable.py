"""What the built-in renderers would refuse, found when a notice is loaded.

``tongbao check`` must accept exactly what ``tongbao render`` can render, so a notice
file's ``[options.docx]`` and ``[options.pdf]`` are read here the way those renderers
read them; a value they would refuse is a problem placed at its key. Options of other
formats are checked by their renderer when it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

from .errors import OptionError

__all__ = ["option_problems"]

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
