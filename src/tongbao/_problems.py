"""Collecting problems: the one way every check of tongbao gathers what is wrong.

A :class:`Collector` belongs to one input (a notice built in Python, a notice file, a
data file). Each problem is added by its code and parameters (the English message comes
from the catalogue) and by where it is: a path in the notice (``("tallies", 1)``), or a
place in the file's own terms (``line 3, column 2``). :meth:`Collector.raise_if_any`
raises them all in one :class:`~tongbao.InputError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import InputError, Location, PathPart, Problem, located

__all__ = ["Collector", "Where", "fail", "path_of", "place_of"]

Where = str | tuple[PathPart, ...] | None
"""A place in the file's own terms, a path in the notice, or nowhere in particular."""

_STEP = r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]"  # re caches it once used: import stays cheap


def place_of(path: tuple[PathPart, ...]) -> str:
    """A path as the text problems have always shown: ``("tallies", 1)`` → ``tallies[1]``."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


def path_of(place: str) -> tuple[PathPart, ...]:
    """The reverse of :func:`place_of`: ``columns[2]`` is ``("columns", 2)``.

    Text that is no such path (``line 3``) gives ``()``.
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*", place):
        return ()
    return tuple(name if name else int(index) for name, index in re.findall(_STEP, place))


class Collector:
    """The problems found in one input, in the order found.

    Args:
        file: the file the problems are in (``None`` for values built in Python).
        locate: turns a notice path (as text, ``attachment.order``) into the file's
            place (``line 12, attachment.order``); by default the path is the place.
        limit: keep at most this many problems; the rest are counted and reported as
            one last problem (``input.more_problems``).
    """

    def __init__(
        self,
        file: str | None = None,
        *,
        locate: Callable[[str], str] | None = None,
        limit: int | None = None,
    ) -> None:
        self.file = file
        self.locate = locate
        self.limit = limit
        self.items: list[Problem] = []
        self.dropped = 0

    def __len__(self) -> int:
        return len(self.items) + self.dropped

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def location(self, where: Where) -> Location:
        """Where ``where`` is in this input (see :data:`Where`)."""
        if where is None:
            return Location(self.file)
        if isinstance(where, tuple):
            path, place = where, place_of(where)
            if self.locate is None:  # a path's text (tallies[1]) holds no row or column
                return Location(self.file, place, None, None, path)
        else:
            path, place = path_of(where), where
        if self.locate is not None and path:
            place = self.locate(place)
        return located(self.file, place, path)

    def add(self, code: str, where: Where = None, /, **params: Any) -> None:
        """Add the problem ``code`` (worded from the catalogue with ``params``) at ``where``."""
        self.append(Problem.of(code, self.location(where), **params))

    def append(self, problem: Problem) -> None:
        """Add a problem as it is, or count it when the limit is reached."""
        if self.limit is None or len(self.items) < self.limit:
            self.items.append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found elsewhere, as they are (skipping ones already here)."""
        for problem in problems:
            if problem not in self.items:
                self.append(problem)

    def adopt(self, error: InputError, where: Where, prefix: str = "") -> None:
        """Add the problems of ``error`` (raised by a value's constructor) at ``where``.

        Their code and parameters are kept and their paths put under ``where``'s
        (``None``: each is placed by its own path); ``prefix`` goes before the English
        message (``unit 3: ``) to name the item the file's place alone does not.
        """
        base = None if where is None else self.location(where)
        for problem in error.problems:
            own = problem.location.path
            if base is None:
                location = self.location(own) if own else Location(self.file)
            else:  # the place of ``where`` (tallies[4]), the path down to the field
                location = base._replace(path=base.path + own)
            self.append(problem._replace(location=location, message=prefix + problem.message))

    def problems(self) -> list[Problem]:
        """Every problem kept, and one saying how many more were found, if any."""
        if not self.dropped:
            return list(self.items)
        return [
            *self.items,
            Problem.of("input.more_problems", Location(self.file), count=self.dropped),
        ]

    def raise_if_any(self) -> None:
        """Raise every problem in one :class:`~tongbao.InputError`, if there is any."""
        if self.items:
            raise InputError(self.problems())


def fail(code: str, path: tuple[PathPart, ...] = (), /, **params: Any) -> InputError:
    """The error a value's constructor raises: one problem ``code`` about its field ``path``."""
    return InputError(Problem.of(code, Location(path=path), **params))
