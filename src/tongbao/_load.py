"""Notice files (TOML) → :class:`~tongbao.Notice`, with every problem located.

A notice file holds the texts and options, and the units either inline
(``[[units]]``) or in a CSV/XLSX file named by ``data``. Unknown keys are errors with
a did-you-mean; wrong types name the key and its line; problems are collected so one
run reports them all.

Loading has two stages. **Parse** turns the TOML into a :class:`NoticeFile`, a plain
immutable description: every key checked, no data file read. **Resolve** reads each
data file once for every period it serves (this one, the previous, a year ago, the
year to date), drops the excluded units in one place and builds the Notice. Neither
stage depends on the order in which its steps run: each step reads the TOML (or the
description) and returns a value.
"""

from __future__ import annotations

import bisect
import collections.abc
import datetime
import difflib
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from ._data import DataTable, Header, paused_gc, read_tables
from ._files import confine, read_bounded
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, ComparisonTable, Excluded, Notice
from ._period import Period
from ._quota import Quota
from ._renderable import option_problems
from ._scoring import ScoringRules
from ._template import TemplateError, placeholders_in
from .document import Paragraph
from .errors import InputError, Location, Problem

__all__ = [
    "NOTICE_KEYS",
    "DataSource",
    "Loaded",
    "NoticeFile",
    "load",
    "load_with_sources",
    "read_notice",
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
    '{ file = …, sheet = …, columns = { submitted = "本季度报送" } }',
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
DATA_KEYS = ("file", "sheet", "columns")
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
)
"""Figures ``data.columns`` may name a heading for; also ``level:NAME`` and ``ytd_`` ones."""
MAX_NOTICE_BYTES = 4 * 1024 * 1024
"""The largest notice file read (4 MiB)."""
MAX_UNKNOWN_KEYS = 50
"""Unknown keys reported one by one in a table; the rest are counted."""
MAX_NESTING = 16
"""How deeply lists and tables may nest in a notice file (a notice needs 3)."""
MAX_EXPONENT = 100
"""A decimal number in a notice file is within 1e±100 (1e999999999 is refused)."""
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class _Locator:
    """Finds the line of a key in the TOML text, so problems can point at it.

    The lines are indexed once (table headers and keys, by name), so placing each of
    80,000 problems is a lookup, not a scan of the file from the top.
    """

    _TABLE = re.compile(r"\s*\[\[?\s*([^\[\]]*?)\s*\]")
    _KEY = re.compile(r"\s*([^\s=]+)\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[str, list[int]] = {}
        self.keys: dict[str, list[int]] = {}
        self.items: dict[int, list[int]] = {}
        for number, line in enumerate(self.lines):
            if table := self._TABLE.match(line):
                self.tables.setdefault(table[1], []).append(number)
            if key := self._KEY.match(line):
                self.keys.setdefault(key[1], []).append(number)

    @staticmethod
    def _from(numbers: list[int] | None, start: int) -> int | None:
        """The first of the sorted line ``numbers`` at or after ``start``."""
        if not numbers:
            return None
        at = bisect.bisect_left(numbers, start)
        return numbers[at] if at < len(numbers) else None

    def _table(self, name: str, index: int = 0) -> int | None:
        found = self.tables.get(name, [])
        return found[index] if index < len(found) else None

    def _key(self, key: str, start: int = 0) -> int | None:
        return self._from(self.keys.get(key), start)

    def line(self, path: str) -> int | None:
        """1-based line of a field path such as ``title``, ``body[2]``, ``attachment.order``."""
        match = re.fullmatch(r"([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?(?:\[(\d+)\])?", path)
        if not match:
            return None
        key, index, sub = match[1], match[2], match[3]
        if sub and match[4] is not None:  # attachment.columns[3]: an item of [key]'s sub
            table = self._table(key)
            item = self._item(sub, int(match[4]), table + 1 if table is not None else 0)
            return None if item is None else item + 1
        if key == "tallies":  # the notice's units, written as [[units]] tables
            key = "units"
        found: int | None
        if index is not None and self._table(key) is not None:
            # the index-th [[key]] table, and the sub-key inside it
            table = self._table(key, int(index))
            found = self._key(sub, table + 1) if sub and table is not None else None
            found = found if found is not None else table
        elif sub:
            # [key.sub] as a table of its own, or sub = … inside [key]
            found = self._table(f"{key}.{sub}")
            if found is None:
                table = self._table(key)
                found = self._key(sub, table + 1) if table is not None else None
                if found is None:
                    found = table
        elif index is not None:
            found = self._item(key, int(index))
        else:
            found = self._key(key)
        if found is None and key == "units":
            found = self._key("units")
        return None if found is None else found + 1

    def _item(self, key: str, index: int, after: int = 0) -> int | None:
        """The line where item ``index`` of a one-item-per-line array starts."""
        start = self._key(key, after)
        if start is None:
            return None
        if start not in self.items:  # by the line it starts on: a key may recur
            found = []
            for number in range(start, len(self.lines)):
                text = self.lines[number]
                body = text.split("=", 1)[1] if number == start else text
                stripped = body.strip().lstrip("[").strip()
                if stripped.startswith(('"', "'", "{")):
                    found.append(number)
                if stripped.endswith("]") and not stripped.endswith("]]"):
                    break
            self.items[start] = found
        found = self.items[start]
        return found[index] if index < len(found) else start

    def place(self, path: str) -> str:
        line = self.line(path)
        shown = path.replace("tallies[", "units[")  # the file's own key
        return f"line {line}, {shown}" if line else shown


@attrs.frozen
class Loaded:
    """A notice as loaded, with the header of each data file read for it, and every
    file read: the notice, data, comparison and font files."""

    notice: Notice
    headers: tuple[Header, ...]
    sources: tuple[Path, ...] = ()


def load(path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None) -> Notice:
    """Read a notice file (TOML) and the data file it names.

    Args:
        path: the notice file.
        root: when given, refuse data, comparison and font files outside this folder
            (symlinks and ``..`` resolved): for servers loading notices written by others.

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    return read_notice(path, root=root).notice


def load_with_sources(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
) -> tuple[Notice, tuple[Path, ...]]:
    """:func:`load`, and every file it read: the notice, data, comparison and font files."""
    loaded = read_notice(path, root=root)
    return loaded.notice, loaded.sources


def read_notice(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
) -> Loaded:
    """:func:`load`, and which data column was read as which figure (``check -v``), and
    every file read (:func:`load_with_sources`).

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    file = Path(path)
    name = str(file)
    raw = read_bounded(file, MAX_NOTICE_BYTES, "notice file", hint="keep the counts in a data file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            "a notice file must be UTF-8 text (save it as UTF-8)", name, f"byte {exc.start}"
        ) from None
    data = _parse_toml(text, name)
    folder = Path(root) if root is not None else None
    locate = _Locator(text)
    parsed = _Parser(name, locate, data, root=folder).parse()
    with paused_gc():  # 100,000 tallies and their checks: no cycles to collect
        loaded = _Resolver(parsed, file.parent, name, locate, root=folder).resolve()
    return attrs.evolve(loaded, sources=(file, *loaded.sources))


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    try:
        # Decimals, not binary floats: 0.5 points or 12.5 scores stay exactly as written.
        data = tomllib.loads(text, parse_float=_bounded_float)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        place = f"line {position[1]}, column {position[2]}" if position else None
        message = _TOML_POSITION.sub("", message).strip()
        raise InputError.at(f"not valid TOML: {message}", name, place) from None
    except RecursionError:
        raise InputError.at(
            f"not valid TOML: nested more than {MAX_NESTING} levels deep", name
        ) from None
    except ValueError as exc:  # an integer beyond Python's digit limit, or a bound below
        message = str(exc)
        if "integer string conversion" in message:
            message = "a whole number of more than 4,300 digits; no notice needs it"
        raise InputError.at(f"not valid TOML: {message}", name) from None
    if _depth(data) > MAX_NESTING:
        raise InputError.at(f"not valid TOML: nested more than {MAX_NESTING} levels deep", name)
    return data


def _bounded_float(text: str) -> Decimal:
    """A TOML float as a Decimal, refusing exponents no notice needs (``1e999999999``)."""
    try:
        value = Decimal(text)
    except InvalidOperation:  # an exponent beyond even Decimal's range
        raise ValueError(
            f"the number {text[:40]}… is beyond 1e±{MAX_EXPONENT}; no notice needs it"
        ) from None
    if value.is_finite() and value and abs(value.adjusted()) > MAX_EXPONENT:
        raise ValueError(f"the number {text[:40]} is beyond 1e±{MAX_EXPONENT}; no notice needs it")
    return value


def _depth(value: Any) -> int:
    """How deeply lists and tables nest in ``value`` (a scalar is 0)."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_NESTING:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


@attrs.frozen
class DataSource:
    """A data file a notice names: its path (relative to the notice), sheet, headings."""

    file: str
    sheet: str | None = None
    columns: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    key: str = "data"
    """The notice's key that names it, for messages: ``data``, ``comparison.previous``."""


@attrs.frozen(kw_only=True)
class NoticeFile:
    """A notice file parsed: everything it says, checked, with no data file read yet.

    ``fields`` holds the :class:`Notice`'s fields that need no data; the counts come
    from ``units`` (inline) or the data sources, read by the resolve stage.
    """

    fields: Mapping[str, Any] = attrs.field(hash=False)
    period: Period | None
    units: tuple[Tally, ...] | None
    data: DataSource | None
    previous: DataSource | None
    year_ago: DataSource | None
    year_to_date: Period | None
    levels: tuple[str, ...]
    problems: tuple[Problem, ...]
    files: tuple[Path, ...] = ()
    """Files the notice names that are read by others (fonts, by the renderers)."""


class _Parser:
    """The parse stage: the TOML's keys → :class:`NoticeFile`; collects problems only."""

    def __init__(
        self, name: str, locate: _Locator, data: dict[str, Any], *, root: Path | None = None
    ) -> None:
        self.name = name
        self.locate = locate
        self.data = data
        self.root = root
        self.problems: list[Problem] = []
        self.read: list[Path] = []
        """Font files the notice names: confined to ``root``, refused as outputs."""

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(Location(self.name, self.locate.place(path)), message))

    def unknown_keys(self, table: dict[str, Any], known: Any, prefix: str = "") -> None:
        unknown = [key for key in table if key not in known]
        for key in unknown[:MAX_UNKNOWN_KEYS]:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            where = f"{prefix}{key}"
            self.add(where, f"unknown key {where!r}{hint} (known: {', '.join(known)})")
        if len(unknown) > MAX_UNKNOWN_KEYS:
            rest = len(unknown) - MAX_UNKNOWN_KEYS
            self.problems.append(
                Problem(Location(self.name), f"… and {rest:,} more unknown keys not shown")
            )

    def get(self, key: str, kind: type | tuple[type, ...], *, required: bool = False) -> Any:
        if key not in self.data:
            if required:
                self.problems.append(
                    Problem(Location(self.name), f"missing {key!r}: {NOTICE_KEYS[key]}")
                )
            return None
        value = self.data[key]
        if not _is(value, kind):
            self.add(key, f"{key} must be {_kind_name(kind)}, not {_describe(value)}")
            return None
        return value

    def title(self) -> str | tuple[str, ...] | None:
        """The title, or its lines when given as a list of strings."""
        value = self.get("title", (str, list), required=True)
        return self.strings("title") if isinstance(value, list) else value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, (list, str))
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        good = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                good.append(item)
            else:
                self.add(f"{key}[{i}]", f"{key}[{i}] must be text, not {_describe(item)}")
        return tuple(good)

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        value = self.get(key, (datetime.date, str), required=required)
        if isinstance(value, datetime.datetime):
            self.add(key, f"{key} must be a date without a time, such as 2018-05-10")
            return None
        if isinstance(value, str):
            parsed = _parse_date(value)
            if parsed is None:
                self.add(key, f"{key} is {value!r}; expected a date such as 2018-05-10")
            return parsed
        return value  # type: ignore[no-any-return]

    def period(self) -> Period | None:
        value = self.get("period", str, required=True)
        if value is None:
            return None
        try:
            return Period.parse(value)
        except ValueError as exc:
            self.add("period", str(exc))
            return None

    def body(self) -> tuple[Paragraph, ...]:
        value = self.get("body", (list, str))
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        paragraphs = []
        for i, item in enumerate(items):
            where = f"body[{i}]"
            if isinstance(item, str):
                paragraphs.append(Paragraph(item))
            elif (
                isinstance(item, dict)
                and len(item) == 1
                and next(iter(item))
                in (
                    "heading",
                    "subheading",
                )
            ):
                kind, text = next(iter(item.items()))
                if isinstance(text, str):
                    paragraphs.append(Paragraph(text, 1 if kind == "heading" else 2))
                else:
                    self.add(where, f"{where}.{kind} must be text, not {_describe(text)}")
            else:
                self.add(
                    where,
                    f"{where} must be a paragraph (text) or {{heading = …}} / "
                    f"{{subheading = …}}, not {_describe(item)}",
                )
        return tuple(paragraphs)

    def excluded(self) -> tuple[Excluded, ...]:
        value = self.get("excluded", list)
        out = []
        for i, item in enumerate(value or ()):
            where = f"excluded[{i}]"
            try:
                if isinstance(item, str):
                    out.append(Excluded(item))
                elif isinstance(item, dict) and set(item) <= {"name", "reason"} and "name" in item:
                    reason = item.get("reason", "")
                    if not isinstance(reason, str):
                        raise TypeError(f"reason must be text, not {_describe(reason)}")
                    out.append(Excluded(item["name"], reason))
                else:
                    self.add(where, f"{where} must be a name or {{name = …, reason = …}}")
            except (TypeError, ValueError) as exc:
                self.add(where, f"{where}: {exc}")
        return tuple(out)

    def columns(self, items: list[Any]) -> tuple[ColumnSpec, ...]:
        found = []
        for i, item in enumerate(items):
            where = f"attachment.columns[{i}]"
            if isinstance(item, str):
                found.append(ColumnSpec(item))
            elif (
                isinstance(item, dict)
                and set(item) <= {"figure", "heading", "group"}
                and isinstance(item.get("figure"), str)
            ):
                found.append(ColumnSpec(item["figure"], item.get("heading"), item.get("group")))
            else:
                self.add(
                    where, f"{where} must be a figure or {{figure = …, heading = …, group = …}}"
                )
        return tuple(found)

    def scoring(self) -> tuple[ScoringRules | None, tuple[str, ...]]:
        table = self.get("scoring", dict)
        if table is None:
            return None, ()
        self.unknown_keys(table, SCORING_KEYS, "scoring.")
        levels = table.get("levels")
        if levels is not None and (
            not isinstance(levels, list) or not all(isinstance(x, str) for x in levels)
        ):
            self.add(
                "scoring.levels",
                f"scoring.levels must be a list of level names, not {_describe(levels)}",
            )
            return None, ()
        if "points" not in table:
            if levels is None:
                self.add(
                    "scoring",
                    "missing scoring.points (points = { 市政府网 = 5 }), or scoring.levels "
                    "for adoptions by level without rules",
                )
                return None, ()
            rest = [k for k in SCORING_KEYS[2:] if k in table]
            if rest:
                self.add(f"scoring.{rest[0]}", f"scoring.{rest[0]} needs scoring.points")
            return None, tuple(levels)  # adoptions by level; scores as supplied, if any
        points = table["points"]
        if not isinstance(points, dict):
            self.add(
                "scoring.points",
                f"scoring.points must be a table (level = points per adoption), not "
                f"{_describe(points)}",
            )
            return None, ()
        if not points:
            self.add(
                "scoring.points",
                "scoring.points is empty: give points per adoption ({ 市政府网 = 5 }), "
                "or leave points out to use supplied scores",
            )
            return None, ()
        if levels is None:
            levels = [k for k in points if k != "adopted"]
        unknown = [k for k in points if k != "adopted" and k not in levels]
        if unknown:
            self.add(
                "scoring.points", f"points for {', '.join(unknown)}, which scoring.levels lacks"
            )
        try:
            rules = ScoringRules(
                points=points, **{k: table[k] for k in SCORING_KEYS[2:] if k in table}
            )
        except (TypeError, ValueError) as exc:
            self.add("scoring", f"scoring: {exc}")
            return None, tuple(levels)
        return rules, tuple(levels)

    def quota(self) -> Quota | None:
        table = self.get("quota", dict)
        if table is None:
            return None
        self.unknown_keys(table, QUOTA_KEYS, "quota.")
        items = table.get("items")
        if items is not None and not _is(items, int):
            self.add("quota.items", f"quota.items must be a whole number, not {_describe(items)}")
            return None
        counts = table.get("counts", "submitted")
        if counts not in ("submitted", "adopted"):
            self.add("quota.counts", f'quota.counts is "submitted" or "adopted", not {counts!r}')
            return None
        try:
            return Quota(items=items, counts=counts)
        except (TypeError, ValueError) as exc:
            self.add("quota.items", f"quota.items: {exc}")
            return None

    def source(self) -> tuple[str | None, str | None, dict[str, str]]:
        """The data file, its sheet and the headings the notice names for its figures."""
        value = self.data.get("data")
        if value is None or isinstance(value, str):
            sheet = self.get("sheet", str)
            return value, sheet, {}
        if not isinstance(value, dict):
            self.add("data", f"data must be a file's path or a table, not {_describe(value)}")
            return None, None, {}
        self.unknown_keys(value, DATA_KEYS, "data.")
        if "sheet" in self.data:
            self.add("sheet", "give the sheet inside data = { file = …, sheet = … }")
        file, sheet, columns = value.get("file"), value.get("sheet"), value.get("columns", {})
        if not isinstance(file, str):
            self.add("data", f"data.file must be the data file's path, not {_describe(file)}")
            return None, None, {}
        if sheet is not None and not isinstance(sheet, str):
            self.add("data.sheet", f"data.sheet must be text, not {_describe(sheet)}")
            sheet = None
        if not isinstance(columns, dict):
            self.add("data.columns", f"data.columns must be a table, not {_describe(columns)}")
            return file, sheet, {}
        good = {}
        for figure, heading in columns.items():
            base = figure.removeprefix("ytd_")
            if base not in COLUMN_FIGURES and not (
                base.startswith("level:") and base.removeprefix("level:")
            ):
                close = difflib.get_close_matches(figure, COLUMN_FIGURES, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.add(
                    "data.columns",
                    f"data.columns: {figure!r} is not a figure{hint} (known: "
                    f"{', '.join(COLUMN_FIGURES)}, level:NAME, each also with ytd_)",
                )
            elif not isinstance(heading, str) or not heading.strip():
                self.add(
                    "data.columns",
                    f"data.columns.{figure} must be the column's heading, not {_describe(heading)}",
                )
            else:
                good[figure] = heading
        return file, sheet, good

    def attachment(self) -> tuple[AttachmentSpec | None, bool, str | None]:
        """The attachment spec, whether it wants year-to-date counts, and from when."""
        table = self.get("attachment", dict)
        if table is None:
            return None, False, None
        self.unknown_keys(table, ATTACHMENT_KEYS, "attachment.")
        options: dict[str, Any] = {}
        for key, kind in ATTACHMENT_KEYS.items():
            if key not in table:
                continue
            value = table[key]
            if not _is(value, kind):
                self.add(
                    f"attachment.{key}",
                    f"attachment.{key} must be {_kind_name(kind)}, not {_describe(value)}",
                )
                continue
            options[key] = value
        if "groups" in options and not all(isinstance(g, str) for g in options["groups"]):
            self.add("attachment.groups", "attachment.groups must be a list of group names")
            del options["groups"]
        if "columns" in options:
            options["columns"] = self.columns(options["columns"])
        start = options.pop("year_start", None)
        ytd = bool(options.pop("year_to_date", False))
        if "title" not in options:
            if "title" not in table:
                self.add("attachment", "the [attachment] table needs a title")
            return None, ytd, start
        return AttachmentSpec(**options), ytd, start

    def options(self) -> dict[str, dict[str, Any]]:
        table = self.get("options", dict)
        found: dict[str, dict[str, Any]] = {}
        for fmt, values in (table or {}).items():
            where = f"options.{fmt}"
            if not isinstance(values, dict):
                self.add(where, f"{where} must be a table of KEY = VALUE, not {_describe(values)}")
                continue
            found[fmt] = {}
            for key, value in values.items():
                if isinstance(value, Decimal):
                    value = float(value)  # noqa: PLW2901 - renderer options are plain floats
                if not _is(value, (str, int, float, bool)):
                    self.add(where, f"{where}.{key} must be text, a number or true/false")
                    continue
                if key.endswith("_file") and isinstance(value, str) and value.strip():
                    # File options are relative to the notice file, like data.
                    target = Path(self.name).parent / Path(value).expanduser()
                    try:
                        confine(target, self.root, "file")
                    except InputError as exc:
                        self.add(where, exc.problems[0].message)
                        continue
                    self.read.append(target)
                    found[fmt][key] = str(target)
                else:
                    found[fmt][key] = value
        return found

    def comparison(
        self, data: DataSource | None
    ) -> tuple[DataSource | None, DataSource | None, ComparisonTable | None]:
        """The previous period's and a year ago's data sources, and the comparison table."""
        table = self.get("comparison", dict)
        if not table:
            return None, None, None
        self.unknown_keys(table, COMPARISON_KEYS, "comparison.")
        sides: dict[str, DataSource | None] = {}
        for key in ("previous", "year_ago"):
            value = table.get(key)
            where = f"comparison.{key}"
            sides[key] = None
            if value is None or value is False:
                continue
            if value is True:
                if data is None:
                    self.add(where, f'{where} = true needs monthly counts in data = "…"')
                else:
                    sides[key] = attrs.evolve(data, key=where)
            elif isinstance(value, str):
                sides[key] = DataSource(value, key=where)
            else:
                self.add(
                    where, f"{where} must be a data file's path or true, not {_describe(value)}"
                )
        spec = None
        title = table.get("table")
        if title is not None:
            against = table.get("table_against", "previous")
            if not isinstance(title, str):
                self.add("comparison.table", "comparison.table must be the table's title (text)")
            elif against not in ("previous", "year_ago"):
                self.add("comparison.table_against", "table_against is previous or year_ago")
            else:
                spec = ComparisonTable(title=title, against=against)
        return sides["previous"], sides["year_ago"], spec

    def year_to_date(self, period: Period | None, wanted: bool, start: str | None) -> Period | None:
        """From the start of the year (or ``year_start``) to the period's end (累计)."""
        if not wanted or period is None:
            return None
        year, _ = period.last
        first = (year, 1)
        if start:
            try:
                first = Period.parse(start).first
            except ValueError as exc:
                self.add("attachment.year_start", str(exc))
                return None
        begin = Period.months_of(*first)
        if begin.start > period.start:
            self.add("attachment.year_start", "year_start is after the period's first month")
            return None
        return Period(begin.start, period.end, "months")

    def counts(self, period: Period | None) -> tuple[tuple[Tally, ...] | None, DataSource | None]:
        """The inline units, or the data file that holds the counts."""
        units, data = self.data.get("units"), self.data.get("data")
        if units is not None and data is not None:
            self.add("data", "give the counts either inline as [[units]] or as data = …, not both")
            return None, None
        if data is not None:
            file, sheet, columns = self.source()
            return None, None if file is None else DataSource(file, sheet, columns)
        if units is None:
            self.problems.append(
                Problem(
                    Location(self.name),
                    'no counts: add [[units]] tables, or data = "counts.csv" / "counts.xlsx"',
                )
            )
            return None, None
        if "sheet" in self.data:
            self.add("sheet", 'sheet goes with data = "….xlsx", not with [[units]]')
        if not isinstance(units, list):
            self.add("units", f"units must be [[units]] tables, not {_describe(units)}")
            return None, None
        return tuple(self.inline_units(units, period)), None

    def inline_units(self, units: list[Any], period: Period | None) -> list[Tally]:
        tallies = []
        for i, item in enumerate(units):
            where = f"tallies[{i}]"
            if not isinstance(item, dict):
                self.add(where, f"unit {i + 1} must be a table, not {_describe(item)}")
                continue
            self.unknown_keys(item, UNIT_KEYS, f"units[{i}].")
            required = ("name",) if "levels" in item else ("name", "submitted", "adopted")
            missing = [k for k in required if k not in item]
            if missing:
                self.add(where, f"unit {i + 1} is missing {', '.join(missing)}")
                continue
            if period is None:
                continue
            try:
                unit = Unit(item["name"], group=item.get("group"))
                levels = item.get("levels", {})
                if not isinstance(levels, dict):
                    raise TypeError("levels must be a table: level = adoptions")
                adopted = item.get("adopted", sum(v for v in levels.values() if isinstance(v, int)))
                tallies.append(
                    Tally(
                        unit,
                        period,
                        item.get("submitted"),
                        adopted,
                        levels=levels,
                        score=item.get("score"),
                        quota=item.get("quota"),
                        instructions=item.get("instructions"),
                        parent=item.get("parent"),
                    )
                )
            except (TypeError, ValueError) as exc:
                self.add(where, f"unit {i + 1}: {exc}")
        return tallies

    def parse(self) -> NoticeFile:
        """Every key of the notice file, checked: the description the resolve stage reads."""
        self.unknown_keys(self.data, NOTICE_KEYS)
        period = self.period()
        rules, levels = self.scoring()
        attachment, ytd, ytd_start = self.attachment()
        body = self.body()
        units, data = self.counts(period)
        previous, year_ago, comparison = self.comparison(data)
        options = self.options()
        for place, message in option_problems(options):
            self.add(place, message)
        fields: dict[str, Any] = {
            "title": self.title(),
            "issuer": self.get("issuer", str, required=True),
            "date": self.date("date", required=True),
            "period": period,
            "addressees": self.strings("addressees"),
            "body": body,
            "attachment": attachment,
            "doc_number": self.get("doc_number", str),
            "header": self.get("header", str),
            "note": self.get("note", str),
            "sealed": self.get("sealed", bool) or False,
            "cc": self.strings("cc"),
            "printed_by": self.get("printed_by", str),
            "printed_date": self.date("printed_date"),
            "excluded": self.excluded(),
            "options": options,
            "scoring": rules,
            "quota": self.quota(),
            "comparison": comparison,
        }
        mapping = data.columns if data is not None else {}
        return NoticeFile(
            fields=fields,
            period=period,
            units=units,
            data=data,
            previous=previous,
            year_ago=year_ago,
            year_to_date=self.year_to_date(period, ytd, ytd_start),
            levels=_levels_named(levels, attachment, body, dict(mapping)),
            problems=tuple(self.problems),
            files=tuple(self.read),
        )


class _Resolver:
    """The resolve stage: each data file read once for all its periods, then the Notice."""

    def __init__(
        self,
        parsed: NoticeFile,
        folder: Path,
        name: str,
        locate: _Locator,
        *,
        root: Path | None = None,
    ) -> None:
        self.parsed = parsed
        self.folder = folder
        self.name = name
        self.locate = locate
        self.root = root
        self.files: list[Path] = list(parsed.files)
        """Every file read besides the notice: data, comparison and font files."""
        self.problems = list(parsed.problems)
        self.headers: list[Header] = []
        self.rows: dict[str, tuple[DataTable, bool]] = {}

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(Location(self.name, self.locate.place(path)), message))

    def periods(self) -> dict[str, Period]:
        """Each list of tallies the notice needs, by its Notice field, and its period."""
        parsed, period = self.parsed, self.parsed.period
        if period is None:
            return {}
        wanted = {"tallies": period}
        others = _other_periods(period)  # none before year 1
        for field, source in (("previous", parsed.previous), ("year_ago", parsed.year_ago)):
            if source is None:
                continue
            if field in others:
                wanted[field] = others[field]
            else:
                self.add(source.key, f"{period.label()} has no {field.replace('_', ' ')} period")
        if parsed.year_to_date is not None:
            wanted["year_to_date"] = parsed.year_to_date
        return wanted

    def sources(self) -> dict[str, DataSource]:
        """Which data source serves each list of tallies (inline units need none)."""
        parsed = self.parsed
        found: dict[str, DataSource] = {}
        if parsed.data is not None:
            found["tallies"] = found["year_to_date"] = parsed.data
        if parsed.previous is not None:
            found["previous"] = parsed.previous
        if parsed.year_ago is not None:
            found["year_ago"] = parsed.year_ago
        return found

    def read(self) -> dict[str, list[Tally]]:
        """Every list of tallies, each data file read once for all the periods it serves."""
        periods, sources = self.periods(), self.sources()
        lists: dict[str, list[Tally]] = {}
        if self.parsed.units is not None:
            lists["tallies"] = list(self.parsed.units)
        groups: dict[tuple[str, str | None], list[str]] = {}
        for field in periods:
            source = sources.get(field)
            if source is not None:
                groups.setdefault((source.file, source.sheet), []).append(field)
        for fields in groups.values():
            source = sources[fields[0]]
            if source is not self.parsed.data and any(
                sources[f] is self.parsed.data for f in fields
            ):
                source = self.parsed.data  # the notice's own file, with its named columns
            assert source is not None
            lists.update(self.read_file(source, {f: periods[f] for f in fields}))
        return lists

    def read_file(self, source: DataSource, periods: dict[str, Period]) -> dict[str, list[Tally]]:
        path = self.folder / source.file
        try:
            confine(path, self.root, "data file")  # before saying whether it exists
        except InputError as exc:
            self.problems.extend(exc.problems)
            return {}
        missing = _missing(path)
        if missing:
            self.add(source.key, f"data file {str(path)[:300]!r} {missing}")
            return {}
        monthly_only = {k: p for k, p in periods.items() if k != "tallies"}
        first = {"tallies": periods["tallies"]} if "tallies" in periods else {}
        try:
            tables = read_tables(
                path,
                {**first, **monthly_only},
                sheet=source.sheet,
                levels=self.parsed.levels,
                columns=source.columns,
                year_to_date=self.parsed.year_to_date if first else None,
                root=self.root,
            )
        except InputError as exc:
            self.problems.extend(exc.problems)
            return {}
        self.files.append(path)
        found: dict[str, list[Tally]] = {}
        header = next(iter(tables.values())).header if tables else None
        if header is not None:
            self.headers.append(header)
        for field in periods:
            table = tables.get(field)
            if field == "year_to_date" and "tallies" in tables and tables["tallies"].year_to_date:
                table = None  # the file's own 累计 columns
                found[field] = list(tables["tallies"].year_to_date)
                self.remember(field, tables["tallies"], ytd=True)
                continue
            if table is None:
                self.not_monthly(field, header)
                continue
            found[field] = list(table.tallies)
            self.remember(field, table)
        return found

    def remember(self, field: str, table: DataTable, *, ytd: bool = False) -> None:
        """Which table each list came from, so a problem with a tally can point at its row."""
        self.rows[field] = (table, ytd)

    def not_monthly(self, field: str, header: Header | None) -> None:
        has = f" ({header.file}, {header.place} has {header.written()})" if header else ""
        if field == "year_to_date":
            self.add(
                "attachment.year_to_date",
                f"year_to_date needs monthly counts (a 月份 column) or 累计 columns{has}",
            )
        else:
            key = f"comparison.{field}"
            self.add(key, f"{key} = true needs monthly counts (a 月份 column){has}")

    def resolve(self) -> Loaded:
        lists = self.read()
        excluded = {e.name for e in self.parsed.fields["excluded"]}
        fields = dict(self.parsed.fields)
        for field in ("tallies", "previous", "year_ago", "year_to_date"):
            # The one place excluded units are dropped: from every period's counts.
            found = lists.get(field, [])
            if field != "tallies" or self.parsed.units is None:
                found = [t for t in found if t.unit.name not in excluded]
            fields[field] = found
        if self.headers and self.parsed.data is not None:
            header = self.headers[0]
            fields["source"] = f"{header.file}, {header.place} has {header.written()}"
        if self.problems:
            raise InputError(_in_file_order(self.problems, self.name))
        try:
            notice = Notice(**fields)
        except InputError as exc:
            relocated = [self.relocate(p, fields) for p in exc.problems]
            raise InputError(_in_file_order(relocated, self.name)) from None
        return Loaded(notice, tuple(self.headers), tuple(self.files))

    def relocate(self, problem: Problem, fields: dict[str, Any]) -> Problem:
        """A Notice's problem placed in its file: the notice's line, or the data's row."""
        if problem.location.file is not None:
            return problem
        place = problem.location.place
        found = re.fullmatch(r"(tallies|year_to_date|previous|year_ago)\[(\d+)\]", place or "")
        if found and found[1] in self.rows:
            table, ytd = self.rows[found[1]]
            tally = fields[found[1]][int(found[2])]
            tallies = table.year_to_date if ytd else table.tallies
            # Worded only now, for the few tallies with a problem.
            for index, candidate in enumerate(tallies):
                if candidate is tally and index < len(table.places):
                    return Problem(
                        Location(table.header.file, table.places[index]), problem.message
                    )
        return Problem(
            Location(self.name, self.locate.place(place) if place else None), problem.message
        )


def _levels_named(
    levels: tuple[str, ...],
    attachment: AttachmentSpec | None,
    body: tuple[Paragraph, ...],
    mapping: dict[str, str],
) -> tuple[str, ...]:
    """The levels whose adoptions the data must hold: declared, printed or mapped."""
    named = list(levels)
    figures = [c.figure for c in attachment.columns] if attachment is not None else []
    figures += list(mapping)
    for paragraph in body:
        try:
            keys = placeholders_in(paragraph.text)
        except TemplateError:
            continue
        figures += [
            "level:" + k.partition(":")[2].partition("|")[0]
            for k in keys
            if k.startswith("level_adopted:")
        ]
    for figure in figures:
        kind, _, level = figure.removeprefix("ytd_").partition(":")
        if kind in ("level", "points") and level and level not in named:
            named.append(level)
    return tuple(named)


def _missing(path: Path) -> str | None:
    """Why ``path`` cannot be there (``does not exist``, a name too long …), or None."""
    try:
        return None if path.exists() else "does not exist"
    except OSError as exc:  # exists() passes on ENAMETOOLONG and the like
        return f"cannot be read: {exc.strerror or exc}"


def _other_periods(period: Period) -> dict[str, Period]:
    """The previous and year-ago periods that exist (none before year 1)."""
    found = {}
    for key, shift in (("previous", period.previous), ("year_ago", period.year_ago)):
        try:
            found[key] = shift()
        except ValueError:
            continue
    return found


def _in_file_order(problems: Iterable[Problem], file: str) -> list[Problem]:
    """Problems of the notice ``file`` by line, then the others as found."""

    def key(problem: Problem) -> tuple[int, int]:
        match = re.match(r"line (\d+)", problem.location.place or "")
        if match and problem.location.file == file:
            return (0, int(match[1]))
        return (1, 0)

    return sorted(problems, key=key)


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


def _parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", text
    )
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
