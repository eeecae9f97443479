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

from ._problems import Collector
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
        name = attribute.name
        where = Location(None, name, path=(name,))
        raise InputError(Problem.of("limit.not_positive", where, field=name, value=repr(value)))


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


def _counted(count: int, allowed: int) -> dict[str, str]:
    """The parameters of a count beyond its limit: both written with thousands commas."""
    return {"count": f"{count:,}", "allowed": f"{allowed:,}"}


def _texts_beyond(
    found: Collector, texts: Iterable[tuple[str, str | None]], limits: Limits
) -> None:
    """A problem for each text longer than ``limits.text_length``."""
    allowed = limits.text_length
    for place, text in texts:
        if text is not None and len(text) > allowed:
            found.add("limit.text_length", place, **_counted(len(text), allowed))


def check_units(tallies: Iterable[Tally], limits: Limits, file: str | None) -> None:
    """Refuse more units than ``limits.units`` in ``tallies`` (read from ``file``).

    Raises:
        InputError: how many units, and the limit.
    """
    units = len({tally.unit.name for tally in tallies})
    if units > limits.units:
        raise InputError(Problem.of("limit.units", Location(file), **_counted(units, limits.units)))


def check_notice(notice: Notice, limits: Limits) -> None:
    """Refuse a :class:`~tongbao.Notice` beyond ``limits``: its units, paragraphs, texts.

    Raises:
        InputError: every limit it is beyond, each with its place.
    """
    found = Collector(notice.source)
    units = len({tally.unit.name for tally in notice.tallies})
    if units > limits.units:
        found.add("limit.units", "tallies", **_counted(units, limits.units))
    if len(notice.body) > limits.paragraphs:
        found.add("limit.paragraphs", "body", **_counted(len(notice.body), limits.paragraphs))
    texts: list[tuple[str, str | None]] = [
        ("title", notice.title),
        ("note", notice.note),
        *((f"body[{i}]", p.text) for i, p in enumerate(notice.body)),
        *((f"addressees[{i}]", a) for i, a in enumerate(notice.addressees)),
    ]
    _texts_beyond(found, texts, limits)
    found.raise_if_any()


def check_document(document: Document, limits: Limits) -> None:
    """Refuse a composed :class:`~tongbao.document.Document` beyond ``limits``.

    Raises:
        InputError: every limit it is beyond, each with its place.
    """
    rows = sum(1 for a in document.attachments for row in a.table.rows if row.kind == "unit")
    paragraphs = len(document.paragraphs)
    found = Collector()
    if rows > limits.units:
        found.add("limit.unit_rows", "attachments", **_counted(rows, limits.units))
    if paragraphs > limits.paragraphs:
        found.add("limit.paragraphs", "paragraphs", **_counted(paragraphs, limits.paragraphs))
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
    _texts_beyond(found, texts, limits)
    found.raise_if_any()
