"""The keys a notice file may have, the TOML types their values are written as, and the
names those types have in messages."""

from __future__ import annotations

import collections.abc
import datetime
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from ._notice import AttachmentSpec
from ._quota import Quota
from ._scoring import ScoringRules

__all__ = [
    "ATTACHMENT_KEYS",
    "COLUMN_FIGURES",
    "COMPARISON_KEYS",
    "DATA_KEYS",
    "ITEMS_KEYS",
    "ITEM_FIGURES",
    "NOTICE_KEYS",
    "QUOTA_KEYS",
    "SCORING_KEYS",
    "UNIT_KEYS",
    "_describe",
    "_is",
    "_kind_name",
]

NOTICE_KEYS: dict[str, str] = {
    "title": "标题: the notice's title",
    "issuer": "发文机关署名: the signing office",
    "date": "成文日期: a date such as 2018-05-10",
    "period": "the period counted: 2018-03/2018-04, 2018-Q1, 2018年3-4月 …",
    "addressees": "主送机关: a list of addressees",
    "body": "正文: a list of paragraphs (strings, or {heading = …} / {subheading = …})",
    "units": "the counts inline: [[units]] tables with name, group, submitted, adopted",
    "data": "the counts in a file: a .csv or .xlsx path relative to this file, or "
    '{ file = …, sheet = …, columns = { submitted = "本季度报送" } }; an item log: a '
    ".csv/.xlsx with 标题 and 报送日期 columns, a .parquet file, or "
    '{ url = "sqlite:///records.db", table = "submissions" } (or url_env, query)',
    "sheet": "the workbook sheet to read (default: the first)",
    "attachment": "the 附件 table: [attachment] with title, order, …",
    "doc_number": "发文字号: 城中政办〔2018〕12号",
    "header": "发文机关标志 for a red-header version",
    "note": "附注: 此件主动公开",
    "sealed": "true to lay out the signature for a seal",
    "cc": "抄送: a list of offices",
    "printed_by": "印发机关",
    "printed_date": "印发日期",
    "excluded": "units not counted: names, or {name = …, reason = …}",
    "options": "renderer options by format: [options.pdf], [options.docx] …",
    "comparison": "[comparison]: previous / year_ago counts, and a comparison table",
    "scoring": "[scoring]: levels, points per adoption at each level, caps (考核办法)",
    "quota": "[quota]: items each unit owes per period (任务数), and what they count",
    "items": "[items]: how an item log is counted: units, new_units, duplicates, "
    "window_days, similarity, time_zone, duplicates_title, adopted_values",
}
"""Every key a notice file may have, with what it is."""


def _toml_kind(hint: Any) -> tuple[type, ...]:
    """The TOML value types a field of this Python type is written as."""
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return (str,)
    if origin in (tuple, list, collections.abc.Sequence):
        return (list,)
    if origin in (dict, collections.abc.Mapping):
        return (dict,)
    if origin in (typing.Union, types.UnionType):
        return tuple(k for a in typing.get_args(hint) if a is not type(None) for k in _toml_kind(a))
    return (hint,)


def _keys_of(cls: type) -> dict[str, type | tuple[type, ...]]:
    """A table's keys and their TOML types, from the attrs class the table becomes."""
    hints = typing.get_type_hints(cls)
    kinds = {field.name: _toml_kind(hints[field.name]) for field in attrs.fields(cls)}
    return {key: kind[0] if len(kind) == 1 else kind for key, kind in kinds.items()}


COMPARISON_KEYS = ("previous", "year_ago", "table", "table_against")
ATTACHMENT_KEYS: dict[str, type | tuple[type, ...]] = {
    **_keys_of(AttachmentSpec),
    "year_to_date": bool,  # read by the loader: which counts to read
    "year_start": str,
}
"""The [attachment] keys: :class:`AttachmentSpec`'s fields, and the year-to-date ones."""
UNIT_KEYS = (
    "name",
    "group",
    "submitted",
    "adopted",
    "levels",
    "score",
    "quota",
    "instructions",
    "parent",
)
SCORING_KEYS = ("levels", *(field.name for field in attrs.fields(ScoringRules)))
"""The [scoring] keys: ``levels`` and :class:`ScoringRules`' fields."""
QUOTA_KEYS = tuple(field.name for field in attrs.fields(Quota))
DATA_KEYS = ("file", "sheet", "columns", "url", "url_env", "table", "query")
ITEM_FIGURES = ("unit", "group", "title", "submitted_on", "adopted", "level", "instructions")
"""What an item log's columns hold: ``data.columns`` maps them to headings or, for a
database, to its columns' names."""
ITEMS_KEYS = (
    "units",
    "new_units",
    "duplicates",
    "window_days",
    "similarity",
    "time_zone",
    "duplicates_title",
    "adopted_values",
)
"""The [items] keys (:class:`~tongbao._itemspec.ItemsSpec`)."""
COLUMN_FIGURES = (
    "unit",
    "group",
    "submitted",
    "adopted",
    "rate",
    "month",
    "score",
    "quota",
    "instructions",
    "completion",
    "parent",
    "no",
    "title",
    "submitted_on",
    "level",
)
"""Figures ``data.columns`` may name a heading for; also ``level:NAME`` and ``ytd_`` ones.
``title``, ``submitted_on`` and ``level`` are an item log's (:data:`ITEM_FIGURES`)."""


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


_KIND_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    Decimal: "a decimal number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    datetime.date: "a date",
}


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)


def _describe(value: Any) -> str:
    names: dict[type, Callable[[Any], str]] = {
        bool: lambda v: f"{str(v).lower()} (true/false)",
        int: lambda v: f"the number {v}",
        float: lambda v: f"the decimal number {v}",
        Decimal: lambda v: f"the decimal number {v}",
        str: lambda v: f"the text {v!r}",
        list: lambda v: "a list",
        dict: lambda v: "a table",
    }
    for kind, describe in names.items():
        if isinstance(value, kind):
            return describe(value)
    return type(value).__name__
