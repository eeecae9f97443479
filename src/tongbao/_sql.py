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
from ._itemcells import accepted_words, adopted_words, instructed_value
from ._items import DEFAULT_TIME_ZONE, Adding, Item, ItemCounts
from ._model import Unit, normalize_name
from ._problems import Collector
from ._sqlcolumns import (
    FIGURES,
    adopted_value,
    month_day,
    resolve_columns,
    text_of,
)
from ._sqldates import BAD, local_day, month_ordinal
from ._sqlengines import (
    DuckDB,
    Engine,
    Session,
    connect_engine,
    masked,
    single_select,
)
from .errors import InputError

__all__ = [
    "FIGURES",
    "DatabaseItems",
    "open_database",
    "parquet_items",
]

CHUNK = 10_000
"""Items fetched at a time by :meth:`DatabaseItems.items`."""
DISTINCT_MOST = 10_000
"""The most distinct 批示 values read to count a columnar source's instructions by
name; with more, each row's text is tested."""
DISTINCT_NONE_MOST = 200
"""The most of those values saying "none" that are left out by name."""


class _Problem(NamedTuple):
    """What is wrong with a value: its code, the figure, the raw value (``BAD``: the
    engine's date function refused it), and for a name that cannot be one, the error
    its reading raised (reported as it is, as an item file reports it)."""

    code: str
    figure: str
    value: Any
    error: InputError | None = None

    @classmethod
    def of(cls, code: str, figure: str, value: Any) -> _Problem:
        """The problem ``code`` (a catalogue code) with ``figure``'s ``value``."""
        return cls(code, figure, value)


def _zone(zone: str | ZoneInfo, name: str) -> ZoneInfo:
    key = zone.key if isinstance(zone, ZoneInfo) else zone
    # An IANA name only: DuckDB's SET takes no parameter, so the name must be plain.
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]{0,63}", key):
        raise InputError.of("database.bad_zone", name, None, zone=repr(key))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError.of("database.bad_zone", name, None, zone=repr(key)) from None


def _first_problem(names: object, month: object, adoption: object) -> _Problem | None:
    """What is wrong with a counted row: its unit (NULL, only spaces, or no name), its
    month (no date), or its adoption (neither, or a level that is not one)."""
    for part in (names, month, adoption):
        if isinstance(part, _Problem):
            return part
    return None


def _about_group(error: InputError) -> bool:
    """Whether a :class:`~tongbao.Unit`'s error is about its group."""
    return any("group" in problem.location.path for problem in error.problems)


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
        adopted_values: Mapping[str, bool] | None = None,
        columnar: bool = False,
    ) -> None:
        self.engine = engine
        self.source = source
        self.params = {**params, "zone": zone.key}
        self.columns = dict(columns)
        self.types = dict(types)
        self.zone = zone
        self.levels = tuple(levels)
        self.where = where
        self.adopted_values = dict(adopted_values or {})
        """A system's own 是否采用 words, by their normal form (:func:`adopted_words`)."""
        self._level_names = {normalize_name(level, "level"): level for level in self.levels}
        """The notice's spelling of each level, by its normal form (as item files)."""
        self.columnar = columnar
        """The items are a table or file stored by column (DuckDB's, Parquet): reading
        one column costs a small part of reading them all."""
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

    def _instructed(self, session: Session) -> tuple[str, dict[str, Any]]:
        """``1`` when the 批示 column holds an instruction, as SQL, and its parameters."""
        if not self.instructions:
            return "0", {}
        return self.engine.instructed(session, self._column("instructions"))

    def _instructions_total(self, session: Session) -> tuple[str, dict[str, Any]]:
        """The aggregate of a group's instructed items, and its parameters.

        When the items are stored by column (:attr:`columnar`), the 批示 column's
        distinct values (a scan of that column) are read as a file's cells are: with
        none saying "none" the aggregate is the column's ``COUNT``, else those values
        are left out by name; testing the text of every row costs far more.
        """
        if "count" in self.columns:  # rows that stand for several items each
            instructed, params = self._instructed(session)
            return f"SUM({instructed} * COALESCE({self._column('count')}, 0))", params
        if self.instructions and self.columnar:
            column = self._column("instructions")
            sql = (
                f"SELECT DISTINCT {column} FROM {self.source}"  # noqa: S608 - identifiers quoted
                f" WHERE {column} IS NOT NULL LIMIT {DISTINCT_MOST + 1}"
            )
            values = [row[0] for row in self._run(session, sql, {})]
            if len(values) <= DISTINCT_MOST:
                saying_none = [v for v in values if not instructed_value(v)]
                none = {f"none{i}": value for i, value in enumerate(saying_none)}
                if not none:
                    return f"COUNT({column})", {}
                if len(none) <= DISTINCT_NONE_MOST:
                    listed = ", ".join(self.engine.param(name) for name in none)
                    return (
                        f"SUM(CASE WHEN {column} IS NULL THEN 0"
                        f" WHEN {column} IN ({listed}) THEN 0 ELSE 1 END)",
                        none,
                    )
        instructed, params = self._instructed(session)
        return f"SUM({instructed})", params

    def _month_sql(self) -> tuple[str, bool]:
        """The month's SQL, and whether it is an ordinal (else a raw value to read)."""
        if "month" in self.columns:
            return self._column("month"), False
        column = self._column("submitted_on")
        typed = self.types.get(self.columns["submitted_on"], "")
        sql = self.engine.month(column, typed)
        return (self.engine.date_key(column, typed), False) if sql is None else (sql, True)

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

    def _prepare(self, session: Session) -> None:
        if "submitted_on" in self.columns:
            column = self.columns["submitted_on"]
            typed = self.types.get(column, "")
            self.engine.prepare(
                session, self.source, self._column("submitted_on"), typed, self.params
            )

    def _count_sql(self, present: Sequence[str], instructions: str) -> tuple[str, bool]:
        """The ``GROUP BY`` (``instructions``: the aggregate of instructed items), and
        whether its month is an ordinal (else a raw value)."""
        month, ordinal = self._month_sql()
        keys = [*(self._column(f) for f in present), month]
        if "count" in self.columns:  # rows that stand for several items each
            total = f"SUM(COALESCE({self._column('count')}, 0))"
        else:
            total = "COUNT(*)"
        select = [*keys, instructions, total]
        grouped = ", ".join(str(i) for i in range(1, len(keys) + 1))
        sql = f"SELECT {', '.join(select)} FROM {self.source} GROUP BY {grouped}"  # noqa: S608 - identifiers quoted, values bound
        return sql, ordinal

    def _count(self) -> ItemCounts:
        figures = ["unit", "group", "adopted", "level"]
        present = [f for f in figures if f in self.columns]
        has_group = "group" in present
        adopted_at = present.index("adopted") if "adopted" in present else None
        level_at = present.index("level") if "level" in present else None
        problems = Collector(self.name)
        adding = Adding()
        groups: dict[str, list[str | None]] = {}  # each unit's groups, to find several
        # The few distinct values of each part of a row, each read once.
        names: dict[tuple[Any, Any], tuple[str, str | None] | _Problem] = {}
        months: dict[Any, int | _Problem] = {}
        adoptions: dict[tuple[Any, Any], tuple[bool, str | None] | _Problem] = {}
        with self.engine.session() as session:
            self._prepare(session)
            instructions, params = self._instructions_total(session)
            sql, ordinal = self._count_sql(present, instructions)
            width = len(present)
            for row in self._run(session, sql, params):
                who = (row[0], row[1] if has_group else None)
                names_of = names.get(who)
                if names_of is None:
                    names_of = names[who] = self._names(*who)
                    if not isinstance(names_of, _Problem):
                        of_unit = groups.setdefault(names_of[0], [])
                        if names_of[1] not in of_unit:
                            of_unit.append(names_of[1])
                month_value = row[width]
                ordinal_of = months.get(month_value)
                if ordinal_of is None:
                    ordinal_of = months[month_value] = self._month_of(month_value, ordinal)
                pair = (
                    row[adopted_at] if adopted_at is not None else None,
                    row[level_at] if level_at is not None else None,
                )
                adoption = adoptions.get(pair)
                if adoption is None:
                    raw = dict(zip(present, row, strict=False))
                    adoption = adoptions[pair] = self._adoption(raw)
                number = int(row[width + 2] or 0)
                problem = _first_problem(names_of, ordinal_of, adoption)
                if problem is not None:
                    self._report(session, problems, problem, number)
                    if len(problems) >= 20:
                        break
                    continue
                assert not isinstance(names_of, _Problem)
                assert isinstance(ordinal_of, int)
                assert not isinstance(adoption, _Problem)
                unit, group = names_of
                adopted, level = adoption
                instructed = int(row[width + 1] or 0)
                adding.add(unit, group, ordinal_of, adopted, level, instructed, number)
        self._one_group_each(groups, problems)
        problems.raise_if_any()
        # Units in order of name: the same counts whatever order the database returns
        # its rows in.
        return adding.counts(instructions=self.instructions, by_name=True)

    def _one_group_each(self, groups: Mapping[str, list[str | None]], problems: Collector) -> None:
        """Add a problem for each unit the records put in several groups (类别)."""
        for unit, several in groups.items():
            if len(several) > 1:
                problems.add(
                    "database.unit_two_groups",
                    self._place("group"),
                    unit=unit,
                    groups=", ".join(sorted(repr(group or "") for group in several)),
                )

    def _month_of(self, value: Any, ordinal: bool) -> int | _Problem:
        """The month ordinal of a grouped month value, or the problem with it."""
        figure = "month" if "month" in self.columns else "submitted_on"
        if value is None:
            return _Problem.of("database.empty", figure, None)
        if ordinal:
            if value == BAD:
                return _Problem.of("database.not_a_date", figure, BAD)
            return int(value)
        day = month_day(value) if figure == "month" else local_day(value, self.zone)
        if day is None:
            return _Problem.of("database.not_a_date", figure, value)
        return month_ordinal(day)

    def _names(self, unit: Any, group: Any) -> tuple[str, str | None] | _Problem:
        """The unit's name and group of raw 单位 and 类别 values, as an item file reads
        them (:class:`~tongbao.Unit`: NFKC, inner spaces as one), or the problem."""
        text = text_of(unit)
        if text is None:
            return _Problem.of("database.empty", "unit", unit)
        try:
            read = Unit(unit if isinstance(unit, str) else text, group=text_of(group))
        except InputError as exc:
            figure = "group" if "group" in self.columns and _about_group(exc) else "unit"
            value = group if figure == "group" else unit
            return _Problem(exc.problems[0].code, figure, value, exc)
        return read.name, read.group

    def _adoption(self, raw: Mapping[str, Any]) -> tuple[bool, str | None] | _Problem:
        """(adopted, level) of the raw 是否采用 and 采用级别 values, or the problem,
        checked in the order an item file checks them."""
        adopted: bool | None = None
        if "adopted" in self.columns:
            adopted = adopted_value(raw["adopted"], self.adopted_values)
            if adopted is None:
                return _Problem.of("database.bad_adoption", "adopted", raw["adopted"])
        level = None
        cell = raw.get("level")
        if "level" in self.columns and text_of(cell) is not None:
            try:
                normal = normalize_name(str(cell), "level")
            except InputError as exc:
                return _Problem(exc.problems[0].code, "level", cell, exc)
            level = self._level_names.get(normal) if self.levels else normal
            if level is None:
                return _Problem.of("database.unknown_level", "level", cell)
        if adopted is False and level is not None:
            return _Problem.of("database.level_not_adopted", "level", cell)
        if adopted and level is None and self.levels:
            if "level" in self.columns:
                return _Problem.of("database.adopted_without_level", "level", cell)
            return _Problem.of("database.no_level_column", "adopted", raw["adopted"])
        return bool(adopted) or level is not None, level

    def _report(self, session: Session, problems: Collector, problem: _Problem, count: int) -> None:
        """Add ``problem`` with an example row (``LIMIT 1``) where the value is."""
        code, figure, value, error = problem
        column = self._column(figure)
        if figure == "submitted_on":  # the value may be what stands for the date
            key, ordinal = self._month_sql()
            column = column if ordinal else key
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
        if error is not None:  # a name that cannot be one: its own words, and where
            rows = f"{count} row{'s' if count != 1 else ''}{example[0] if example else ''}"
            problems.adopt(error, self._place(figure), prefix=f"{rows}: ")
            return
        shown = example[1] if value == BAD and example else value
        problems.add(
            code,
            self._place(figure),
            figure=figure,
            value=repr(shown) if shown is not None else "NULL",
            count=count,
            row=example[0] if example else "",
            levels=", ".join(self.levels),
            accepted=accepted_words(self.adopted_values),
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
            title = text_of(values.get("title")) or ""
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
        if "submitted_on" not in self.columns or "count" in self.columns:
            raise InputError.of("database.no_dates", self.name, self.where)
        figures = [f for f in ("unit", "group", "title", "adopted", "level") if f in self.columns]
        column = self._column("submitted_on")
        # The 批示 cell itself: it is read in Python, as a file's cell is.
        instruction = self._column("instructions") if self.instructions else "NULL"
        params: dict[str, Any] = {}
        with self.engine.session() as session:
            self._prepare(session)
            day = self.engine.local_date(column, self.types.get(self.columns["submitted_on"], ""))
            select = [*(self._column(f) for f in figures), day or column, instruction]
            sql = f"SELECT {', '.join(select)} FROM {self.source}"  # noqa: S608 - identifiers quoted, values bound
            if day is not None:
                low, high = self.engine.param("first"), self.engine.param("last")
                sql += f" WHERE {day} BETWEEN {low} AND {high}"
                as_text = self.engine.dialect == "sqlite"  # its tongbao_date gives ISO text
                params |= {
                    "first": first.isoformat() if as_text else first,
                    "last": last.isoformat() if as_text else last,
                }
            # The few distinct names and adoptions, each read once (as in counts()).
            names: dict[tuple[Any, Any], tuple[str, str | None] | _Problem] = {}
            adoptions: dict[tuple[Any, Any], tuple[bool, str | None] | _Problem] = {}
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
                who = (raw["unit"], raw.get("group"))
                if who not in names:
                    names[who] = self._names(*who)
                pair = (raw.get("adopted"), raw.get("level"))
                if pair not in adoptions:
                    adoptions[pair] = self._adoption(raw)
                yield self._item(raw, on, instructed_value(flag), names[who], adoptions[pair])

    def _item(
        self,
        raw: Mapping[str, Any],
        on: datetime.date,
        instructed: bool,
        names: tuple[str, str | None] | _Problem,
        adoption: tuple[bool, str | None] | _Problem,
    ) -> Item:
        """The item of a row, given its names and adoption as read; or its problem."""
        title = text_of(raw["title"])
        if isinstance(names, _Problem):
            problem = names
        elif title is None:
            problem = _Problem.of("database.empty", "title", None)
        elif isinstance(adoption, _Problem):
            problem = adoption
        else:
            unit, group = names
            adopted, level = adoption
            return Item(unit, title, on, adopted, level, instructed, group)
        code, figure, value, error = problem
        written = text_of(raw["unit"]) or ""
        if error is not None:
            named = Collector(self.name)
            named.adopt(error, self._place(figure), prefix=f"the row {written} {on}: ")
            named.raise_if_any()
        raise InputError.of(
            code,
            self.name,
            self._place(figure),
            figure=figure,
            value=repr(value) if value is not None else "NULL",
            count=1,
            row=f"; e.g. the row {written} {on.isoformat()}".replace("  ", " "),
            levels=", ".join(self.levels),
            accepted=accepted_words(self.adopted_values),
        )


# --- opening --------------------------------------------------------------------------


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
    adopted_values: Mapping[str, bool],
    columnar: bool = False,
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
    mapped = resolve_columns(columns, names, engine.name, where)
    return DatabaseItems(
        engine,
        source=source,
        params=params,
        columns=mapped,
        types=dict(zip(names, types, strict=False)),
        zone=zone,
        levels=list(levels),
        where=where,
        adopted_values=adopted_values,
        columnar=columnar,
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
    adopted_values: Mapping[str, bool] | None = None,
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
        adopted_values: a system's own words in the ``adopted`` column and what each
            means, True (adopted) or False (not): ``{"已发布": True, "退回": False}``,
            compared as the built-in 是/否 … are (case and width ignored); a whole
            number is looked up by its digits (``{"2": False}``). They add to the
            built-in words.

    Raises:
        InputError: no driver, the database cannot be opened, no such table or column,
            or the query fails; a wrong ``zone`` or ``adopted_values`` (an empty word,
            one that means the opposite of a built-in word or of another of its words);
            located at the URL (without its password).
    """
    shown = name or masked(url)
    where = "table" if table is not None else "query"
    if (table is None) == (query is None):
        raise InputError.of("database.table_or_query", shown, None)
    office = _zone(zone, shown)
    words = adopted_words(adopted_values, shown)
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
        adopted_values=words,
        # A query may read a CSV file: a second query would read all of it again.
        columnar=engine.dialect == "duckdb" and table is not None,
    )


def parquet_items(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    zone: str | ZoneInfo = DEFAULT_TIME_ZONE,
    levels: Iterable[str] = (),
    name: str | None = None,
    adopted_values: Mapping[str, bool] | None = None,
) -> DatabaseItems:
    """Item records in a Parquet file, read and counted by DuckDB in process.

    Args and errors as :func:`open_database`, with ``path`` the ``.parquet`` file.
    """
    path = Path(path)
    shown = name or path.name
    regular_file(path, "data file")
    office = _zone(zone, shown)
    words = adopted_words(adopted_values, shown)
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
        adopted_values=words,
        columnar=True,
    )
