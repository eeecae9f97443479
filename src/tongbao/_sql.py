"""Item records in databases: SQLite, DuckDB, PostgreSQL and any SQLAlchemy database,
and Parquet files read by DuckDB.

The counts are made IN the database: one ``GROUP BY`` of unit, group, local month, the
raw adoption and level values and whether an instruction was given returns a few rows,
whatever the number of items; those few distinct values are then read here the way a
data file's cells are (是/否, 1/0, a level name). Only :meth:`DatabaseItems.items`
fetches items one by one, within a range of dates and in chunks, for duplicates.

Sessions are read-only and always rolled back; every value is a bound parameter; a
table's name is quoted as an identifier by the engine and checked to exist; a query is
used as a subquery. A URL is shown in messages without its password.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._files import regular_file
from ._items import DEFAULT_TIME_ZONE, CountRow, Item, ItemCounts
from ._problems import Collector
from ._sqlengines import (
    BAD,
    DuckDB,
    Engine,
    Session,
    connect_engine,
    local_day,
    masked,
    month_ordinal,
    parse_when,
    password_of,
    single_select,
)
from .errors import InputError

__all__ = [
    "FIGURES",
    "DatabaseItems",
    "open_database",
    "parquet_items",
    "refuse_password",
]

FIGURES = ("unit", "group", "title", "submitted_on", "adopted", "level", "instructions", "month")
"""The figures a database's columns can be mapped to (``columns = {unit = "dept"}``).
``month`` is the local month, for engines whose dates tongbao cannot convert."""

_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "unit": ("单位", "报送单位"),
    "group": ("类别",),
    "title": ("标题", "信息标题", "题目"),
    "submitted_on": ("报送日期", "报送时间", "上报时间", "提交时间", "报送日期时间"),
    "adopted": ("是否采用", "是否采纳", "采用情况"),
    "level": ("采用级别", "采用栏目", "采用层级"),
    "instructions": ("批示", "领导批示"),
    "month": ("月份",),
}
"""Unmapped figures are looked for under their own name, then these headings."""

_YES = frozenset({"是", "y", "yes", "1", "true", "t", "已采用", "采用", "已采纳", "采纳"})
_NO = frozenset({"否", "n", "no", "0", "false", "f", "未采用", "未采纳", "不采用", ""})
_NOT_INSTRUCTED = ("", "否", "0", "n", "no", "false", "f", "无")
"""批示 values that mean none (compared trimmed and lower-cased); any other text is one."""

CHUNK = 10_000
"""Items fetched at a time by :meth:`DatabaseItems.items`."""


class _Problem(NamedTuple):
    """What is wrong with a value: its code, the figure, the raw value (``BAD``: the
    engine's date function refused it)."""

    code: str
    figure: str
    value: Any

    @classmethod
    def of(cls, code: str, figure: str, value: Any) -> _Problem:
        """The problem ``code`` (a catalogue code) with ``figure``'s ``value``."""
        return cls(code, figure, value)


_Key = tuple[str, str | None, int, int, bool, str | None, bool]


def _zone(zone: str | ZoneInfo, name: str) -> ZoneInfo:
    key = zone.key if isinstance(zone, ZoneInfo) else zone
    # An IANA name only: DuckDB's SET takes no parameter, so the name must be plain.
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]{0,63}", key):
        raise InputError.of("database.bad_zone", name, None, zone=repr(key))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError.of("database.bad_zone", name, None, zone=repr(key)) from None


def refuse_password(url: str, where: str | None = None, file: str | None = None) -> None:
    """Refuse a URL written in a notice with its password in it.

    Raises:
        InputError: ``url`` holds a password (``database.password_in_notice``).
    """
    if password_of(url) is not None:
        raise InputError.of("database.password_in_notice", file, where, url=masked(url))


def _yes_no(value: object) -> bool | None:
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


def _text(value: object) -> str | None:
    """A cell's text, ``None`` when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class DatabaseItems:
    """An :class:`~tongbao.ItemSource` over a table or query of a database.

    Made by :func:`open_database` and :func:`parquet_items`, which check the table and
    columns first.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        source: str,
        params: Mapping[str, Any],
        columns: Mapping[str, str],
        types: Mapping[str, str],
        zone: ZoneInfo,
        levels: Sequence[str],
        where: str,
    ) -> None:
        self.engine = engine
        self.source = source
        self.params = {**params, "zone": zone.key}
        self.columns = dict(columns)
        self.types = dict(types)
        self.zone = zone
        self.levels = tuple(levels)
        self.where = where
        self._counts: ItemCounts | None = None

    @property
    def name(self) -> str:
        return self.engine.name

    @property
    def instructions(self) -> bool:
        """The records say which items drew an instruction (a 批示 column)."""
        return "instructions" in self.columns

    # --- SQL pieces

    def _column(self, figure: str) -> str:
        return "items." + self.engine.quote(self.columns[figure])

    def _place(self, figure: str) -> str:
        return f"{self.where}, column {self.columns[figure]}"

    def _instructed(self) -> tuple[str, dict[str, str]]:
        """``1`` when the 批示 column holds an instruction, as SQL, and its parameters."""
        if not self.instructions:
            return "0", {}
        column = self._column("instructions")
        names = {f"no{i}": word for i, word in enumerate(_NOT_INSTRUCTED)}
        words = ", ".join(self.engine.param(k) for k in names)
        text = f"LOWER(TRIM(CAST({column} AS {self.engine.text_type()})))"
        return f"CASE WHEN {column} IS NULL OR {text} IN ({words}) THEN 0 ELSE 1 END", names

    def _month_sql(self) -> tuple[str, bool]:
        """The month's SQL, and whether it is an ordinal (else a raw value to read)."""
        if "month" in self.columns:
            return self._column("month"), False
        column = self._column("submitted_on")
        sql = self.engine.month(column, self.types.get(self.columns["submitted_on"], ""))
        return (column, False) if sql is None else (sql, True)

    def _run(self, session: Session, sql: str, params: Mapping[str, Any]) -> Iterator[Any]:
        cursor = session.run(sql, {**self.params, **params})
        while rows := cursor.fetchmany(CHUNK):
            yield from rows

    # --- counts

    def counts(self) -> ItemCounts:
        """Every item counted per unit and local month, in one ``GROUP BY``."""
        if self._counts is None:
            self._counts = self._count()
        return self._counts

    def _count(self) -> ItemCounts:
        figures = ["unit", "group", "adopted", "level"]
        present = [f for f in figures if f in self.columns]
        month, ordinal = self._month_sql()
        instructed, params = self._instructed()
        select = [*(self._column(f) for f in present), month, instructed, "COUNT(*)"]
        keys = ", ".join(str(i) for i in range(1, len(select)))
        sql = f"SELECT {', '.join(select)} FROM {self.source} GROUP BY {keys}"  # noqa: S608 - identifiers quoted, values bound
        problems = Collector(self.name)
        found: list[CountRow] = []
        with self.engine.session() as session:
            for row in self._run(session, sql, params):
                raw = dict(zip(present, row, strict=False))
                month_value, instructed_value, number = row[len(present) :]
                counted = self._count_row(raw, month_value, ordinal, bool(instructed_value))
                if isinstance(counted, _Problem):
                    self._report(session, problems, counted, number)
                else:
                    found.append(CountRow(*counted, number))
                if len(problems) >= 20:
                    break
        problems.raise_if_any()
        found.sort(key=lambda r: (r.unit, r.group or "", r.year, r.month, r.level or ""))
        return ItemCounts.of(found, instructions=self.instructions)

    def _count_row(
        self, raw: Mapping[str, Any], month: Any, ordinal: bool, instructed: bool
    ) -> _Key | _Problem:
        """A count row's key, or the problem with it."""
        unit = _text(raw["unit"])
        if unit is None:
            return _Problem.of("database.empty", "unit", raw["unit"])
        if ordinal:
            if month is None:
                return _Problem.of("database.empty", "submitted_on", None)
            if month == BAD:
                return _Problem.of("database.not_a_date", "submitted_on", BAD)
            number = int(month)
        else:
            figure = "month" if "month" in self.columns else "submitted_on"
            if month is None:
                return _Problem.of("database.empty", figure, None)
            day = _month_day(month) if figure == "month" else local_day(month, self.zone)
            if day is None:
                return _Problem.of("database.not_a_date", figure, month)
            number = month_ordinal(day)
        adoption = self._adoption(raw)
        if isinstance(adoption, _Problem):
            return adoption
        adopted, level = adoption
        year, index = divmod(number, 12)
        return (unit, _text(raw.get("group")), year, index + 1, adopted, level, instructed)

    def _adoption(self, raw: Mapping[str, Any]) -> tuple[bool, str | None] | _Problem:
        """(adopted, level) of the raw 是否采用 and 采用级别 values, or the problem."""
        level = _text(raw.get("level")) if "level" in self.columns else None
        if "adopted" in self.columns:
            adopted = _yes_no(raw["adopted"])
            if adopted is None:
                return _Problem.of("database.bad_adoption", "adopted", raw["adopted"])
            if not adopted and level is not None:
                return _Problem.of("database.level_not_adopted", "level", raw.get("level"))
            if adopted and level is None and self.levels and "level" in self.columns:
                return _Problem.of("database.adopted_without_level", "level", raw.get("level"))
        else:
            adopted = level is not None
        if level is not None and self.levels and level not in self.levels:
            return _Problem.of("database.unknown_level", "level", raw.get("level"))
        return adopted, level

    def _report(self, session: Session, problems: Collector, problem: _Problem, count: int) -> None:
        """Add ``problem`` with an example row (``LIMIT 1``) where the value is."""
        code, figure, value = problem
        column = self._column(figure)
        params: dict[str, Any] = {}
        if value is None:
            condition = f"{column} IS NULL"
        elif value == BAD and code == "database.not_a_date":
            typed = self.types.get(self.columns[figure], "")
            bad = self.engine.is_bad_date(column, typed)
            condition = bad or "1 = 0"
        else:
            condition, params = f"{column} = {self.engine.param('value')}", {"value": value}
        example = self._example(session, condition, params, figure)
        shown = example[1] if value == BAD and example else value
        problems.add(
            code,
            self._place(figure),
            figure=figure,
            value=repr(shown) if shown is not None else "NULL",
            count=count,
            row=example[0] if example else "",
            levels=", ".join(self.levels),
        )

    def _example(
        self, session: Session, condition: str, params: Mapping[str, Any], figure: str
    ) -> tuple[str, Any] | None:
        """A row where ``condition`` holds, as text naming it, and its ``figure``."""
        shown = [f for f in ("unit", "title", "submitted_on", "month") if f in self.columns]
        select = ", ".join([*(self._column(f) for f in shown), self._column(figure)])
        sql = f"SELECT {select} FROM {self.source} WHERE {condition} LIMIT 1"  # noqa: S608 - identifiers quoted, values bound
        for row in self._run(session, sql, params):
            values = dict(zip(shown, row, strict=False))
            title = _text(values.get("title")) or ""
            parts = [
                str(values.get("unit") or ""),
                f"“{title[:40]}{'…' if len(title) > 40 else ''}”" if title else "",
                str(values.get("submitted_on") or values.get("month") or ""),
            ]
            return "; e.g. the row " + " ".join(p for p in parts if p), row[-1]
        return None

    # --- items

    def items(self, first: datetime.date, last: datetime.date) -> Iterator[Item]:
        """The items submitted from ``first`` to ``last`` (local dates, both included),
        streamed in chunks.

        Raises:
            InputError: the records have only a month column (no dates), or an item's
                unit, title or adoption cannot be read.
        """
        if "submitted_on" not in self.columns:
            raise InputError.of("database.no_dates", self.name, self.where)
        figures = [f for f in ("unit", "group", "title", "adopted", "level") if f in self.columns]
        column = self._column("submitted_on")
        day = self.engine.local_date(column, self.types.get(self.columns["submitted_on"], ""))
        instructed, words = self._instructed()
        params: dict[str, Any] = dict(words)
        select = [*(self._column(f) for f in figures), day or column, instructed]
        sql = f"SELECT {', '.join(select)} FROM {self.source}"  # noqa: S608 - identifiers quoted, values bound
        if day is not None:
            low, high = self.engine.param("first"), self.engine.param("last")
            sql += f" WHERE {day} BETWEEN {low} AND {high}"
            as_text = self.engine.dialect == "sqlite"  # its tongbao_date gives ISO text
            params |= {
                "first": first.isoformat() if as_text else first,
                "last": last.isoformat() if as_text else last,
            }
        with self.engine.session() as session:
            for row in self._run(session, sql, params):
                raw = dict(zip(figures, row, strict=False))
                when, flag = row[len(figures) :]
                on = (
                    datetime.date.fromisoformat(when)
                    if isinstance(when, str) and day is not None
                    else local_day(when, self.zone)
                )
                if on is None or not first <= on <= last:
                    continue
                yield self._item(raw, on, bool(flag))

    def _item(self, raw: Mapping[str, Any], on: datetime.date, instructed: bool) -> Item:
        unit, title = _text(raw["unit"]), _text(raw["title"])
        if unit is None:
            problem = _Problem.of("database.empty", "unit", None)
        elif title is None:
            problem = _Problem.of("database.empty", "title", None)
        else:
            adoption = self._adoption(raw)
            if isinstance(adoption, _Problem):
                problem = adoption
            else:
                adopted, level = adoption
                group = _text(raw.get("group"))
                return Item(unit, title, on, bool(adopted), level, instructed, group)
        code, figure, value = problem
        raise InputError.of(
            code,
            self.name,
            self._place(figure),
            figure=figure,
            value=repr(value) if value is not None else "NULL",
            count=1,
            row=f"; e.g. the row {unit or ''} {on.isoformat()}".replace("  ", " "),
            levels=", ".join(self.levels),
        )


def _month_day(value: object) -> datetime.date | None:
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


# --- opening --------------------------------------------------------------------------


def _resolve(
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
        for candidate in (figure, *_HEADINGS[figure]):
            column = candidate if candidate in found else folded.get(candidate.casefold())
            if column is not None:
                columns[figure] = column
                break
    problems.raise_if_any()
    needed = [("unit",), ("title",), ("submitted_on", "month"), ("adopted", "level")]
    missing = [" or ".join(n) for n in needed if not any(f in columns for f in n)]
    if missing:
        raise InputError.of(
            "database.missing_figures", name, where, missing="; ".join(missing), found=shown
        )
    return columns


def _probe(engine: Engine, source: str, params: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The source's column names and (where the driver says) types, reading no row."""
    with engine.session() as session:
        cursor = session.run(f"SELECT * FROM {source} WHERE 1 = 0", params)  # noqa: S608 - quoted
        cursor.fetchmany(1)
        return cursor.names, cursor.types


def _tables(engine: Engine) -> list[str] | None:
    """The tables and views of ``engine`` (for a message naming what there is), or
    ``None`` when they cannot be listed (the database cannot be reached)."""
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name",
        "duckdb": "SELECT table_name FROM information_schema.tables ORDER BY table_name",
        "postgresql": "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name",
    }.get(engine.dialect)
    if sql is None:
        return None
    try:
        with engine.session() as session:
            return [str(row[0]) for row in session.run(sql, {}).fetchmany(100)]
    except InputError:
        return None


def _open(
    engine: Engine,
    *,
    source: str,
    params: Mapping[str, Any],
    columns: Mapping[str, str] | None,
    zone: ZoneInfo,
    levels: Iterable[str],
    where: str,
    table: str | None = None,
) -> DatabaseItems:
    try:
        names, types = _probe(engine, source, {**params, "zone": zone.key})
    except InputError:
        found = None if table is None else _tables(engine)
        if table is None or found is None or table.rpartition(".")[2] in found:
            # not a missing table: the connection or the query failed
            raise
        raise InputError.of(
            "database.no_table", engine.name, where, table=repr(table), found=", ".join(found)
        ) from None
    mapped = _resolve(columns, names, engine.name, where)
    return DatabaseItems(
        engine,
        source=source,
        params=params,
        columns=mapped,
        types=dict(zip(names, types, strict=False)),
        zone=zone,
        levels=list(levels),
        where=where,
    )


def open_database(
    url: str,
    *,
    table: str | None = None,
    query: str | None = None,
    columns: Mapping[str, str] | None = None,
    zone: str | ZoneInfo = DEFAULT_TIME_ZONE,
    levels: Iterable[str] = (),
    folder: str | Path | None = None,
    name: str | None = None,
) -> DatabaseItems:
    """Item records in a database table or query, counted in the database.

    Args:
        url: ``sqlite:///records.db`` (three slashes: relative to ``folder``; four: an
            absolute path), ``duckdb:///records.duckdb``, ``duckdb:`` (in memory, with a
            ``query`` reading CSV or Parquet files), or any SQLAlchemy URL such as
            ``postgresql+psycopg://clerk@db.example/records``. Keep passwords out of it
            where you can (PGPASSWORD, ``~/.pgpass``); messages never show one.
        table: the table (or view) of item rows; a name, quoted by the engine.
        query: instead of ``table``, one ``SELECT`` whose rows are items.
        columns: which column holds which figure (:data:`FIGURES`) when the names
            differ, e.g. ``{"unit": "dept", "submitted_on": "created_at"}``.
        zone: the office's time zone: timestamps with an offset count in its months.
        levels: the notice's level names: every adopted item's level must be one.
        folder: the folder relative file names are in (the notice's).
        name: the source in messages (default: the URL without its password).

    Raises:
        InputError: no driver, the database cannot be opened, no such table or column,
            or the query fails; located at the URL (without its password).
    """
    shown = name or masked(url)
    where = "table" if table is not None else "query"
    if (table is None) == (query is None):
        raise InputError.of("database.table_or_query", shown, None)
    office = _zone(zone, shown)
    engine = connect_engine(url, office, None if folder is None else Path(folder), shown)
    if table is not None:
        if not table.strip():
            raise InputError.of("database.table_or_query", shown, None)
        source = ".".join(engine.quote(part) for part in table.split(".")) + " AS items"
        where = f"table {table}"
    else:
        assert query is not None
        if engine.dialect == "duckdb":
            single_select(query, shown)
        source = f"({query.strip().rstrip(';')}) AS items"
    return _open(
        engine,
        source=source,
        params={},
        columns=columns,
        zone=office,
        levels=levels,
        where=where,
        table=table,
    )


def parquet_items(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    zone: str | ZoneInfo = DEFAULT_TIME_ZONE,
    levels: Iterable[str] = (),
    name: str | None = None,
) -> DatabaseItems:
    """Item records in a Parquet file, read and counted by DuckDB in process.

    Args and errors as :func:`open_database`, with ``path`` the ``.parquet`` file.
    """
    path = Path(path)
    shown = name or path.name
    regular_file(path, "data file")
    office = _zone(zone, shown)
    engine = DuckDB(None, shown, office)
    source = "read_parquet($parquet) AS items"
    return _open(
        engine,
        source=source,
        params={"parquet": str(path)},
        columns=columns,
        zone=office,
        levels=levels,
        where="Parquet file",
    )
