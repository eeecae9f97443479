"""Limits a service sets on other people's notices: how much tongbao reads and renders.

tongbao always keeps its built-in bounds (a data file of 64 MB, a workbook unpacking to
256 MB, 100,000 units: see docs/notice-file.md), which suit a clerk's own files on a
desktop. A :class:`Limits` tightens them for input from strangers, where every request
costs CPU time and memory: ``load``, ``loads`` and ``read_counts`` refuse a file beyond
its sizes before parsing it, and ``load``, ``loads`` and ``render`` refuse a notice with
more units or longer texts than it allows, each as an :class:`~tongbao.InputError`
saying which limit and where. A limit can only tighten a built-in bound, never lift it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from .errors import InputError, Location, Problem

if TYPE_CHECKING:
    from ._model import Tally
    from ._notice import Notice
    from .document import Document

__all__ = [
    "Limits",
    "active_limits",
    "check_document",
    "check_notice",
    "check_units",
    "file_limit",
    "limited",
    "unpacked_limit",
]


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError.at(
            f"Limits.{attribute.name} must be a whole number of at least 1, not {value!r}",
            place=attribute.name,
        )


@attrs.frozen
class Limits:
    """The most a service accepts in one request; every default is web-safe.

    The defaults let a city's notice through (a few hundred units, paragraphs of a page)
    while keeping one request to about a second of rendering and tens of MB of memory.
    ``Limits(units=20_000)`` changes one; ``attrs.evolve`` works too.
    """

    units: int = attrs.field(default=5_000, validator=_positive)
    """Units in a notice (the rows of its attachment table). Built in: 100,000."""
    text_length: int = attrs.field(default=5_000, validator=_positive)
    """Characters in any one text: the title, a paragraph, a note, a table cell."""
    paragraphs: int = attrs.field(default=500, validator=_positive)
    """Paragraphs of the body."""
    file_bytes: int = attrs.field(default=4 * 1024 * 1024, validator=_positive)
    """Bytes of any one input file, a notice file or a data file. Built in: 4 MB for a
    notice file, 64 MB for a data file."""
    unpacked_bytes: int = attrs.field(default=32 * 1024 * 1024, validator=_positive)
    """Bytes an XLSX workbook may unpack to (a zip bomb is refused before it is
    unpacked). Built in: 256 MB."""


_ACTIVE: contextvars.ContextVar[Limits | None] = contextvars.ContextVar(
    "tongbao_limits", default=None
)
"""The limits of the load in progress in this thread or asyncio task."""


def active_limits() -> Limits | None:
    """The :class:`Limits` of the ``load``/``read_counts`` call in progress, if any."""
    return _ACTIVE.get()


def file_limit(bound: int) -> int:
    """``bound`` (a built-in size bound), tightened by the active limits' ``file_bytes``."""
    active = _ACTIVE.get()
    return bound if active is None else min(bound, active.file_bytes)


def unpacked_limit(bound: int) -> int:
    """``bound`` (the built-in unpacked size), tightened by the active ``unpacked_bytes``."""
    active = _ACTIVE.get()
    return bound if active is None else min(bound, active.unpacked_bytes)


@contextlib.contextmanager
def limited(limits: Limits | None) -> Iterator[None]:
    """Within the block, the readers hold files to ``limits`` (``None``: built-in bounds)."""
    if limits is None:
        yield
        return
    token = _ACTIVE.set(limits)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _beyond(
    counts: Iterable[tuple[str | None, int, str, int, str]], file: str | None
) -> list[Problem]:
    """A problem for each ``(place, count, noun, allowed, field)`` whose count is over."""
    return [
        Problem(
            Location(file, place),
            f"{count:,} {noun}; at most {allowed:,} are accepted (Limits.{field})",
        )
        for place, count, noun, allowed, field in counts
        if count > allowed
    ]


def _texts_beyond(
    texts: Iterable[tuple[str, str | None]], limits: Limits, file: str | None
) -> list[Problem]:
    return _beyond(
        (
            (place, len(text), "characters", limits.text_length, "text_length")
            for place, text in texts
            if text is not None
        ),
        file,
    )


def check_units(tallies: Iterable[Tally], limits: Limits, file: str | None) -> None:
    """Refuse more units than ``limits.units`` in ``tallies`` (read from ``file``).

    Raises:
        InputError: how many units, and the limit.
    """
    units = len({tally.unit.name for tally in tallies})
    problems = _beyond([(None, units, "units", limits.units, "units")], file)
    if problems:
        raise InputError(problems)


def check_notice(notice: Notice, limits: Limits) -> None:
    """Refuse a :class:`~tongbao.Notice` beyond ``limits``: its units, paragraphs, texts.

    Raises:
        InputError: every limit it is beyond, each with its place.
    """
    file = notice.source
    units = len({tally.unit.name for tally in notice.tallies})
    problems = _beyond(
        [
            ("tallies", units, "units", limits.units, "units"),
            ("body", len(notice.body), "paragraphs", limits.paragraphs, "paragraphs"),
        ],
        file,
    )
    texts: list[tuple[str, str | None]] = [
        ("title", notice.title),
        ("note", notice.note),
        *((f"body[{i}]", p.text) for i, p in enumerate(notice.body)),
        *((f"addressees[{i}]", a) for i, a in enumerate(notice.addressees)),
    ]
    problems += _texts_beyond(texts, limits, file)
    if problems:
        raise InputError(problems)


def check_document(document: Document, limits: Limits) -> None:
    """Refuse a composed :class:`~tongbao.document.Document` beyond ``limits``.

    Raises:
        InputError: every limit it is beyond, each with its place.
    """
    rows = sum(1 for a in document.attachments for row in a.table.rows if row.kind == "unit")
    paragraphs = len(document.paragraphs)
    problems = _beyond(
        [
            ("attachments", rows, "unit rows", limits.units, "units"),
            ("paragraphs", paragraphs, "paragraphs", limits.paragraphs, "paragraphs"),
        ],
        None,
    )
    texts: list[tuple[str, str | None]] = [
        ("title", document.title),
        ("addressees", document.addressees),
        ("note", document.note),
        *((f"paragraphs[{i}]", p.text) for i, p in enumerate(document.paragraphs)),
        *((f"attachment_notes[{i}]", n) for i, n in enumerate(document.attachment_notes)),
    ]
    for number, attachment in enumerate(document.attachments):
        texts.append((f"attachments[{number}].title", attachment.title))
        texts.extend(
            (f"attachments[{number}].rows[{r}]", cell)
            for r, row in enumerate(attachment.table.rows)
            for cell in row.cells
        )
    problems += _texts_beyond(texts, limits, None)
    if problems:
        raise InputError(problems)
