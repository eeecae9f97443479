"""The exceptions tongbao raises on purpose.

Everything derives from :class:`TongbaoError`. Bad input is an :class:`InputError`
carrying one or more :class:`Problem` s, each with the file and the place (line, row,
cell, key) where it was found, so a user can go straight to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = [
    "FontError",
    "InputError",
    "Location",
    "MissingGlyphError",
    "OptionError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "RenderError",
    "TongbaoError",
]


class TongbaoError(Exception):
    """Base of every error tongbao raises on purpose."""


class Location(NamedTuple):
    """Where in the input a problem is: a file and, when known, a place inside it.

    ``place`` is human text in the file's own terms: ``line 12``, ``row 7``,
    ``cell B7``, ``key attachment.order``.
    """

    file: str | None = None
    place: str | None = None

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.place) if p]
        return ", ".join(parts) if parts else "<input>"


class Problem(NamedTuple):
    """One thing wrong with the input: where, and what was expected."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class InputError(TongbaoError, ValueError):
    """The input is wrong. ``problems`` lists every problem found, in input order."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems = (problems,) if isinstance(problems, Problem) else tuple(problems)
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, message: str, file: str | None = None, place: str | None = None) -> InputError:
        """An error with one problem at ``file``/``place``."""
        return cls(Problem(Location(file, place), message))

    def __reduce__(self) -> tuple[type[InputError], tuple[Sequence[Problem]]]:
        return (type(self), (self.problems,))


class FontError(TongbaoError):
    """A font cannot be used: a named file is missing, unreadable or not TrueType."""


class MissingGlyphError(InputError, FontError):
    """The notice has characters its fonts cannot print (𠮷 in a unit's name).

    An :class:`InputError` whose problems name each place (``title``, ``paragraph 3``,
    ``attachment 1, row 12, column 单位``, ``signature`` …) and the characters, with
    their code points. ``hint`` says how to name other fonts, and which font files are
    in use: advice for the person running tongbao, kept out of the problems a form may
    show to the person who typed the text. :func:`tongbao.check_renderable` finds the
    same problems before rendering.
    """

    hint: str

    def __init__(self, problems: Problem | Iterable[Problem], hint: str = "") -> None:
        super().__init__(problems)
        self.hint = hint

    def __reduce__(self) -> tuple[type[InputError], tuple[Sequence[Problem], str]]:  # type: ignore[override]
        return (type(self), (self.problems, self.hint))


class OptionError(TongbaoError, ValueError):
    """An unknown format or renderer option, or an option value of the wrong kind."""


class RenderError(TongbaoError):
    """A renderer failed; the message names the format and the plugin that provides it."""


class PluginError(TongbaoError):
    """A plugin is broken: it failed to load, or registered something invalid or clashing.

    Raised only when ``TONGBAO_STRICT_PLUGINS=1`` (or ``strict=True``) or when the
    broken renderer is asked for; otherwise a :class:`PluginWarning` is issued and
    every other format keeps working.
    """


class PluginWarning(UserWarning):
    """A plugin was skipped; the message names the entry point and its distribution."""
