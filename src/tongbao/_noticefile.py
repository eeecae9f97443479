"""The parse stage: a notice file's TOML to a :class:`NoticeFile`, every key checked.

Each step reads the TOML and returns a value; problems are collected, none raised, and
no data file is read (the resolve stage, :mod:`tongbao._resolve`, reads them).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ._figures import Figure
from ._files import confine
from ._itemspec import ItemsSpec, database_source, item_column_problems, items_spec
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, ComparisonTable, Excluded
from ._noticekeys import (
    ATTACHMENT_KEYS,
    COLUMN_FIGURES,
    COMPARISON_KEYS,
    DATA_KEYS,
    ITEM_FIGURES,
    NOTICE_KEYS,
    QUOTA_KEYS,
    SCORING_KEYS,
    UNIT_KEYS,
    _describe,
    _is,
    _kind_name,
)
from ._period import Period
from ._problems import Collector
from ._quota import Quota
from ._renderable import option_problems
from ._scoring import ScoringRules
from ._template import TemplateError, parse_placeholders
from ._toml import _Locator
from .document import Paragraph
from .errors import InputError, Problem

__all__ = ["MAX_UNKNOWN_KEYS", "DataSource", "NoticeFile", "_Parser"]

_ITEM_ONLY = tuple(f for f in ITEM_FIGURES if f not in ("unit", "group", "adopted", "instructions"))
"""An item log's figures that no tally file has: no ``ytd_`` form."""

MAX_UNKNOWN_KEYS = 50
"""Unknown keys reported one by one in a table; the rest are counted."""


@attrs.frozen
class DataSource:
    """A data file a notice names: its path (relative to the notice), sheet, headings;
    or a database of items: its URL (or the variable holding it) and table or query."""

    file: str
    """The file's path; empty for a database."""
    sheet: str | None = None
    columns: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    key: str = "data"
    """The notice's key that names it, for messages: ``data``, ``comparison.previous``."""
    url: str | None = None
    url_env: str | None = None
    """The environment variable holding the whole URL (credentials stay out of files)."""
    table: str | None = None
    query: str | None = None

    @property
    def database(self) -> bool:
        """Items in a database (``url`` or ``url_env``), not in a file."""
        return self.url is not None or self.url_env is not None

    @property
    def ident(self) -> tuple[str | None, ...]:
        """What makes two sources one: read once for every period they serve."""
        return (self.file, self.sheet, self.url, self.url_env, self.table, self.query)


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
    items: ItemsSpec | None = None
    """The ``[items]`` table: how an item log is counted (defaults when it is absent)."""


class _Parser:
    """The parse stage: the TOML's keys → :class:`NoticeFile`; collects problems only."""

    def __init__(
        self,
        name: str,
        locate: _Locator,
        data: dict[str, Any],
        *,
        root: Path | None = None,
        on_disk: bool = True,
    ) -> None:
        self.name = name
        self.locate = locate
        self.data = data
        self.root = root
        self.on_disk = on_disk
        """False for a notice given as text or bytes: it may name no file on disk."""
        self.problems = Collector(name, locate=locate.place)
        self.read: list[Path] = []
        """Font files the notice names: confined to ``root``, refused as outputs."""

    def add(self, code: str, path: str | None, /, **params: Any) -> None:
        """The problem ``code`` at the key ``path`` (``attachment.order``), placed by line."""
        self.problems.add(code, path, **params)

    def unknown_keys(self, table: dict[str, Any], known: Any, prefix: str = "") -> None:
        unknown = [key for key in table if key not in known]
        for key in unknown[:MAX_UNKNOWN_KEYS]:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            where = f"{prefix}{key}"
            self.add("toml.unknown_key", where, key=repr(where), hint=hint, known=", ".join(known))
        if len(unknown) > MAX_UNKNOWN_KEYS:
            rest = len(unknown) - MAX_UNKNOWN_KEYS
            self.add("toml.more_unknown_keys", None, count=f"{rest:,}")

    def get(self, key: str, kind: type | tuple[type, ...], *, required: bool = False) -> Any:
        if key not in self.data:
            if required:
                self.add("toml.missing_key", None, key=repr(key), meaning=NOTICE_KEYS[key])
            return None
        value = self.data[key]
        if not _is(value, kind):
            self.add("toml.wrong_type", key, key=key, kind=_kind_name(kind), value=_describe(value))
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
                where = f"{key}[{i}]"
                self.add("toml.wrong_type", where, key=where, kind="text", value=_describe(item))
        return tuple(good)

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        value = self.get(key, (datetime.date, str), required=required)
        if isinstance(value, datetime.datetime):
            self.add("toml.date_with_time", key, key=key)
            return None
        if isinstance(value, str):
            parsed = _parse_date(value)
            if parsed is None:
                self.add("toml.not_a_date", key, key=key, value=repr(value))
            return parsed
        return value  # type: ignore[no-any-return]

    def period(self) -> Period | None:
        value = self.get("period", str, required=True)
        if value is None:
            return None
        try:
            return Period.parse(value)
        except InputError as exc:
            self.problems.adopt(exc, "period")
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
                    self.add(
                        "toml.wrong_type",
                        where,
                        key=f"{where}.{kind}",
                        kind="text",
                        value=_describe(text),
                    )
            else:
                self.add("toml.bad_paragraph", where, key=where, value=_describe(item))
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
                        self.add("toml.excluded_reason", where, key=where, value=_describe(reason))
                        continue
                    out.append(Excluded(item["name"], reason))
                else:
                    self.add("toml.bad_excluded", where, key=where)
            except InputError as exc:
                self.problems.adopt(exc, where, prefix=f"{where}: ")
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
                self.add("toml.bad_column", where, key=where)
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
            self.add("toml.bad_levels", "scoring.levels", value=_describe(levels))
            return None, ()
        if "points" not in table:
            if levels is None:
                self.add("toml.no_points", "scoring")
                return None, ()
            rest = [k for k in SCORING_KEYS[2:] if k in table]
            if rest:
                self.add("toml.needs_points", f"scoring.{rest[0]}", key=f"scoring.{rest[0]}")
            return None, tuple(levels)  # adoptions by level; scores as supplied, if any
        points = table["points"]
        if not isinstance(points, dict):
            self.add("toml.bad_points", "scoring.points", value=_describe(points))
            return None, ()
        if not points:
            self.add("toml.empty_points", "scoring.points")
            return None, ()
        if levels is None:
            levels = [k for k in points if k != "adopted"]
        unknown = [k for k in points if k != "adopted" and k not in levels]
        if unknown:
            self.add("toml.points_unknown_level", "scoring.points", levels=", ".join(unknown))
        try:
            rules = ScoringRules(
                points=points, **{k: table[k] for k in SCORING_KEYS[2:] if k in table}
            )
        except InputError as exc:
            self.problems.adopt(exc, "scoring", prefix="scoring: ")
            return None, tuple(levels)
        return rules, tuple(levels)

    def quota(self) -> Quota | None:
        table = self.get("quota", dict)
        if table is None:
            return None
        self.unknown_keys(table, QUOTA_KEYS, "quota.")
        items = table.get("items")
        if items is not None and not _is(items, int):
            self.add("toml.quota_items", "quota.items", value=_describe(items))
            return None
        counts = table.get("counts", "submitted")
        if counts not in ("submitted", "adopted"):
            self.add("toml.quota_counts", "quota.counts", value=repr(counts))
            return None
        try:
            return Quota(items=items, counts=counts)
        except InputError as exc:
            self.problems.adopt(exc, "quota.items", prefix="quota.items: ")
            return None

    def source(self) -> DataSource | None:
        """The data file (its sheet and the headings the notice names for its figures),
        or the database of items; ``None`` when it is wrongly given."""
        value = self.data.get("data")
        if isinstance(value, str):
            return DataSource(value, self.get("sheet", str))
        if not isinstance(value, dict):
            self.add("toml.bad_data", "data", value=_describe(value))
            return None
        self.unknown_keys(value, DATA_KEYS, "data.")
        if "sheet" in self.data:
            self.add("toml.sheet_outside_data", "sheet")
        columns = value.get("columns", {})
        if not isinstance(columns, dict):
            self.add(
                "toml.wrong_type",
                "data.columns",
                key="data.columns",
                kind="a table",
                value=_describe(columns),
            )
            columns = None
        if "url" in value or "url_env" in value:
            found = database_source(self, value)
            if found is None or columns is None:
                return None
            return DataSource("", columns=item_column_problems(self, columns), **found)
        file, sheet = value.get("file"), value.get("sheet")
        for key in ("table", "query"):
            if key in value:
                self.add("toml.data_needs_url", f"data.{key}", key=f"data.{key}")
        if not isinstance(file, str):
            self.add("toml.bad_data_file", "data", value=_describe(file))
            return None
        if sheet is not None and not isinstance(sheet, str):
            self.add(
                "toml.wrong_type",
                "data.sheet",
                key="data.sheet",
                kind="text",
                value=_describe(sheet),
            )
            sheet = None
        if columns is None:
            return DataSource(file, sheet)
        return DataSource(file, sheet, self.headings(columns))

    def headings(self, columns: dict[str, Any]) -> dict[str, str]:
        """``data.columns``: the heading a data file gives each figure it names."""
        good = {}
        for figure, heading in columns.items():
            base = figure.removeprefix("ytd_")
            if (base not in COLUMN_FIGURES or (base != figure and base in _ITEM_ONLY)) and not (
                base.startswith("level:") and base.removeprefix("level:")
            ):
                close = difflib.get_close_matches(figure, COLUMN_FIGURES, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.add(
                    "toml.unknown_figure",
                    "data.columns",
                    figure=repr(figure),
                    hint=hint,
                    known=", ".join(COLUMN_FIGURES),
                )
            elif not isinstance(heading, str) or not heading.strip():
                self.add(
                    "toml.bad_heading", "data.columns", figure=figure, value=_describe(heading)
                )
            else:
                good[figure] = heading
        return good

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
                    "toml.wrong_type",
                    f"attachment.{key}",
                    key=f"attachment.{key}",
                    kind=_kind_name(kind),
                    value=_describe(value),
                )
                continue
            options[key] = value
        if "groups" in options and not all(isinstance(g, str) for g in options["groups"]):
            self.add("toml.bad_groups", "attachment.groups")
            del options["groups"]
        if "columns" in options:
            options["columns"] = self.columns(options["columns"])
        start = options.pop("year_start", None)
        ytd = bool(options.pop("year_to_date", False))
        if "title" not in options:
            if "title" not in table:
                self.add("toml.attachment_title", "attachment")
            return None, ytd, start
        try:
            return AttachmentSpec(**options), ytd, start
        except InputError as exc:  # each problem placed by its key, attachment.order
            self.problems.adopt(exc, None)
            return None, ytd, start

    def options(self) -> dict[str, dict[str, Any]]:
        table = self.get("options", dict)
        found: dict[str, dict[str, Any]] = {}
        for fmt, values in (table or {}).items():
            where = f"options.{fmt}"
            if not isinstance(values, dict):
                self.add("toml.bad_options", where, key=where, value=_describe(values))
                continue
            found[fmt] = {}
            for key, value in values.items():
                if isinstance(value, Decimal):
                    value = float(value)  # noqa: PLW2901 - renderer options are plain floats
                if not _is(value, (str, int, float, bool)):
                    self.add("toml.bad_option", where, key=f"{where}.{key}")
                    continue
                if key.endswith("_file") and isinstance(value, str) and value.strip():
                    if not self.on_disk:
                        self.add("toml.file_option_from_text", where, key=f"{where}.{key}")
                        continue
                    # File options are relative to the notice file, like data.
                    target = Path(self.name).parent / Path(value).expanduser()
                    try:
                        confine(target, self.root, "file")
                    except InputError as exc:
                        self.problems.adopt(InputError(exc.problems[0]), where)
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
                    self.add("toml.comparison_needs_data", where, key=where)
                else:
                    sides[key] = attrs.evolve(data, key=where)
            elif isinstance(value, str):
                sides[key] = DataSource(value, key=where)
            else:
                self.add("toml.bad_comparison", where, key=where, value=_describe(value))
        spec = None
        title = table.get("table")
        if title is not None:
            against = table.get("table_against", "previous")
            if not isinstance(title, str):
                self.add("toml.comparison_title", "comparison.table")
            elif against not in ("previous", "year_ago"):
                self.add("toml.table_against", "comparison.table_against")
            else:
                try:
                    spec = ComparisonTable(title=title, against=against)
                except InputError as exc:
                    self.problems.adopt(exc, None)
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
            except InputError as exc:
                self.problems.adopt(exc, "attachment.year_start")
                return None
        begin = Period.months_of(*first)
        if begin.start > period.start:
            self.add("toml.year_start_late", "attachment.year_start")
            return None
        return Period(begin.start, period.end, "months")

    def counts(self, period: Period | None) -> tuple[tuple[Tally, ...] | None, DataSource | None]:
        """The inline units, or the data file that holds the counts."""
        units, data = self.data.get("units"), self.data.get("data")
        if units is not None and data is not None:
            self.add("toml.units_and_data", "data")
            return None, None
        if data is not None:
            return None, self.source()
        if units is None:
            self.add("toml.no_counts", None)
            return None, None
        if "sheet" in self.data:
            self.add("toml.sheet_with_units", "sheet")
        if not isinstance(units, list):
            self.add("toml.bad_units", "units", value=_describe(units))
            return None, None
        return tuple(self.inline_units(units, period)), None

    def inline_units(self, units: list[Any], period: Period | None) -> list[Tally]:
        tallies = []
        for i, item in enumerate(units):
            where = f"tallies[{i}]"
            if not isinstance(item, dict):
                self.add("toml.unit_not_table", where, number=i + 1, value=_describe(item))
                continue
            self.unknown_keys(item, UNIT_KEYS, f"units[{i}].")
            required = ("name",) if "levels" in item else ("name", "submitted", "adopted")
            missing = [k for k in required if k not in item]
            if missing:
                self.add("toml.unit_missing", where, number=i + 1, keys=", ".join(missing))
                continue
            if period is None:
                continue
            try:
                unit = Unit(item["name"], group=item.get("group"))
                levels = item.get("levels", {})
                if not isinstance(levels, dict):
                    self.add("toml.unit_levels", where, number=i + 1)
                    continue
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
            except InputError as exc:
                self.problems.adopt(exc, where, prefix=f"unit {i + 1}: ")
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
        items = items_spec(self)
        if items is not None and units is not None:
            self.add("toml.items_with_units", "items")
        options = self.options()
        for place, message in option_problems(options):
            self.add("option.invalid", place, detail=message)
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
            problems=tuple(self.problems.problems()),
            files=tuple(self.read),
            items=items,
        )


def _levels_named(
    levels: tuple[str, ...],
    attachment: AttachmentSpec | None,
    body: tuple[Paragraph, ...],
    mapping: dict[str, str],
) -> tuple[str, ...]:
    """The levels whose adoptions the data must hold: declared, printed or mapped."""
    named = list(levels)
    figures = [c.parsed for c in attachment.columns] if attachment is not None else []
    figures += [Figure.parse(key) for key in mapping]
    for paragraph in body:
        try:
            placeholders = parse_placeholders(paragraph.text)
        except TemplateError:
            continue
        figures += [Figure("level", p.level) for p in placeholders if p.level]
    for figure in figures:
        level = figure.level if figure is not None else None
        if level and level not in named:
            named.append(level)
    return tuple(named)


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
