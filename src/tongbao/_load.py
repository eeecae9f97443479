"""Notice files (TOML) → :class:`~tongbao.Notice`, with every problem located.

A notice file holds the texts and options, and the units either inline
(``[[units]]``) or in a CSV/XLSX file named by ``data``. Unknown keys are errors with
a did-you-mean; wrong types name the key and its line; problems are collected so one
run reports them all.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ._data import DataTable, Header, paused_gc, read_table
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, ComparisonTable, Excluded, Notice
from ._period import Period
from ._quota import Quota
from ._renderable import option_problems
from ._scoring import ScoringRules
from ._template import TemplateError, placeholders_in
from .document import Paragraph
from .errors import InputError, Location, Problem

__all__ = ["NOTICE_KEYS", "Loaded", "load", "read_notice"]

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
SCORING_KEYS = (
    "levels",
    "points",
    "per_submission",
    "caps",
    "cap",
    "per_instruction",
    "quota_points",
    "per_missing",
    "floor",
    "scale",
    "places",
)
QUOTA_KEYS = ("items", "counts")
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
    "no",
)
"""Figures ``data.columns`` may name a heading for; also ``level:NAME`` and ``ytd_`` ones."""
MAX_NOTICE_BYTES = 4 * 1024 * 1024
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class _Locator:
    """Finds the line of a key in the TOML text, so problems can point at it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def _find(self, pattern: str, start: int = 0) -> int | None:
        regex = re.compile(pattern)
        for number in range(start, len(self.lines)):
            if regex.match(self.lines[number]):
                return number
        return None

    def _table(self, name: str, index: int = 0) -> int | None:
        start = 0
        found = None
        for _ in range(index + 1):
            found = self._find(rf"\s*\[\[?\s*{re.escape(name)}\s*\]\]?", start)
            if found is None:
                return None
            start = found + 1
        return found

    def _key(self, key: str, start: int = 0) -> int | None:
        return self._find(rf"\s*{re.escape(key)}\s*=", start)

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
        count = -1
        for number in range(start, len(self.lines)):
            text = self.lines[number]
            body = text.split("=", 1)[1] if number == start else text
            stripped = body.strip().lstrip("[").strip()
            if stripped.startswith(('"', "'", "{")):
                count += 1
                if count == index:
                    return number
            if stripped.endswith("]") and not stripped.endswith("]]"):
                break
        return start

    def place(self, path: str) -> str:
        line = self.line(path)
        shown = path.replace("tallies[", "units[")  # the file's own key
        return f"line {line}, {shown}" if line else shown


@attrs.frozen
class Loaded:
    """A notice as loaded, with the header of each data file read for it."""

    notice: Notice
    headers: tuple[Header, ...]


def load(path: str | os.PathLike[str]) -> Notice:
    """Read a notice file (TOML) and the data file it names.

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    return read_notice(path).notice


def read_notice(path: str | os.PathLike[str]) -> Loaded:
    """:func:`load`, and which data column was read as which figure (``check -v``).

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    file = Path(path)
    name = str(file)
    try:
        size = file.stat().st_size
        if size > MAX_NOTICE_BYTES:
            raise InputError.at(
                f"the notice file is {size:,} bytes, more than the {MAX_NOTICE_BYTES:,} "
                "allowed; keep the counts in a data file",
                name,
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError.at(f"cannot read the notice file: {exc.strerror or exc}", name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            "a notice file must be UTF-8 text (save it as UTF-8)", name, f"byte {exc.start}"
        ) from None
    try:
        # Decimals, not binary floats: 0.5 points or 12.5 scores stay exactly as written.
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        place = f"line {position[1]}, column {position[2]}" if position else None
        message = _TOML_POSITION.sub("", message).strip()
        raise InputError.at(f"not valid TOML: {message}", name, place) from None
    reader = _Reader(file, text, data)
    with paused_gc():  # 100,000 tallies and their checks: no cycles to collect
        notice = reader.notice()
    return Loaded(notice, tuple(reader.headers))


class _Reader:
    ytd: bool = False
    ytd_start: str | None = None
    levels: tuple[str, ...] = ()
    current: DataTable | None = None
    file_name: str | None = None
    sheet: str | None = None
    mapping: dict[str, str]
    ytd_places: dict[str, str]

    def __init__(self, file: Path, text: str, data: dict[str, Any]) -> None:
        self.file = file
        self.name = str(file)
        self.locate = _Locator(text)
        self.data = data
        self.problems: list[Problem] = []
        self.mapping = {}
        self.ytd_places = {}
        self.headers: list[Header] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(Location(self.name, self.locate.place(path)), message))

    def unknown_keys(self, table: dict[str, Any], known: Any, prefix: str = "") -> None:
        for key in table:
            if key in known:
                continue
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            where = f"{prefix}{key}"
            self.add(where, f"unknown key {where!r}{hint} (known: {', '.join(known)})")

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
                points=points,
                per_submission=table.get("per_submission", 0),
                caps=table.get("caps", {}),
                cap=table.get("cap"),
                per_instruction=table.get("per_instruction", 0),
                quota_points=table.get("quota_points"),
                per_missing=table.get("per_missing", 0),
                floor=table.get("floor", 0),
                scale=table.get("scale"),
                places=table.get("places", 2),
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
                    found[fmt][key] = str(self.file.parent / Path(value).expanduser())
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
        wanted = {"previous": period.previous(), "year_ago": period.year_ago()}
        for key, other in wanted.items():
            value = table.get(key)
            where = f"comparison.{key}"
            if value is None or value is False:
                sides[key] = []
                continue
            if value is True:
                source, sheet = self.file_name, self.sheet
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
                read = read_table(
                    target,
                    other,
                    sheet=sheet,
                    also=rest,
                    levels=self.levels,
                    columns=self.mapping if value is True else None,
                )
                found = list(read.tallies)
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
        wanted = {"previous": period.previous(), "year_ago": period.year_ago()}
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
        names = {e.name for e in excluded}
        if self.current is not None and self.current.year_to_date:
            # The data file's own 累计 columns.
            return [t for t in self.current.year_to_date if t.unit.name not in names]
        if not isinstance(self.file_name, str):
            self.add(
                "attachment.year_to_date",
                'year_to_date needs monthly counts (or 累计 columns) in data = "…"',
            )
            return []
        if self.current is not None and "month" not in self.current.header.figures:
            self.add(
                "attachment.year_to_date",
                f"year_to_date needs monthly counts (a 月份 column) or 累计 columns, which "
                f"{self.current.header.file}, {self.current.header.place} has not "
                f"(it has {self.current.header.written()})",
            )
            return []
        try:
            found = read_table(
                self.file.parent / self.file_name,
                whole,
                sheet=self.sheet,
                also=[p for p in self.also(period) if not whole.contains(p)],
                levels=self.levels,
                columns=self.mapping,
            )
        except InputError as exc:
            self.problems.extend(exc.problems)
            return []
        self.ytd_places = {t.unit.name: p for t, p in zip(found.tallies, found.places, strict=True)}
        return [t for t in found.tallies if t.unit.name not in names]

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
        data, sheet = self.file_name, self.sheet
        if data is None or period is None:
            return []
        target = self.file.parent / data
        if not target.is_file():
            self.add("data", f"data file {str(target)!r} does not exist or is not a file")
            return []
        whole = self.ytd_period(period)
        try:
            self.current = read_table(
                target,
                period,
                sheet=sheet,
                also=self.also(period),
                levels=self.levels,
                columns=self.mapping,
                year_to_date=whole,
            )
        except InputError as exc:
            self.problems.extend(exc.problems)
            return []
        self.headers.append(self.current.header)
        return list(self.current.tallies)

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
        rules, levels = self.scoring()
        attachment = self.attachment()
        body = self.body()
        self.file_name, self.sheet, self.mapping = self.source()
        self.levels = _levels_named(levels, attachment, body, self.mapping)
        fields: dict[str, Any] = {
            "title": self.get("title", str, required=True),
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
            "excluded": excluded,
            "tallies": self.tallies(period, excluded),
            "options": self.options(),
            "scoring": rules,
            "quota": self.quota(),
        }
        fields["year_to_date"] = self.year_to_date(period, excluded)
        fields["previous"], fields["year_ago"], fields["comparison"] = self.comparison(
            period, excluded
        )
        if self.current is not None:
            header = self.current.header
            fields["source"] = f"{header.file}, {header.place} has {header.written()}"
        for place, message in option_problems(fields["options"]):
            self.add(place, message)
        if self.problems:
            raise InputError(_in_file_order(self.problems, self.name))
        try:
            return Notice(**fields)
        except InputError as exc:
            relocated = [self.relocate(p, fields) for p in exc.problems]
            raise InputError(_in_file_order(relocated, self.name)) from None

    def relocate(self, problem: Problem, fields: dict[str, Any]) -> Problem:
        """A Notice's problem placed in its file: the notice's line, or the data's row."""
        if problem.location.file is not None:
            return problem
        place = problem.location.place
        found = re.fullmatch(r"(tallies|year_to_date)\[(\d+)\]", place or "")
        if found and self.current is not None:
            tally = fields[found[1]][int(found[2])]
            rows = (
                dict(zip(self.current.tallies, self.current.places, strict=True))
                if found[1] == "tallies"
                else {}
            )
            row = rows.get(tally) or self.ytd_places.get(tally.unit.name)
            if found[1] == "year_to_date" and self.current.year_to_date:
                row = dict(zip(self.current.year_to_date, self.current.places, strict=False)).get(
                    tally, row
                )
            if row is not None:
                return Problem(Location(self.current.header.file, row), problem.message)
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
