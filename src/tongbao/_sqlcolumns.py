"""Which column of a database holds which figure, and how the values read.

A database's columns are mapped to the figures of an item (:data:`FIGURES`) by the
notice's ``columns`` or found under the figure's own name or an item file's heading;
adoption (是/否, 1/0 …), instruction and month values are read as item files read them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from ._headings import ITEM_ALIASES
from ._itemcells import NOT_INSTRUCTED, adopted_value, when_value
from ._problems import Collector
from .errors import InputError

__all__ = [
    "FIGURES",
    "NOT_INSTRUCTED",
    "adopted_value",
    "month_day",
    "resolve_columns",
    "text_of",
]

FIGURES = (
    "unit",
    "group",
    "title",
    "submitted_on",
    "adopted",
    "level",
    "instructions",
    "month",
    "count",
)
"""The figures a database's columns can be mapped to (``columns = {unit = "dept"}``).
``month`` is the local month, for engines whose dates tongbao cannot convert;
``count`` (only when mapped) says each row stands for that many items, for a summary
table or a query that has counted already."""

_HEADINGS: Mapping[str, tuple[str, ...]] = {
    **ITEM_ALIASES,
    "month": ("月份", "统计月份", "month"),
    "count": (),
}
"""Unmapped figures are looked for under their own name, then an item file's headings
(:data:`~tongbao._headings.ITEM_ALIASES`): one vocabulary for files and databases."""


def text_of(value: object) -> str | None:
    """A cell's text, ``None`` when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def month_day(value: object) -> datetime.date | None:
    """A day of a month column's value (``2024-03``, ``2024年3月``, a date): its month is
    what counts."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", value)
        if found and 1 <= int(found[2]) <= 12:
            return datetime.date(int(found[1]), int(found[2]), 1)
        day = when_value(value, _UTC)  # a date: no zone applies to a month's value
        return day if isinstance(day, datetime.date) else None
    return None


_UTC = ZoneInfo("UTC")


def resolve_columns(
    mapping: Mapping[str, str] | None, found: Sequence[str], name: str, where: str
) -> dict[str, str]:
    """Which column holds which figure: the mapping given, else the figure's own name
    or a heading (单位, 标题 …); checked against the columns ``found``."""
    mapping = dict(mapping or {})
    problems = Collector(name)
    shown = ", ".join(found) or "(none)"
    for figure in mapping:
        if figure not in FIGURES:
            problems.add(
                "database.unknown_figure", where, figure=repr(figure), known=", ".join(FIGURES)
            )
    folded = {c.casefold(): c for c in found}
    columns: dict[str, str] = {}
    for figure in FIGURES:
        if figure in mapping:
            wanted = mapping[figure]
            column = wanted if wanted in found else folded.get(str(wanted).casefold())
            if column is None:
                problems.add(
                    "database.no_column", where, figure=figure, column=repr(wanted), found=shown
                )
                continue
            columns[figure] = column
            continue
        if figure == "count":
            continue  # rows are items unless the mapping says they are counts
        for candidate in (figure, *_HEADINGS[figure]):
            column = candidate if candidate in found else folded.get(candidate.casefold())
            if column is not None:
                columns[figure] = column
                break
    problems.raise_if_any()
    needed = [("unit",), ("submitted_on", "month"), ("adopted", "level")]
    if "count" not in columns:
        needed.insert(1, ("title",))
    missing = [" or ".join(n) for n in needed if not any(f in columns for f in n)]
    if missing:
        raise InputError.of(
            "database.missing_figures", name, where, missing="; ".join(missing), found=shown
        )
    return columns
