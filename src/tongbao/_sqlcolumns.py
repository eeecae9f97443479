"""Which column of a database holds which figure, and how the values read.

A database's columns are mapped to the figures of an item (:data:`FIGURES`) by the
notice's ``columns`` or found under the figure's own name or an item file's heading;
adoption (是/否, 1/0 …), instruction and month values are read as item files read them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence

from ._problems import Collector
from ._sqldates import parse_when
from .errors import InputError

__all__ = [
    "FIGURES",
    "NOT_INSTRUCTED",
    "month_day",
    "resolve_columns",
    "text_of",
    "yes_no",
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
    "unit": ("单位", "报送单位"),
    "group": ("类别",),
    "title": ("标题", "信息标题", "题目"),
    "submitted_on": ("报送日期", "报送时间", "上报时间", "提交时间", "报送日期时间"),
    "adopted": ("是否采用", "是否采纳", "采用情况"),
    "level": ("采用级别", "采用栏目", "采用层级"),
    "instructions": ("批示", "领导批示"),
    "month": ("月份",),
    "count": (),
}
"""Unmapped figures are looked for under their own name, then these headings."""

_YES = frozenset({"是", "y", "yes", "1", "true", "t", "已采用", "采用", "已采纳", "采纳"})
_NO = frozenset({"否", "n", "no", "0", "false", "f", "未采用", "未采纳", "不采用", ""})
NOT_INSTRUCTED = ("", "否", "0", "n", "no", "false", "f", "无")
"""批示 values that mean none (compared trimmed and lower-cased); any other text is one."""


def yes_no(value: object) -> bool | None:
    """An adoption value (是/否, Y/N, 1/0, true/false, 已采用/未采用) or ``None``."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def text_of(value: object) -> str | None:
    """A cell's text, ``None`` when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def month_day(value: object) -> datetime.date | None:
    """The first day of a month column's value: ``2024-03``, ``2024年3月``, a date."""
    if isinstance(value, datetime.date):
        return value.replace(day=1) if not isinstance(value, datetime.datetime) else value.date()
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", value)
        if found and 1 <= int(found[2]) <= 12:
            return datetime.date(int(found[1]), int(found[2]), 1)
        when = parse_when(value)
        return when if when is None or not isinstance(when, datetime.datetime) else when.date()
    return None


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
