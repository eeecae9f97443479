"""Notice files (TOML) → :class:`~tongbao.Notice`, with every problem located.

A notice file holds the texts and options, and the units either inline
(``[[units]]``) or in a CSV/XLSX file named by ``data``. Unknown keys are errors with
a did-you-mean; wrong types name the key and its line; problems are collected so one
run reports them all.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ._data import read_counts
from ._files import confine, read_bounded
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, ComparisonTable, Excluded, Notice
from ._period import Period
from ._scoring import ScoringRules
from .document import Paragraph
from .errors import InputError, Location, Problem

__all__ = ["NOTICE_KEYS", "load", "load_with_sources"]

NOTICE_KEYS: dict[str, str] = {
    "title": "标题: the notice's title",
    "issuer": "发文机关署名: the signing office",
    "date": "成文日期: a date such as 2018-05-10",
    "period": "the period counted: 2018-03/2018-04, 2018-Q1, 2018年3-4月 …",
    "addressees": "主送机关: a list of addressees",
    "body": "正文: a list of paragraphs (strings, or {heading = …} / {subheading = …})",
    "units": "the counts inline: [[units]] tables with name, group, submitted, adopted",
    "data": "the counts in a file: a .csv or .xlsx path relative to this file",
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
}
"""Every key a notice file may have, with what it is."""

COMPARISON_KEYS = ("previous", "year_ago", "table", "table_against")
ATTACHMENT_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "order": str,
    "ties": str,
    "min_submitted": int,
    "rank_on": str,
    "rate_places": int,
    "grouped": bool,
    "groups": list,
    "total": bool,
    "undefined_rate": str,
    "list_zero_units": bool,
    "chart": bool,
    "columns": list,
    "split_by_group": bool,
    "group_titles": dict,
    "zero_units_title": str,
    "year_to_date": bool,
    "year_start": str,
}
UNIT_KEYS = ("name", "group", "submitted", "adopted", "levels", "score")
SCORING_KEYS = ("levels", "points", "per_submission", "caps", "cap")
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
        self.items: dict[str, list[int]] = {}
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
        match = re.fullmatch(r"([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?", path)
        if not match:
            return None
        key, index, sub = match[1], match[2], match[3]
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

    def _item(self, key: str, index: int) -> int | None:
        """The line where item ``index`` of a one-item-per-line array starts."""
        start = self._key(key)
        if start is None:
            return None
        if key not in self.items:
            found = []
            for number in range(start, len(self.lines)):
                text = self.lines[number]
                body = text.split("=", 1)[1] if number == start else text
                stripped = body.strip().lstrip("[").strip()
                if stripped.startswith(('"', "'", "{")):
                    found.append(number)
                if stripped.endswith("]") and not stripped.endswith("]]"):
                    break
            self.items[key] = found
        found = self.items[key]
        return found[index] if index < len(found) else start

    def place(self, path: str) -> str:
        line = self.line(path)
        shown = path.replace("tallies[", "units[")  # the file's own key
        return f"line {line}, {shown}" if line else shown


def load(path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None) -> Notice:
    """Read a notice file (TOML) and the data file it names.

    Args:
        path: the notice file.
        root: when given, refuse data, comparison and font files outside this folder
            (symlinks and ``..`` resolved): for servers loading notices written by others.

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    return load_with_sources(path, root=root)[0]


def load_with_sources(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
) -> tuple[Notice, tuple[Path, ...]]:
    """:func:`load`, and every file it read: the notice, data, comparison and font files."""
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
    reader = _Reader(file, text, data, Path(root) if root is not None else None)
    return reader.notice(), (file, *reader.read)


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


class _Reader:
    ytd: bool = False
    ytd_start: str | None = None
    levels: tuple[str, ...] = ()

    def __init__(
        self, file: Path, text: str, data: dict[str, Any], root: Path | None = None
    ) -> None:
        self.file = file
        self.root = root
        self.read: list[Path] = []
        """The other files this notice reads: data, comparison and font files."""
        self.name = str(file)
        self.locate = _Locator(text)
        self.data = data
        self.problems: list[Problem] = []

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
        points = table.get("points")
        if not isinstance(points, dict) or not points:
            self.add(
                "scoring.points", "scoring.points must be a table: level = points per adoption"
            )
            return None, ()
        levels = table.get("levels", [k for k in points if k != "adopted"])
        if not isinstance(levels, list) or not all(isinstance(x, str) for x in levels):
            self.add("scoring.levels", "scoring.levels must be a list of level names")
            return None, ()
        unknown = [k for k in points if k != "adopted" and k not in levels]
        if unknown:
            self.add(
                "scoring.points", f"points for {', '.join(unknown)}, which scoring.levels lacks"
            )
        try:
            rules = ScoringRules(
                points=points,
                per_submission=table.get("per_submission", 0),
                caps=table.get("caps", {}),
                cap=table.get("cap"),
            )
        except (TypeError, ValueError) as exc:
            self.add("scoring", f"scoring: {exc}")
            return None, tuple(levels)
        return rules, tuple(levels)

    def attachment(self) -> AttachmentSpec | None:
        table = self.get("attachment", dict)
        if table is None:
            return None
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
        self.ytd_start = options.pop("year_start", None)
        self.ytd = bool(options.pop("year_to_date", False))
        if "title" not in options:
            if "title" not in table:
                self.add("attachment", "the [attachment] table needs a title")
            return None
        return AttachmentSpec(**options)

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
                    target = self.file.parent / Path(value).expanduser()
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
        self, period: Period | None, excluded: tuple[Excluded, ...]
    ) -> tuple[list[Tally], list[Tally], ComparisonTable | None]:
        table = self.get("comparison", dict)
        if not table or period is None:
            return [], [], None
        self.unknown_keys(table, COMPARISON_KEYS, "comparison.")
        names = {e.name for e in excluded}
        sides: dict[str, list[Tally]] = {}
        wanted = _other_periods(period)
        for key in ("previous", "year_ago"):
            value = table.get(key)
            where = f"comparison.{key}"
            if value is None or value is False:
                sides[key] = []
                continue
            other = wanted.get(key)
            if other is None:
                self.add(where, f"{period.label()} has no {key.replace('_', ' ')} period")
                sides[key] = []
                continue
            if value is True:
                source, sheet = self.data.get("data"), self.data.get("sheet")
                if not isinstance(source, str):
                    self.add(where, f'{where} = true needs monthly counts in data = "…"')
                    sides[key] = []
                    continue
            elif isinstance(value, str):
                source, sheet = value, None
            else:
                self.add(
                    where, f"{where} must be a data file's path or true, not {_describe(value)}"
                )
                sides[key] = []
                continue
            target = self.file.parent / source
            rest = [p for k, p in wanted.items() if k != key and table.get(k) is True]
            if value is True:
                rest.append(period)
            try:
                found = read_counts(target, other, sheet=sheet, also=rest, root=self.root)
                self.read.append(target)
            except InputError as exc:
                self.problems.extend(exc.problems)
                found = []
            sides[key] = [t for t in found if t.unit.name not in names]
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

    def also(self, period: Period | None) -> list[Period]:
        """Periods whose months the main data file may hold: comparisons, year to date."""
        if period is None:
            return []
        table = self.data.get("comparison")
        if not isinstance(table, dict):
            return self.ytd_before(period)
        wanted = _other_periods(period)
        return [other for key, other in wanted.items() if table.get(key) is True] + self.ytd_before(
            period
        )

    def ytd_before(self, period: Period) -> list[Period]:
        whole = self.ytd_period(period) if self.ytd else None
        if whole is None or whole.start == period.start:
            return []
        return [Period(whole.start, period.start - 1, "months")]

    def ytd_period(self, period: Period | None) -> Period | None:
        """From the start of the year (or ``year_start``) to the period's end (累计)."""
        if not self.ytd or period is None:
            return None
        year, _ = period.last
        start = (year, 1)
        if self.ytd_start:
            try:
                first = Period.parse(self.ytd_start)
            except ValueError as exc:
                self.add("attachment.year_start", str(exc))
                return None
            start = first.first
        begin = Period.months_of(*start)
        if begin.start > period.start:
            self.add("attachment.year_start", "year_start is after the period's first month")
            return None
        return Period(begin.start, period.end, "months")

    def year_to_date(self, period: Period | None, excluded: tuple[Excluded, ...]) -> list[Tally]:
        whole = self.ytd_period(period)
        if whole is None or period is None:
            return []
        source = self.data.get("data")
        if not isinstance(source, str):
            self.add("attachment.year_to_date", 'year_to_date needs monthly counts in data = "…"')
            return []
        if _missing(self.file.parent / source):
            return []  # reported with data
        names = {e.name for e in excluded}
        try:
            found = read_counts(
                self.file.parent / source,
                whole,
                sheet=self.data.get("sheet"),
                also=[p for p in self.also(period) if not whole.contains(p)],
                levels=self.levels,
                root=self.root,
            )
            self.read.append(self.file.parent / source)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return []
        return [t for t in found if t.unit.name not in names]

    def tallies(self, period: Period | None, excluded: tuple[Excluded, ...]) -> list[Tally]:
        units, data = self.data.get("units"), self.data.get("data")
        if units is not None and data is not None:
            self.add("data", "give the counts either inline as [[units]] or as data = …, not both")
            return []
        if data is not None:
            names = {e.name for e in excluded}
            return [t for t in self.data_file(period) if t.unit.name not in names]
        if units is None:
            self.problems.append(
                Problem(
                    Location(self.name),
                    'no counts: add [[units]] tables, or data = "counts.csv" / "counts.xlsx"',
                )
            )
            return []
        if "sheet" in self.data:
            self.add("sheet", 'sheet goes with data = "….xlsx", not with [[units]]')
        if not isinstance(units, list):
            self.add("units", f"units must be [[units]] tables, not {_describe(units)}")
            return []
        return self.inline_units(units, period)

    def data_file(self, period: Period | None) -> list[Tally]:
        data = self.get("data", str)
        sheet = self.get("sheet", str)
        if data is None or period is None:
            return []
        target = self.file.parent / data
        try:
            confine(target, self.root, "data file")  # before saying whether it exists
        except InputError as exc:
            self.problems.extend(exc.problems)
            return []
        missing = _missing(target)
        if missing:
            self.add("data", f"data file {str(target)[:300]!r} {missing}")
            return []
        try:
            tallies = read_counts(
                target,
                period,
                sheet=sheet,
                also=self.also(period),
                levels=self.levels,
                root=self.root,
            )
            self.read.append(target)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return []
        return tallies

    def inline_units(self, units: list[Any], period: Period | None) -> list[Tally]:
        tallies = []
        for i, item in enumerate(units):
            where = f"tallies[{i}]"
            if not isinstance(item, dict):
                self.add(where, f"unit {i + 1} must be a table, not {_describe(item)}")
                continue
            self.unknown_keys(item, UNIT_KEYS, f"units[{i}].")
            required = (
                ("name", "submitted") if "levels" in item else ("name", "submitted", "adopted")
            )
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
                        item["submitted"],
                        adopted,
                        levels=levels,
                        score=item.get("score"),
                    )
                )
            except (TypeError, ValueError) as exc:
                self.add(where, f"unit {i + 1}: {exc}")
        return tallies

    def notice(self) -> Notice:
        self.unknown_keys(self.data, NOTICE_KEYS)
        period = self.period()
        excluded = self.excluded()
        rules, self.levels = self.scoring()
        attachment = self.attachment()
        fields: dict[str, Any] = {
            "title": self.get("title", str, required=True),
            "issuer": self.get("issuer", str, required=True),
            "date": self.date("date", required=True),
            "period": period,
            "addressees": self.strings("addressees"),
            "body": self.body(),
            "attachment": attachment,
            "doc_number": self.get("doc_number", str),
            "header": self.get("header", str),
            "note": self.get("note", str),
            "sealed": self.get("sealed", bool) or False,
            "cc": self.strings("cc"),
            "printed_by": self.get("printed_by", str),
            "printed_date": self.date("printed_date"),
            "excluded": excluded,
            "tallies": self.tallies(period, excluded),
            "options": self.options(),
            "scoring": rules,
        }
        fields["year_to_date"] = self.year_to_date(period, excluded)
        fields["previous"], fields["year_ago"], fields["comparison"] = self.comparison(
            period, excluded
        )
        if self.problems:
            raise InputError(_in_file_order(self.problems, self.name))
        try:
            return Notice(**fields)
        except InputError as exc:
            relocated = [self.relocate(p) for p in exc.problems]
            raise InputError(_in_file_order(relocated, self.name)) from None

    def relocate(self, problem: Problem) -> Problem:
        if problem.location.file is not None:
            return problem
        place = problem.location.place
        return Problem(
            Location(self.name, self.locate.place(place) if place else None), problem.message
        )


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
