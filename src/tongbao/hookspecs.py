"""The plugin contract: how a package adds an output format to tongbao.

A plugin is a module (or object) with a ``register_renderers`` hook implementation,
published under the entry-point group ``tongbao``::

    # pyproject.toml
    [project.entry - points.tongbao]
    html = "tongbao_html"

    # tongbao_html/__init__.py
    from tongbao.hookspecs import hookimpl


    @hookimpl
    def register_renderers(register):
        register(HtmlRenderer())

A renderer has a ``name`` (what users type after ``-f``), a file ``suffix``, a
``media_type`` and ``render(document, options) -> bytes``. ``document`` is the
resolved :class:`tongbao.document.Document`: every number and sentence is final, so a
renderer only lays it out. ``options`` are the user's ``KEY=VALUE`` pairs (strings from
the command line, any value from Python); read them with :func:`read_options`, which
rejects unknown ones. The built-in renderers register through this same hook.

This module is changed only by adding: hooks take few arguments, all tongbao's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

import pluggy

from .document import Document
from .errors import OptionError

__all__ = [
    "PROJECT",
    "OptionValue",
    "Renderer",
    "hookimpl",
    "hookspec",
    "read_options",
    "register_renderers",
]

PROJECT = "tongbao"
"""The pluggy project name and the entry-point group plugins publish under."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@runtime_checkable
class Renderer(Protocol):
    """An output format."""

    name: str
    """What users type: ``tongbao render -f NAME``; lowercase letters, digits, ``-``, ``_``."""
    suffix: str
    """The file suffix with its dot: ``.pdf``."""
    media_type: str
    """The IANA media type: ``application/pdf``."""

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        """The document in this format. Must not compute figures or choose wording."""
        ...


@hookspec
def register_renderers(register: Callable[[Renderer], None]) -> None:
    """Call ``register(renderer)`` once for each renderer this plugin provides."""


OptionValue = str | int | float | bool
"""The kinds of renderer option: the default's type decides how text is read."""


def _convert(name: str, value: Any, default: OptionValue) -> Any:
    kind = type(default)
    if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # line_pitch = 28 in a notice file is 28.0
    if not isinstance(value, str):
        raise OptionError(
            f"option {name} must be {kind.__name__}, not {type(value).__name__} {value!r}"
        )
    text = value.strip()
    if kind is bool:
        truth = {"true": True, "yes": True, "1": True, "on": True}
        falsity = {"false": False, "no": False, "0": False, "off": False}
        if text.lower() in truth | falsity:
            return (truth | falsity)[text.lower()]
        raise OptionError(f"option {name}={value!r}: expected true or false")
    if kind is str:
        return value  # text options are taken as written
    try:
        return kind(text)
    except ValueError:
        raise OptionError(f"option {name}={value!r}: expected {kind.__name__}") from None


def read_options(
    options: Mapping[str, Any],
    defaults: Mapping[str, OptionValue],
    *,
    renderer: str = "this format",
) -> dict[str, Any]:
    """Check ``options`` against ``defaults`` and fill in the rest.

    Values given as text (from the command line) are converted to the type of their
    default: ``"28"`` → 28.0 where the default is a float, ``"yes"`` → True.

    Raises:
        OptionError: an unknown option (the message lists the known ones), or a value
            that cannot be read as its default's type.
    """
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        known = ", ".join(sorted(defaults)) or "none"
        raise OptionError(
            f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} for "
            f"{renderer}; known: {known}"
        )
    values = dict(defaults)
    for name, value in options.items():
        values[name] = _convert(name, value, defaults[name])
    return values
