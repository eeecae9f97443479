"""The plugin contract: how a package adds an output format to tongbao.

A plugin is a module (or object) with a ``register_renderers`` hook implementation,
published under the entry-point group ``tongbao``::

.. code-block:: toml

    # pyproject.toml
    [project.entry-points.tongbao]
    html = "tongbao_html"

.. code-block:: python

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
rejects unknown ones. A renderer that lists its options as :class:`Option` s in an
``options`` attribute (and passes the same list to :func:`read_options`) has them
shown by ``tongbao formats`` and checked by ``tongbao check`` in a notice's
``[options.NAME]``. The built-in renderers register through this same hook.

This module is changed only by adding: hooks take few arguments, all tongbao's own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs
import pluggy

from .document import Document
from .errors import OptionError

__all__ = [
    "PROJECT",
    "Option",
    "OptionValue",
    "Renderer",
    "declared_options",
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


@attrs.frozen
class Option:
    """A renderer option as it declares itself: name, default, what it takes, one line of help.

    The default's type is the option's type (text from the command line is read as it).
    ``choices`` lists the values allowed (empty: any of the type); ``minimum`` and
    ``maximum`` bound a number (inclusive; a number must also be finite).
    """

    name: str
    default: OptionValue
    help: str
    choices: tuple[OptionValue, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def type(self) -> str:
        """``bool``, ``int``, ``float`` or ``str``."""
        return type(self.default).__name__

    def allowed(self) -> str:
        """What the option takes, in words: ``one of a, b``, ``12 to 72``, ``true or false``."""
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        if isinstance(self.default, bool):
            return "true or false"
        if self.minimum is not None and self.maximum is not None:
            return f"{self.type} from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"{self.type} from {self.minimum:g}"
        if self.maximum is not None:
            return f"{self.type} up to {self.maximum:g}"
        return "text" if isinstance(self.default, str) else self.type

    def as_dict(self) -> dict[str, Any]:
        """The declaration as JSON-ready values (``tongbao formats --json``)."""
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "allowed": self.allowed(),
            "choices": list(self.choices),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "help": self.help,
        }

    def check(self, value: Any, renderer: str) -> None:
        """Raise :class:`OptionError` naming ``renderer`` if ``value`` is not allowed."""
        if self.choices and value not in self.choices:
            raise OptionError(f"{renderer} option {self.name}={value!r}: expected {self.allowed()}")
        if isinstance(value, int | float) and not isinstance(value, bool):
            low = -math.inf if self.minimum is None else self.minimum
            high = math.inf if self.maximum is None else self.maximum
            if not math.isfinite(value) or not low <= value <= high:
                raise OptionError(
                    f"{renderer} option {self.name}={value!r}: expected {self.allowed()}"
                )


def declared_options(renderer: object) -> tuple[Option, ...] | None:
    """The :class:`Option` s ``renderer`` declares in its ``options`` attribute, or ``None``."""
    declared = getattr(renderer, "options", None)
    if not isinstance(declared, tuple | list) or not all(isinstance(o, Option) for o in declared):
        return None
    return tuple(declared)


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
    defaults: Mapping[str, OptionValue] | Sequence[Option],
    *,
    renderer: str = "this format",
) -> dict[str, Any]:
    """Check ``options`` against ``defaults`` (or declared :class:`Option` s); fill in the rest.

    Values given as text (from the command line) are converted to the type of their
    default: ``"28"`` → 28.0 where the default is a float, ``"yes"`` → True. Declared
    options are also held to their choices and range.

    Raises:
        OptionError: an unknown option (the message lists the known ones), or a value
            that cannot be read as its default's type or is not allowed; the message
            names ``renderer``.
    """
    if not isinstance(defaults, Mapping):
        declared = {o.name: o for o in defaults}
        values = read_options(
            options, {o.name: o.default for o in declared.values()}, renderer=renderer
        )
        for name in options:
            declared[name].check(values[name], renderer)
        return values
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        known = ", ".join(sorted(defaults)) or "none"
        raise OptionError(
            f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} for "
            f"{renderer}; known: {known}"
        )
    values = dict(defaults)
    for name, value in options.items():
        try:
            values[name] = _convert(name, value, defaults[name])
        except OptionError as exc:
            raise OptionError(f"{renderer}: {exc}") from None
    return values
