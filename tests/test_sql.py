"""Item records in databases: SQLite, DuckDB (tables, CSV and Parquet) and PostgreSQL
count the same items the same way as the items counted in Python.

PostgreSQL runs when ``TONGBAO_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts a
throwaway one); without it those tests skip naming the Debian package, and fail under
``--require-tools``.
"""

from __future__ import annotations

import csv
import datetime
import os
import random
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tongbao
from tongbao import InputError, Period, Unit
from tongbao._itemcells import when_value
from tongbao._items import Item, ItemCounts, count_items, local_date
from tongbao._sql import DatabaseItems, open_database, parquet_items
from tongbao._sqldates import date_functions, local_day, utc_offsets
from tongbao._sqlengines import _NAIVE_DAY, masked

from . import tools
from .conftest import ROOT

ZONE = ZoneInfo("Asia/Shanghai")
LEVELS = ("省级", "市级")
ROSTER = [
    Unit("城东镇", group="镇街"),
    Unit("城西镇", group="镇街"),
    Unit("O'Neil 街道", group="街道"),  # a quote: every value is a bound parameter
    Unit("教育局", group="部门"),
    Unit("没有信息的局", group="部门"),  # no items: zeros
]
MAPPING = {
    "unit": "dept",
    "group": "kind",
    "title": "subject",
    "submitted_on": "created_at",
    "adopted": "used",
    "level": "where_used",
    "instructions": "批示",
}
YES = ("是", "Y", "1", "已采用", "true")
NO = ("否", "N", "0", "未采用", "", None)


class Record(NamedTuple):
    """One generated item as the submission system stores it."""

    unit: str
    group: str
    title: str
    when: datetime.date | datetime.datetime
    adopted: str | None
    level: str | None
    instruction: str | None

    @property
    def item(self) -> Item:
        instructed = (self.instruction or "").strip().lower() not in ("", "否", "0")
        day = local_date(self.when, ZONE)
        return Item(
            self.unit, self.title, day, self.level is not None, self.level, instructed, self.group
        )

    @property
    def aware(self) -> datetime.datetime:
        """The instant, naive values and dates taken as the office's local time."""
        when = self.when
        if not isinstance(when, datetime.datetime):
            when = datetime.datetime.combine(when, datetime.time())
        return when if when.tzinfo is not None else when.replace(tzinfo=ZONE)


def _when(rng: random.Random) -> datetime.date | datetime.datetime:
    """Near month ends, so a zone's offset moves items across months (and a year)."""
    year, month = rng.choice([(2023, 11), (2023, 12), (2024, 1), (2024, 2), (2024, 3)])
    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    day = rng.choice([first, first + datetime.timedelta(days=rng.randrange(27)), last])
    clock = datetime.time(rng.randrange(24), rng.randrange(60), rng.randrange(60))
    kind = rng.randrange(4)
    if kind == 0:
        return day
    naive = datetime.datetime.combine(day, clock)
    if kind == 1:
        return naive
    offset = datetime.UTC if kind == 2 else datetime.timezone(datetime.timedelta(hours=-5))
    return naive.replace(tzinfo=offset)


def generate(seed: int = 17, number: int = 600) -> list[Record]:
    rng = random.Random(seed)
    records = []
    for i in range(number):
        unit = rng.choice(ROSTER[:4])
        level = rng.choice([None, None, *LEVELS])
        adopted = rng.choice(YES) if level else rng.choice(NO)
        instruction = rng.choice([None, "", "否", "请阅办", "是", None])
        title = f"{unit.name}关于第{i % 50}项工作的信息"
        records.append(
            Record(unit.name, unit.group or "", title, _when(rng), adopted, level, instruction)
        )
    return records


RECORDS = generate()
EXPECTED = count_items([r.item for r in RECORDS], instructions=True)


def _text_when(record: Record, number: int) -> str:
    """Dates written the ways data files write them."""
    when = record.when
    if isinstance(when, datetime.datetime) and when.tzinfo is not None:
        return when.isoformat()
    if isinstance(when, datetime.datetime):
        shapes = (f"{when:%Y-%m-%d %H:%M:%S}", f"{when:%Y/%m/%d %H:%M}", when.isoformat())
        return shapes[number % 3]
    return [when.isoformat(), f"{when.year}年{when.month}月{when.day}日"][number % 2]


# --- writing the records to each database --------------------------------------------


def write_sqlite(path: Path, records: Sequence[Record]) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE submissions (id INTEGER PRIMARY KEY, dept TEXT, kind TEXT,"
            " subject TEXT, created_at TEXT, used, where_used TEXT, 批示 TEXT)"
        )
        connection.executemany(
            "INSERT INTO submissions (dept, kind, subject, created_at, used, where_used, 批示)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                # SQLite keeps 1 and 0 as numbers in an untyped column: mixed with text
                (r.unit, r.group, r.title, _text_when(r, n), _stored(r.adopted, n), *r[5:])
                for n, r in enumerate(records)
            ],
        )
    connection.close()
    return path


def _stored(adopted: str | None, number: int) -> object:
    if adopted in ("1", "0") and number % 2:
        return int(adopted)
    return adopted


def write_duckdb(path: Path, records: Sequence[Record]) -> Path:
    import duckdb

    connection = duckdb.connect(str(path))
    connection.execute(
        "CREATE TABLE submissions (dept VARCHAR, kind VARCHAR, subject VARCHAR,"
        " created_at TIMESTAMPTZ, used BOOLEAN, where_used VARCHAR, 批示 VARCHAR)"
    )
    rows = [
        (r.unit, r.group, r.title, r.aware, r.level is not None, r.level, r.instruction)
        for r in records
    ]
    # One statement: DuckDB's executemany runs a statement per row, slowly.
    values = ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(rows))
    connection.execute(f"INSERT INTO submissions VALUES {values}", [v for r in rows for v in r])
    connection.close()
    return path


def write_csv(path: Path, records: Sequence[Record]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["单位", "类别", "标题", "报送时间", "是否采用", "采用级别", "批示"])
        for n, r in enumerate(records):
            writer.writerow([r.unit, r.group, r.title, _text_when(r, n), *(v or "" for v in r[4:])])
    return path


def write_parquet(path: Path, database: Path) -> Path:
    import duckdb

    connection = duckdb.connect(str(database), read_only=True)
    connection.execute(f"COPY submissions TO '{path}' (FORMAT parquet)")
    connection.close()
    return path


# --- the sources -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sql")


@pytest.fixture(scope="module")
def sqlite_db(folder: Path) -> Path:
    return write_sqlite(folder / "records.db", RECORDS)


@pytest.fixture(scope="module")
def duckdb_db(folder: Path) -> Path:
    return write_duckdb(folder / "records.duckdb", RECORDS)


def open_sqlite(folder: Path, **options: Any) -> DatabaseItems:
    options.setdefault("table", "submissions")
    options.setdefault("columns", MAPPING)
    return open_database("sqlite:///records.db", folder=folder, levels=LEVELS, **options)


def test_sqlite_counts_as_python_does(sqlite_db: Path, folder: Path) -> None:
    source = open_sqlite(folder)
    assert source.counts() == EXPECTED
    period = Period.parse("2023-12/2024-02")
    assert source.counts().tallies(period, units=ROSTER, levels=LEVELS) == EXPECTED.tallies(
        period, units=ROSTER, levels=LEVELS
    )
    assert source.name == "sqlite:///records.db"


def test_duckdb_table_counts_as_python_does(duckdb_db: Path, folder: Path) -> None:
    source = open_database(
        f"duckdb:///{duckdb_db}", table="submissions", columns=MAPPING, levels=LEVELS
    )
    assert source.counts() == EXPECTED


def test_duckdb_reads_a_csv_log_by_its_headings(folder: Path) -> None:
    """Text dates in DuckDB go through the same parsing as SQLite's; headings map."""
    write_csv(folder / "items.csv", RECORDS)
    source = open_database(
        "duckdb:",
        query="SELECT * FROM read_csv('items.csv', all_varchar = true)",
        levels=LEVELS,
        folder=folder,
    )
    assert not source.columnar  # a query may read a CSV file: it is read once
    assert source.counts() == EXPECTED
    # Each session registers the date functions again (the items after the counts).
    first, last = datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)
    items = list(source.items(first, last))
    assert len(items) == sum(first <= r.item.submitted_on <= last for r in RECORDS)


def test_duckdb_keeps_a_database_only_while_nothing_is_registered_in_it() -> None:
    """The in-memory database of a session that registered no Python function serves
    the next session only (starting DuckDB takes 30 ms, an idle one holds 4 MiB); one
    with a function is closed, as a function left in a database's catalog can crash
    another connection that calls it."""
    from tongbao._sqlengines import DuckDB, _DuckSession

    engine = DuckDB(None, "memory", ZONE)
    with engine.session() as first:
        assert isinstance(first, _DuckSession)
    assert engine._idle is first.connection
    with engine.session() as second:
        assert isinstance(second, _DuckSession)
        assert second.connection is first.connection
    assert engine._idle is None  # served once, then closed
    with engine.session() as third:
        assert isinstance(third, _DuckSession)
        engine.instructed(third, '"x"')  # registers tongbao_instructed
    assert engine._idle is None  # a database with a function is never kept
    with engine.session() as fourth:
        assert isinstance(fourth, _DuckSession)
        assert fourth.connection is not third.connection
        assert fourth.run("SELECT 1", {}).fetchmany(1) == [(1,)]


def test_parquet_counts_as_python_does(folder: Path, duckdb_db: Path) -> None:
    path = write_parquet(folder / "items.parquet", duckdb_db)
    source = parquet_items(path, columns=MAPPING, levels=LEVELS)
    assert source.counts() == EXPECTED
    assert source.name == "items.parquet"


@pytest.mark.parametrize(
    ("none_said", "says"),
    [
        ("every cell that says none is NULL", None),
        ("one cell says none", " NO "),
        ("one cell says none in Chinese", "无"),
    ],
)
def test_duckdb_counts_instructions_whatever_the_cells_say(
    tmp_path: Path, none_said: str, says: str | None
) -> None:
    """DuckDB counts the 批示 column itself when no cell says "none" (a scan of that
    column proves it), else tests each row's text: both give Python's counts."""
    records = [
        r._replace(
            instruction=None if (r.instruction or "").strip() in ("", "否") else r.instruction
        )
        for r in RECORDS
    ]
    if says is not None:
        records[7] = records[7]._replace(instruction=says)
    database = write_duckdb(tmp_path / "r.duckdb", records)
    path = write_parquet(tmp_path / "items.parquet", database)
    # The cell that says none counts as no instruction, as an empty one does.
    read = [r._replace(instruction=None) if r.instruction == says else r for r in records]
    expected = count_items([r.item for r in read], instructions=True)
    table = open_database(
        f"duckdb:///{database}", table="submissions", columns=MAPPING, levels=LEVELS
    )
    for source in (parquet_items(path, columns=MAPPING, levels=LEVELS), table):
        assert source.columnar
        assert source.counts() == expected, none_said
    instructed = sum(m.instructions for m in expected.months.values())
    assert instructed == sum(r.instruction is not None and r.instruction != says for r in records)


def test_the_zone_moves_items_across_months(duckdb_db: Path, sqlite_db: Path) -> None:
    """In UTC the same records count in other months than in Shanghai: naive values
    stay as written (SQLite's text), instants move (DuckDB's TIMESTAMPTZ)."""
    utc = ZoneInfo("UTC")

    def counted(day: Any) -> Any:
        return count_items(
            [
                Item(r.unit, r.title, day(r), bool(r.level), r.level, r.item.instructed, r.group)
                for r in RECORDS
            ]
        )

    written = counted(lambda r: local_date(r.when, utc))
    instants = counted(lambda r: local_date(r.aware, utc))
    sqlite = open_database(
        f"sqlite:///{sqlite_db}", table="submissions", columns=MAPPING, zone="UTC"
    )
    duck = open_database(f"duckdb:///{duckdb_db}", table="submissions", columns=MAPPING, zone=utc)
    assert sqlite.counts().months == written.months != EXPECTED.months
    assert duck.counts().months == instants.months != written.months


def test_items_in_a_range_are_the_same_items(sqlite_db: Path, duckdb_db: Path) -> None:
    first, last = datetime.date(2024, 1, 1), datetime.date(2024, 2, 10)
    wanted = sorted((r.item for r in RECORDS if first <= r.item.submitted_on <= last), key=_order)
    assert wanted
    for url in (f"sqlite:///{sqlite_db}", f"duckdb:///{duckdb_db}"):
        source = open_database(url, table="submissions", columns=MAPPING, levels=LEVELS)
        assert sorted(source.items(first, last), key=_order) == wanted, url


def _order(item: Item) -> tuple[str, str, datetime.date, str]:
    return (item.unit, item.title, item.submitted_on, item.level or "")


PLAIN_DATES = (
    " FROM submissions WHERE created_at LIKE '____-__-__%' AND created_at NOT LIKE '%+%'"
    " AND created_at NOT LIKE '%-05:00'"
)
"""The records whose month is the first seven characters of their text."""


def _plain_counts() -> ItemCounts:
    plain = [
        r
        for n, r in enumerate(RECORDS)
        if not (isinstance(r.when, datetime.datetime) and r.when.tzinfo is not None)
        and re.match(r"\d{4}-\d\d-\d\d", _text_when(r, n))
    ]
    return count_items(
        [Item(r.unit, r.title, r.item.submitted_on, r.level is not None, r.level) for r in plain]
    )


def test_a_month_column_instead_of_dates(sqlite_db: Path) -> None:
    """The recipe for engines tongbao cannot convert dates in: the query gives the month."""
    source = open_database(
        f"sqlite:///{sqlite_db}",
        query="SELECT dept AS unit, subject AS title, where_used AS level,"
        " substr(created_at, 1, 7) AS month" + PLAIN_DATES,
    )
    assert source.counts() == _plain_counts()
    with pytest.raises(InputError) as caught:
        list(source.items(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)))
    assert caught.value.problems[0].code == "database.no_dates"


def test_a_query_that_has_counted_already(sqlite_db: Path) -> None:
    """The engine groups and counts; tongbao adds the counts up (SUM of ``count``)."""
    source = open_database(
        f"sqlite:///{sqlite_db}",
        query="SELECT dept, where_used, substr(created_at, 1, 7) AS month, COUNT(*) AS n"
        + PLAIN_DATES
        + " GROUP BY 1, 2, 3",
        columns={"unit": "dept", "level": "where_used", "count": "n"},
    )
    assert source.counts() == _plain_counts()
    with pytest.raises(InputError) as caught:
        list(source.items(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)))
    assert caught.value.problems[0].code == "database.no_dates"


def test_a_sqlalchemy_dialect_without_date_functions(sqlite_db: Path) -> None:
    """Through SQLAlchemy's own SQLite dialect tongbao converts no date in SQL: the raw
    values are grouped and converted in Python, with the same result."""
    pytest.importorskip("sqlalchemy")
    source = open_database(
        f"sqlite+pysqlite:///{sqlite_db}", table="submissions", columns=MAPPING, levels=LEVELS
    )
    assert source.counts() == EXPECTED
    first, last = datetime.date(2023, 12, 31), datetime.date(2024, 1, 1)
    wanted = sorted((r.item for r in RECORDS if first <= r.item.submitted_on <= last), key=_order)
    assert sorted(source.items(first, last), key=_order) == wanted


# --- read-only, bound values, credentials -----------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO submissions (dept) VALUES ('写入')",
        "CREATE TABLE written (a INTEGER)",
        "DELETE FROM submissions",
    ],
)
@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_a_write_through_the_connection_fails(
    kind: str, statement: str, sqlite_db: Path, duckdb_db: Path
) -> None:
    url = f"sqlite:///{sqlite_db}" if kind == "sqlite" else f"duckdb:///{duckdb_db}"
    source = open_database(url, table="submissions", columns=MAPPING)
    with source.engine.session() as session, pytest.raises(InputError) as caught:
        session.run(statement, {})
    assert caught.value.problems[0].code == "database.query_failed"
    assert re.search(r"read.?only", str(caught.value), re.I), str(caught.value)
    assert source.counts() == open_database(url, table="submissions", columns=MAPPING).counts()
    assert sum(m.submitted for m in source.counts().months.values()) == len(RECORDS)


def test_a_duckdb_query_is_one_select(folder: Path) -> None:
    target = folder / "written.csv"
    with pytest.raises(InputError) as caught:
        open_database("duckdb:", query=f"SELECT 1 AS a; COPY (SELECT 1) TO '{target}'")
    assert caught.value.problems[0].code == "database.not_one_select"
    assert not target.exists()


def test_a_query_is_a_subquery(sqlite_db: Path) -> None:
    with pytest.raises(InputError) as caught:
        open_database(f"sqlite:///{sqlite_db}", query="SELECT 1) AS x; DROP TABLE submissions --")
    assert caught.value.problems[0].code == "database.query_failed"
    with sqlite3.connect(sqlite_db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM submissions").fetchone() == (len(RECORDS),)
    connection.close()


def grouped_items(path: Path, rows: Sequence[tuple[str, str, str, str, str]]) -> str:
    """An SQLite table of items with groups (单位, 类别, 标题, 报送日期, 是否采用)."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE items (单位, 类别, 标题, 报送日期, 是否采用)")
        connection.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)", rows)
    connection.close()
    return f"sqlite:///{path}"


def test_a_unit_in_two_groups_is_refused(tmp_path: Path) -> None:
    url = grouped_items(
        tmp_path / "groups.db",
        [
            ("城东镇", "镇街", "一条", "2018-03-05", "是"),
            ("区统计局", "部门", "二条", "2018-03-06", "否"),
            ("城东镇", "部门", "三条", "2018-03-07", "否"),
        ],
    )
    with pytest.raises(InputError) as caught:
        open_database(url, table="items").counts()
    (problem,) = caught.value.problems
    assert problem.code == "database.unit_two_groups"
    assert "城东镇 is in several groups ('部门', '镇街')" in problem.message
    assert problem.location.place.endswith("column 类别")


def test_a_unit_spelled_with_spaces_is_one_unit_in_one_group(tmp_path: Path) -> None:
    url = grouped_items(
        tmp_path / "spaces.db",
        [
            ("城东镇", "镇街", "一条", "2018-03-05", "是"),
            (" 城东镇 ", "镇街 ", "二条", "2018-03-06", "否"),
            ("区统计局", "部门", "三条", "2018-03-07", "否"),
        ],
    )
    counts = open_database(url, table="items").counts()
    assert counts.units == {"区统计局": "部门", "城东镇": "镇街"}
    (town, _bureau) = sorted(
        counts.tallies(Period.parse("2018-03")), key=lambda t: t.unit.name != "城东镇"
    )
    assert (town.unit.name, town.submitted, town.adopted) == ("城东镇", 2, 1)


def test_a_table_name_is_quoted_not_pasted(folder: Path) -> None:
    path = folder / "odd.db"
    with sqlite3.connect(path) as connection:
        connection.execute('CREATE TABLE "items ""of"" 2024" (单位, 标题, 报送日期, 是否采用)')
        connection.execute(
            'INSERT INTO "items ""of"" 2024" VALUES (?, ?, ?, ?)',
            ("O'Neil 街道", "一条", "2024-01-05", "是"),
        )
    connection.close()
    source = open_database(f"sqlite:///{path}", table='items "of" 2024')
    assert source.counts().tallies(Period.parse("2024-01"))[0].adopted == 1
    with pytest.raises(InputError) as caught:
        open_database(f"sqlite:///{path}", table="submissions; DROP TABLE x")
    problem = caught.value.problems[0]
    assert problem.code == "database.no_table"
    assert 'items "of" 2024' in problem.message


SECRET = "s3cr#t-Pa55"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://clerk:s3cr%23t-Pa55@127.0.0.1:1/records",
        "postgresql+psycopg://clerk@127.0.0.1:1/records?password=s3cr%23t-Pa55",
    ],
)
def test_a_password_never_appears_in_a_message(url: str) -> None:
    """Port 1 refuses the connection: the message names the server, not the password."""
    with pytest.raises(InputError) as caught:
        open_database(url, table="submissions")
    error = caught.value
    shown = " ".join(
        [
            str(error),
            error.text("zh"),
            repr(error.problems),
            *(p.location.file or "" for p in error.problems),
        ]
    )
    assert caught.value.problems[0].code == "database.cannot_connect"
    for secret in (SECRET, "s3cr%23t", "s3cr"):
        assert secret not in shown
    assert "***" in shown
    assert "127.0.0.1:1" in shown
    assert masked(url) in str(error)


def test_import_tongbao_imports_no_database_driver() -> None:
    code = (
        "import sys, tongbao; tongbao.open_database; import tongbao._sql; "
        "print(' '.join(m for m in ('duckdb', 'sqlalchemy', 'psycopg', 'pandas', 'pyarrow',"
        " 'sqlite3') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch, duckdb_db: Path) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(InputError) as caught:
        open_database(f"duckdb:///{duckdb_db}", table="submissions").counts()
    assert caught.value.problems[0].code == "database.no_driver"
    assert "tongbao[duckdb]" in str(caught.value)


def test_a_statement_running_too_long_is_stopped(
    monkeypatch: pytest.MonkeyPatch, sqlite_db: Path
) -> None:
    import tongbao._sqlengines

    source = open_database(f"sqlite:///{sqlite_db}", table="submissions", columns=MAPPING)
    monkeypatch.setattr(tongbao._sqlengines, "TIMEOUT_SECONDS", 0)
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    with source.engine.session() as session, pytest.raises(InputError) as caught:
        session.run(endless, {}).fetchmany(1)
    assert caught.value.problems[0].code == "database.timeout"


# --- located errors -----------------------------------------------------------------------


def _codes(error: InputError) -> list[str]:
    return [p.code for p in error.problems]


@pytest.mark.parametrize(
    ("options", "code", "shown"),
    [
        ({"table": "nothing_here"}, "database.no_table", "submissions"),
        ({"columns": {**MAPPING, "unit": "部门"}}, "database.no_column", "created_at"),
        ({"columns": {**MAPPING, "units": "dept"}}, "database.unknown_figure", "submitted_on"),
        ({"columns": {"unit": "dept"}}, "database.missing_figures", "submitted_on"),
        ({"table": None}, "database.table_or_query", "table"),
        ({"query": "SELECT 1"}, "database.table_or_query", "table"),
        ({"zone": "Mars/Olympus"}, "database.bad_zone", "Asia/Shanghai"),
        ({"zone": "Asia/Shanghai'; DROP"}, "database.bad_zone", "Asia/Shanghai"),
    ],
)
def test_what_is_wrong_with_the_table_is_named(
    sqlite_db: Path, folder: Path, options: dict[str, Any], code: str, shown: str
) -> None:
    with pytest.raises(InputError) as caught:
        open_sqlite(folder, **options)
    assert _codes(caught.value) == [code]
    assert shown in str(caught.value)
    assert caught.value.problems[0].location.file == "sqlite:///records.db"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("sqlite:///no-such.db", "database.no_file"),
        ("sqlite://", "database.bad_url"),
        ("records.db", "database.bad_url"),
        ("duckdb:///no-such.duckdb", "database.no_file"),
        ("nosuchdialect://x/y", "database.cannot_connect"),
    ],
)
def test_what_is_wrong_with_the_url_is_named(folder: Path, url: str, code: str) -> None:
    with pytest.raises(InputError) as caught:
        open_database(url, table="submissions", folder=folder)
    assert _codes(caught.value) == [code]


BAD_ROWS = [
    ("城东镇", "好的", "2024-01-05", "是", "省级"),
    ("城东镇", "日期坏了", "yesterday", "是", "省级"),
    (None, "没有单位", "2024-01-06", "否", None),
    ("城西镇", "采用不明", "2024-01-07", "it's maybe", None),
    ("城西镇", "国家级", "2024-01-08", "是", "国家级"),
    ("城西镇", "否而有级别", "2024-01-09", "否", "市级"),
    ("城西镇", "是而无级别", "2024-01-10", "是", None),
]


@pytest.fixture(scope="module")
def bad_db(folder: Path) -> Path:
    path = folder / "bad.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE s (单位, 标题, 报送时间, 是否采用, 采用级别)")
        connection.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?)", BAD_ROWS)
    connection.close()
    return path


def test_bad_values_are_located_with_a_row(bad_db: Path) -> None:
    source = open_database(f"sqlite:///{bad_db}", table="s", levels=LEVELS, name="records")
    with pytest.raises(InputError) as caught:
        source.counts()
    problems = {p.code: p for p in caught.value.problems}
    assert set(problems) == {
        "database.not_a_date",
        "database.empty",
        "database.bad_adoption",
        "database.unknown_level",
        "database.level_not_adopted",
        "database.adopted_without_level",
    }
    date = problems["database.not_a_date"]
    assert date.location.file == "records"
    assert date.location.place == "table s, column 报送时间"
    assert "'yesterday'" in date.message
    assert "日期坏了" in date.message
    assert "没有单位" in problems["database.empty"].message
    assert "it's maybe" in problems["database.bad_adoption"].message  # bound, not pasted
    assert "国家级" in problems["database.unknown_level"].message
    assert "省级, 市级" in problems["database.unknown_level"].message
    for problem in caught.value.problems:
        assert problem.text("zh")


def test_duckdb_text_dates_are_located(folder: Path) -> None:
    path = folder / "bad.csv"
    path.write_text(
        "单位,标题,报送日期,采用级别\n城东镇,一,2024-01-05,\n城东镇,二,soon,\n", "utf-8"
    )
    source = open_database(
        "duckdb:", query="SELECT * FROM read_csv('bad.csv', all_varchar = true)", folder=folder
    )
    with pytest.raises(InputError) as caught:
        source.counts()
    assert _codes(caught.value) == ["database.not_a_date"]
    assert "'soon'" in str(caught.value)
    assert "二" in str(caught.value)


OWN_YES = ("已发布", "Adopted", "ＡＤＯＰＴＥＤ", 2)
OWN_NO = ("待审核", "退回", "pending", None, 3)
OWN_WORDS = {"已发布": True, "Adopted": True, "2": True, "待审核": False, "退回": False}
OWN_WORDS |= {"Pending": False, "3": False}


@pytest.fixture(scope="module")
def own_words_db(folder: Path) -> Path:
    """RECORDS with 是否采用 in a system's own words (status codes 2 and 3 as numbers)."""
    rng = random.Random(5)
    own = [
        r._replace(adopted=rng.choice(OWN_YES) if r.level is not None else rng.choice(OWN_NO))
        for r in RECORDS
    ]
    return write_sqlite(folder / "own.db", own)


def test_sqlite_counts_a_system_s_own_words(own_words_db: Path) -> None:
    source = open_database(
        "sqlite:///own.db", folder=own_words_db.parent, table="submissions", columns=MAPPING,
        levels=LEVELS, adopted_values=OWN_WORDS,
    )  # fmt: skip
    assert source.counts() == EXPECTED
    first, last = datetime.date(2023, 12, 1), datetime.date(2024, 1, 31)
    wanted = [r.item for r in RECORDS if first <= r.item.submitted_on <= last]
    assert sorted(source.items(first, last), key=_order) == sorted(wanted, key=_order)


def test_a_word_not_mapped_is_named_with_the_words_accepted(own_words_db: Path) -> None:
    words = {k: v for k, v in OWN_WORDS.items() if k != "退回"}
    source = open_database(
        "sqlite:///own.db", folder=own_words_db.parent, table="submissions", columns=MAPPING,
        levels=LEVELS, adopted_values=words, name="records",
    )  # fmt: skip
    with pytest.raises(InputError) as caught:
        source.counts()
    problems = caught.value.problems  # one for each unit and month with such rows
    assert {(p.code, p.params["value"]) for p in problems} == {("database.bad_adoption", "'退回'")}
    problem = problems[0]
    assert problem.location.place == "table submissions, column used"
    assert problem.message.startswith("'退回' is not an adoption, in ")
    assert "/✔/✘/已发布/adopted/2/待审核/pending/3 (NULL or empty: not adopted)" in problem.message
    assert problem.message.endswith("or map it in [items] adopted_values")
    assert "或在 [items] adopted_values 中说明其含义" in problem.text("zh")
    with pytest.raises(InputError) as fetched:
        list(source.items(datetime.date(2023, 11, 1), datetime.date(2024, 3, 31)))
    assert _codes(fetched.value) == ["database.bad_adoption"]
    assert "/待审核/pending/3 (NULL" in str(fetched.value)


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ({"是": False}, "items.adopted_clash"),
        ({"Pending": False, "PENDING": True}, "items.adopted_twice"),
        ({"": False}, "items.adopted_empty"),
        ({"Adopted": "yes"}, "items.adopted_value"),
        ([("Adopted", True)], "items.adopted_values"),
    ],
)
def test_wrong_words_are_refused_before_connecting(folder: Path, words: Any, code: str) -> None:
    with pytest.raises(InputError) as caught:
        open_database("sqlite:///no-such.db", table="s", folder=folder, adopted_values=words)
    assert _codes(caught.value) == [code]
    assert caught.value.problems[0].location.file == "sqlite:///no-such.db"
    with pytest.raises(InputError) as parquet:
        parquet_items(write_csv(folder / "any.csv", RECORDS[:1]), adopted_values=words)
    assert _codes(parquet.value) == [code]
    assert parquet.value.problems[0].location.file == "any.csv"


def test_a_null_title_is_an_error_when_items_are_read(folder: Path) -> None:
    path = folder / "untitled.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE s (单位, 标题, 报送日期, 是否采用)")
        connection.execute("INSERT INTO s VALUES ('城东镇', NULL, '2024-01-05', '是')")
    connection.close()
    source = open_database(f"sqlite:///{path}", table="s")
    assert source.counts().tallies(Period.parse("2024-01"))[0].adopted == 1
    with pytest.raises(InputError) as caught:
        list(source.items(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)))
    assert _codes(caught.value) == ["database.empty"]
    assert "column 标题" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", datetime.date(2024, 3, 5)),
        ("2024/3/5", datetime.date(2024, 3, 5)),
        ("2024年3月5日", datetime.date(2024, 3, 5)),
        ("2024-03-05 14:30", datetime.date(2024, 3, 5)),
        ("2024-03-05T14:30:15.25", datetime.date(2024, 3, 5)),
        ("2024-03-05T23:30:15Z", datetime.date(2024, 3, 6)),
        ("2024-03-05 02:30+0530", datetime.date(2024, 3, 5)),
        ("2024-03-05 02:30+1000", datetime.date(2024, 3, 5)),
        ("2024-03-05 02:30+1100", datetime.date(2024, 3, 4)),
        ("20240305", datetime.date(2024, 3, 5)),
        ("2024-02-30", None),
        ("2024-03-05+08:00", None),
        ("1900-03-05", None),
        ("soon", None),
    ],
)
def test_dates_written_as_text_read_as_item_files_read_them(
    text: str, expected: datetime.date | None
) -> None:
    """A database's text dates are read by the item files' own reader (one set of
    rules), then put in the office's zone (here Shanghai, UTC+8)."""
    assert local_day(text, ZoneInfo("Asia/Shanghai")) == expected
    found = when_value(text, ZoneInfo("Asia/Shanghai"))
    assert found == expected if expected is not None else isinstance(found, str)


# --- 批示 cells read as a file's are ---------------------------------------------------------

#: 批示 cells as systems and clerks write them: spaces of every width, full-width letters,
#: a 号 sign (NFKC "No"), words that only contain a "none" word.
AWKWARD_INSTRUCTIONS = [
    "无\u3000",
    "ＮＯ",
    "\t否 ",
    "No\u00a0",
    "№",
    " FALSE ",
    "０",
    "没有",
    "未批示\u2003",
    "",
    None,
    "请阅",
    "无意见",
    "\u200b无",
    "同意。",
    "否" + " " * 200 + "见附件",  # an instruction, longer than a VARCHAR(200)
]


def _awkward_rows() -> list[tuple[str, str, str, str, str | None]]:
    return [
        ("城东镇", f"第{i}条", f"2024-03-{i + 1:02d}", "否", cell)
        for i, cell in enumerate(AWKWARD_INSTRUCTIONS)
    ]


def _write_everywhere(
    folder: Path, heading: Sequence[str], rows: Sequence[Sequence[str | None]]
) -> dict[str, Path]:
    """The same rows as a CSV file, an SQLite table, a DuckDB table and a Parquet file
    (every column text)."""
    import duckdb

    paths = {
        "csv": folder / "items.csv",
        "sqlite": folder / "items.db",
        "duckdb": folder / "items.duckdb",
        "parquet": folder / "items.parquet",
    }
    with paths["csv"].open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([heading, *[[c or "" for c in row] for row in rows]])
    marks = ", ".join("?" * len(heading))
    with sqlite3.connect(paths["sqlite"]) as connection:
        connection.execute(f"CREATE TABLE items ({', '.join(heading)})")
        connection.executemany(f"INSERT INTO items VALUES ({marks})", rows)
    connection.close()
    database = duckdb.connect(str(paths["duckdb"]))
    database.execute(f"CREATE TABLE items ({', '.join(h + ' VARCHAR' for h in heading)})")
    database.executemany(f"INSERT INTO items VALUES ({marks})", rows)
    database.execute(f"COPY items TO '{paths['parquet']}' (FORMAT parquet)")
    database.close()
    return paths


def _write_awkward(folder: Path) -> dict[str, Path]:
    return _write_everywhere(
        folder, ["单位", "标题", "报送日期", "是否采用", "批示"], _awkward_rows()
    )


def _every_source(paths: Mapping[str, Path], **options: Any) -> dict[str, Callable[[], Any]]:
    """How to open each item source of :func:`_write_everywhere`'s files, by name."""
    database = f"duckdb:///{paths['duckdb']}"
    return {
        "csv": lambda: tongbao.read_items(paths["csv"], **options),
        "sqlite": lambda: open_database(f"sqlite:///{paths['sqlite']}", table="items", **options),
        "duckdb table": lambda: open_database(database, table="items", **options),
        "duckdb query": lambda: open_database(database, query="SELECT * FROM items", **options),
        "parquet": lambda: parquet_items(paths["parquet"], **options),
    }


def _outcome(source: Callable[[], Any]) -> object:
    """The counts of a source, or the codes of its problems (opening it or counting)."""
    try:
        return source().counts()
    except InputError as exc:
        return sorted(
            {p.code.removeprefix("items.").removeprefix("database.") for p in exc.problems}
        )


HEADING = ["单位", "标题", "报送日期", "是否采用"]
TIME_HEADING = ["单位", "标题", "报送时间", "是否采用"]

#: Rows that every source must read as a CSV file does (found by a differential fuzzer):
#: unit and level names as Unit reads them (NFKC, inner spaces as one, no control
#: characters), checks in a file's order.
AS_A_FILE = {
    "a full-width unit": (HEADING, [["ＡＢ镇", "一", "2024-03-05", "是"]], ()),
    "an ideographic space in a unit": (HEADING, [["Z\u3000社区", "一", "2024-03-05", "是"]], ()),
    "one unit spelled two ways": (
        HEADING,
        [["城东 镇", "一", "2024-03-05", "是"], ["城东  镇", "二", "2024-03-06", "否"]],
        (),
    ),
    "a full-width level": (
        [*HEADING, "采用级别"],
        [["城东镇", "一", "2024-03-05", "是", "Ａ级"]],
        ("A级",),
    ),
    "a full-width level, no levels": (
        [*HEADING, "采用级别"],
        [["城东镇", "一", "2024-03-05", "是", "Ａ级"]],
        (),
    ),
    "levels but no level column": (HEADING, [["城东镇", "一", "2024-03-05", "是"]], ("市级",)),
    "a unit ending in a tab": (HEADING, [["城东镇\t", "一", "2024-03-05", "是"]], ()),
    "an unknown level on an item not adopted": (
        [*HEADING, "采用级别"],
        [["城东镇", "一", "2024-03-05", "×", "县级"]],
        ("省级", "市级"),
    ),
}


@pytest.mark.parametrize("case", list(AS_A_FILE))
def test_every_source_reads_names_as_a_file_does(tmp_path: Path, case: str) -> None:
    heading, rows, levels = AS_A_FILE[case]
    sources = _every_source(_write_everywhere(tmp_path, heading, rows), levels=levels)
    outcomes = {name: _outcome(source) for name, source in sources.items()}
    assert outcomes == dict.fromkeys(sources, outcomes["csv"])


def test_the_items_of_a_unit_spelled_two_ways_are_one_units(tmp_path: Path) -> None:
    """The items a database streams for duplicates carry the names its counts do, so
    counting a copy once takes it off the right unit."""
    heading, rows, _levels = AS_A_FILE["one unit spelled two ways"]
    march = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    for name, opening in _every_source(_write_everywhere(tmp_path, heading, rows)).items():
        source = opening()
        items = list(source.items(*march))
        assert {item.unit for item in items} == {"城东 镇"}, name
        assert source.counts().without(items[:1]).tallies(Period.parse("2024-03"))[0].submitted == 1


def _instructed_in_march(source: Any) -> int:
    (tally,) = source.counts().tallies(Period.parse("2024-03"))
    return int(tally.instructions)


def test_instructions_are_read_as_a_file_reads_them(tmp_path: Path) -> None:
    """Every source counts the same 批示 cells as instructions as a CSV file does: the
    cell read as a file's cell is (NFKC, the ends' spaces, case), not by SQL's TRIM."""
    from tongbao._itemcells import instructed_value

    paths = _write_awkward(tmp_path)
    expected = sum(instructed_value(cell) for cell in AWKWARD_INSTRUCTIONS)
    assert expected == 5
    sources = {
        "csv": tongbao.read_items(paths["csv"]),
        "sqlite": open_database(f"sqlite:///{paths['sqlite']}", table="items"),
        "duckdb table": open_database(f"duckdb:///{paths['duckdb']}", table="items"),
        "duckdb query": open_database(f"duckdb:///{paths['duckdb']}", query="SELECT * FROM items"),
        "parquet": parquet_items(paths["parquet"]),
    }
    counted = {name: _instructed_in_march(source) for name, source in sources.items()}
    assert counted == dict.fromkeys(sources, expected)
    march = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    for name in ("sqlite", "duckdb table", "parquet"):
        items = sources[name].items(*march)  # type: ignore[attr-defined]
        assert sum(item.instructed for item in items) == expected, name


@pytest.mark.parametrize(
    ("most", "none_most"), [(2, 200), (10_000, 1)], ids=["many values", "many saying none"]
)
def test_a_columnar_source_with_many_instruction_values_tests_each_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, most: int, none_most: int
) -> None:
    """Past the distinct values read by name, DuckDB tests each row's text in Python."""
    import tongbao._sql

    monkeypatch.setattr(tongbao._sql, "DISTINCT_MOST", most)
    monkeypatch.setattr(tongbao._sql, "DISTINCT_NONE_MOST", none_most)
    paths = _write_awkward(tmp_path)
    assert _instructed_in_march(parquet_items(paths["parquet"])) == 5


# --- every source reads hostile cells as a file does (a differential property) -----------

CELLS = {
    "unit": [
        "城东镇",
        "区统计局",
        "ＡＢ镇",
        "城东 镇",
        "城东  镇",
        " 城西镇 ",
        "Z\u3000社区",
        "城东镇\t",
        "",
    ],
    "title": ["关于春耕的报告", "一", "Ｔｉｔｌｅ　"],  # a database's counts read no title
    "date": [
        "2024-03-05",
        "2024-03-31 23:30:00",
        "2024-03-31T23:30:00-05:00",
        "2024-02-29T20:00:00Z",
        "2024年3月5日",
        "2024/3/6 9:30",
        " 2024-03-07 ",
        "2024-04-01 00:00",
        "2024-02-30",
        "2024-03-05 24:00",
        "soon",
        "",
    ],
    "adopted": ["是", "否", "Y", "n", "1", "0", "已采用", "未采用", "√", "×", "", "maybe"],
    "level": ["", "省级", "市级", "Ａ级", " 市级 ", "县级"],
    "instruction": [*(c for c in AWKWARD_INSTRUCTIONS if c is not None), "请阅"],
}
OPTIONAL = {"level": "采用级别", "instruction": "批示"}


@st.composite
def hostile_logs(draw: st.DrawFn) -> tuple[list[str], list[list[str | None]], tuple[str, ...]]:
    """A small item log of cells systems and clerks write, some of them wrong; never a
    blank row or a note row (a file skips those, a database refuses them) nor an empty
    title (a file refuses it, a database's counts read no title): both documented."""
    columns = ["unit", "title", "date", "adopted"]
    columns += [c for c in OPTIONAL if draw(st.booleans())]
    heading = ["单位", "标题", "报送日期", "是否采用", *(OPTIONAL[c] for c in columns[4:])]
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        row: list[str | None] = [draw(st.sampled_from(CELLS[c])) for c in columns]
        if not (row[0] or "").strip():
            row[1] = "关于春耕的报告"  # a row with a title is no blank row
        empty_is_null = draw(st.booleans())
        rows.append([None if empty_is_null and v == "" else v for v in row])
    levels = draw(st.sampled_from([(), ("省级", "市级"), ("A级", "省级", "市级")]))
    return heading, rows, levels


def _verdict(opening: Callable[[], Any]) -> object:
    """The counts, or only that the records were refused (the codes differ by design:
    ``items.bad_date`` in a file is ``database.not_a_date`` in a database)."""
    found = _outcome(opening)
    return "refused" if isinstance(found, list) else found


@pytest.fixture(scope="module")
def maybe_postgres(request: pytest.FixtureRequest) -> str | None:
    """The PostgreSQL test schema when a server is there (CI starts one), else None."""
    if not os.environ.get("TONGBAO_TEST_POSTGRES_URL"):
        return None
    return str(request.getfixturevalue("postgres"))


@settings(max_examples=max(40, settings().max_examples // 100), deadline=None)
@given(log=hostile_logs())
def test_every_source_reads_a_hostile_log_as_a_file_does(
    maybe_postgres: str | None,
    log: tuple[list[str], list[list[str | None]], tuple[str, ...]],
) -> None:
    """CSV, SQLite, a DuckDB table and query, Parquet and (when CI runs one) PostgreSQL
    accept or refuse the same records alike, and count them alike: the property a
    differential fuzzer checked over 1,960 cases (``HYPOTHESIS_PROFILE=fuzz`` runs it
    long)."""
    import tempfile

    heading, rows, levels = log
    with tempfile.TemporaryDirectory() as folder:
        paths = _write_everywhere(Path(folder), heading, rows)
        sources = _every_source(paths, levels=levels)
        if maybe_postgres is not None:
            url = os.environ["TONGBAO_TEST_POSTGRES_URL"]
            table = _pg_text_table(maybe_postgres, f"log_{uuid.uuid4().hex[:10]}", heading, rows)
            sources["postgresql"] = lambda: open_database(url, table=table, levels=levels)
        verdicts = {name: _verdict(opening) for name, opening in sources.items()}
    assert verdicts == dict.fromkeys(verdicts, verdicts["csv"]), rows


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A schema of the test server holding the records; dropped at the end."""
    url = tools.require_server("TONGBAO_TEST_POSTGRES_URL", "a PostgreSQL server", "postgresql")
    import sqlalchemy

    schema = f"tongbao_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
        connection.execute(
            sqlalchemy.text(
                f'CREATE TABLE "{schema}".submissions (id serial PRIMARY KEY, dept text,'
                " kind text, subject text, created_at timestamptz, used text, where_used text,"
                ' "批示" text)'
            )
        )
        connection.execute(
            sqlalchemy.text(
                f'INSERT INTO "{schema}".submissions'
                ' (dept, kind, subject, created_at, used, where_used, "批示")'
                " VALUES (:unit, :group, :title, :when, :adopted, :level, :instruction)"
            ),
            [r._asdict() | {"when": r.aware} for r in RECORDS],
        )
    try:
        yield schema
    finally:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def open_postgres(schema: str, **options: Any) -> DatabaseItems:
    url = os.environ["TONGBAO_TEST_POSTGRES_URL"]
    options.setdefault("table", f"{schema}.submissions")
    options.setdefault("columns", MAPPING)
    return open_database(url, levels=LEVELS, **options)


def test_postgresql_counts_as_python_does(postgres: str) -> None:
    source = open_postgres(postgres)
    assert source.counts() == EXPECTED
    assert "tongbao_test" in source.name


#: Dates as a legacy system keeps them in a text column: ISO days, naive times (with T,
#: fractions), an offset that moves the item to the next local month, Chinese and
#: slashed dates, spaces around one.
TEXT_DATES = [
    "2024-03-05",
    "2024-03-05 10:00:00",
    "2024-03-31T23:59:59.5",
    "2024-02-29 08:00",
    "2024-02-29T23:30:00-05:00",
    "2024年3月5日",
    "2024/3/6 9:30",
    " 2024-03-07 ",
    "2024-04-01 00:00",
]


@given(st.from_regex(re.compile(_NAIVE_DAY.replace("[0-9]{4}", "(19|20)[0-9]{2}")), fullmatch=True))
def test_a_naive_day_stands_for_its_first_ten_characters(text: str) -> None:
    """What PostgreSQL groups by for a text date, its first ten characters, is read as
    the whole text is: the same date, or the same reason it is none."""
    assert when_value(text, ZONE) == when_value(text[:10], ZONE)


#: The dates in a varchar column, as legacy systems keep them.
DATES_AS_VARCHAR = {"报送时间": "varchar(40)"}


def test_postgresql_reads_text_dates_as_a_file_does(postgres: str, tmp_path: Path) -> None:
    """A text column of dates is read as a CSV file's cells are: the same months, not
    PostgreSQL's own reading of text (which refuses 2024年3月5日)."""
    rows = [("城东镇", f"第{i}条", when, "是") for i, when in enumerate(TEXT_DATES)]
    _pg_text_table(postgres, "text_dates", TIME_HEADING, rows, DATES_AS_VARCHAR)
    path = tmp_path / "text_dates.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([TIME_HEADING, *rows])
    url = os.environ["TONGBAO_TEST_POSTGRES_URL"]
    source = open_database(url, table=f"{postgres}.text_dates")
    assert source.types["报送时间"] == "VARCHAR"
    expected = tongbao.read_items(path).counts()
    assert source.counts() == expected
    assert {ordinal % 12 + 1 for _unit, ordinal in expected.months} == {2, 3, 4}
    march = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert sorted(i.title for i in source.items(*march)) == sorted(
        i.title for i in tongbao.read_items(path).items(*march)
    )


def test_postgresql_names_a_text_date_that_is_none(postgres: str) -> None:
    rows = [("城东镇", "一条", "2024-03-05", "是"), ("城东镇", "坏日期", "2024-02-30 10:00", "否")]
    _pg_text_table(postgres, "bad_dates", TIME_HEADING, rows, DATES_AS_VARCHAR)
    source = open_database(os.environ["TONGBAO_TEST_POSTGRES_URL"], table=f"{postgres}.bad_dates")
    with pytest.raises(InputError) as caught:
        source.counts()
    assert _codes(caught.value) == ["database.not_a_date"]
    assert "'2024-02-30'" in str(caught.value)
    assert "坏日期" in str(caught.value)  # the row it is in


def _pg_text_table(
    schema: str,
    name: str,
    heading: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    types: Mapping[str, str] | None = None,
) -> str:
    """A table of text columns (or of ``types``, by heading) in the test schema, its
    qualified name."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(
        os.environ["TONGBAO_TEST_POSTGRES_URL"], poolclass=sqlalchemy.pool.NullPool
    )
    columns = ", ".join(f'"{h}" {(types or {}).get(h, "text")}' for h in heading)
    values = ", ".join(f":c{i}" for i in range(len(heading)))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE TABLE "{schema}".{name} ({columns})'))
        connection.execute(
            sqlalchemy.text(f'INSERT INTO "{schema}".{name} VALUES ({values})'),
            [{f"c{i}": v for i, v in enumerate(row)} for row in rows],
        )
    engine.dispose()
    return f"{schema}.{name}"


def test_postgresql_reads_names_as_a_file_does(postgres: str, tmp_path: Path) -> None:
    url = os.environ["TONGBAO_TEST_POSTGRES_URL"]
    for number, (case, (heading, rows, levels)) in enumerate(AS_A_FILE.items()):
        table = _pg_text_table(postgres, f"names_{number}", heading, rows)
        csv_path = tmp_path / f"names_{number}.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows([heading, *rows])
        expected = _outcome(lambda: tongbao.read_items(csv_path, levels=levels))  # noqa: B023
        found = _outcome(lambda: open_database(url, table=table, levels=levels))  # noqa: B023
        assert found == expected, case


def test_postgresql_reads_instructions_as_a_file_does(postgres: str) -> None:
    """NFKC, every kind of space at the ends, case: 批示 cells as a CSV file reads them."""
    url = os.environ["TONGBAO_TEST_POSTGRES_URL"]
    heading = ["单位", "标题", "报送日期", "是否采用", "批示"]
    source = open_database(url, table=_pg_text_table(postgres, "awkward", heading, _awkward_rows()))
    assert _instructed_in_march(source) == 5
    march = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert sum(item.instructed for item in source.items(*march)) == 5


def test_postgresql_takes_the_office_zone(postgres: str, duckdb_db: Path) -> None:
    """The month of a timestamptz is the zone's: UTC counts as DuckDB does in UTC."""
    utc = open_postgres(postgres, zone="UTC").counts()
    duck = open_database(
        f"duckdb:///{duckdb_db}", table="submissions", columns=MAPPING, zone="UTC"
    ).counts()
    assert utc == duck
    assert utc.months != EXPECTED.months


def test_postgresql_items_in_a_range(postgres: str) -> None:
    first, last = datetime.date(2023, 11, 30), datetime.date(2024, 1, 1)
    wanted = sorted((r.item for r in RECORDS if first <= r.item.submitted_on <= last), key=_order)
    assert sorted(open_postgres(postgres).items(first, last), key=_order) == wanted


def test_postgresql_query_with_a_quote_in_a_value(postgres: str) -> None:
    """A query is a subquery; a unit with a quote goes as a bound value when located."""
    source = open_postgres(
        postgres,
        table=None,
        query=f"SELECT * FROM {postgres}.submissions WHERE dept <> '城东镇'",
    )
    expected = count_items([r.item for r in RECORDS if r.unit != "城东镇"], instructions=True)
    assert source.counts() == expected


@pytest.mark.parametrize(
    "statement",
    ["INSERT INTO {schema}.submissions (dept) VALUES ('写入')", "CREATE TABLE {schema}.x (a int)"],
)
def test_a_write_to_postgresql_fails(postgres: str, statement: str) -> None:
    source = open_postgres(postgres)
    with source.engine.session() as session, pytest.raises(InputError) as caught:
        session.run(statement.format(schema=postgres), {})
    assert "read-only transaction" in str(caught.value)
    assert sum(m.submitted for m in source.counts().months.values()) == len(RECORDS)


def test_postgresql_names_what_is_missing(postgres: str) -> None:
    with pytest.raises(InputError) as caught:
        open_postgres(postgres, table=f"{postgres}.nothing_here")
    assert _codes(caught.value) == ["database.no_table"]
    assert "submissions" in str(caught.value)
    with pytest.raises(InputError) as caught:
        open_postgres(postgres, columns={**MAPPING, "title": "headline"})
    assert _codes(caught.value) == ["database.no_column"]
    assert "subject" in str(caught.value)
    with pytest.raises(InputError) as caught:
        open_postgres(postgres, table=None, query="SELECT dept, 'soon' AS created_at FROM x")
    assert _codes(caught.value) == ["database.query_failed"]


# --- DuckDB's local time from the zone's offsets ----------------------------------------------


def _epoch_us(moment: datetime.datetime) -> int:
    return (moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) // datetime.timedelta(
        microseconds=1
    )


@pytest.mark.parametrize(
    "zone",
    ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"],
)
def test_the_offsets_over_a_range_are_zoneinfo_s(zone: str) -> None:
    """Shanghai kept summer time 1986-1991; Lord Howe moves by half an hour."""
    office = ZoneInfo(zone)
    low = _epoch_us(datetime.datetime(1985, 6, 1, 12, 0, 0, 250_000, tzinfo=datetime.UTC))
    high = _epoch_us(datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))
    shifts = utc_offsets(office, low, high, most=1000)
    assert shifts is not None
    assert shifts[0][0] == low
    rng = random.Random(zone)
    probes = [rng.randrange(low, high) for _ in range(3000)]
    probes += [s for start, _ in shifts[1:] for s in (start - 1_000_000, start - 1, start)]
    for probe in probes:
        moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            microseconds=probe
        )
        expected = moment.astimezone(office).utcoffset()
        assert expected is not None
        offset = next(o for start, o in reversed(shifts) if start <= probe)
        assert offset == expected // datetime.timedelta(microseconds=1), (zone, moment)


def test_duckdb_counts_in_a_zone_with_summer_time(duckdb_db: Path) -> None:
    zone = ZoneInfo("America/New_York")
    items = [attrs.evolve(r.item, submitted_on=local_date(r.aware, zone)) for r in RECORDS]
    source = open_database(
        f"duckdb:///{duckdb_db}", table="submissions", columns=MAPPING, zone=zone
    )
    assert source.counts() == count_items(items, instructions=True)
    first, last = datetime.date(2024, 3, 9), datetime.date(2024, 3, 11)
    wanted = sorted((i for i in items if first <= i.submitted_on <= last), key=_order)
    assert sorted(source.items(first, last), key=_order) == wanted


def test_too_many_offsets_fall_back_to_icu() -> None:
    low = _epoch_us(datetime.datetime(1950, 1, 1, tzinfo=datetime.UTC))
    high = _epoch_us(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    assert utc_offsets(ZoneInfo("Europe/London"), low, high) is None
    shanghai = utc_offsets(ZoneInfo("Asia/Shanghai"), low, high)
    assert shanghai is not None
    assert shanghai[-1][1] == 8 * 3600 * 1_000_000


# --- the documentation's examples -----------------------------------------------------------


SQL_PAGE = ROOT / "docs" / "sql.md"


@pytest.mark.parametrize(
    "number", range(len(re.findall(r"```python\n", SQL_PAGE.read_text("utf-8"))))
)
def test_the_sql_page_code_runs(number: int, capsys: pytest.CaptureFixture[str]) -> None:
    """Its ``python`` blocks run (the PostgreSQL one is ``py``: it needs a server)."""
    code = re.findall(r"```python\n(.*?)```", SQL_PAGE.read_text("utf-8"), re.S)[number]
    exec(compile(code, "docs/sql.md", "exec"), {})
    shown = capsys.readouterr().out
    if number == 0:
        assert shown.splitlines() == [
            "城东镇 2 1 {'省级': 0, '市级': 1}",
            "城西镇 0 0 {'省级': 0, '市级': 0}",
            "outside the period: 1",
        ]
    else:
        assert shown.splitlines() == [
            "2",
            "2018-03-05 城东镇开展防汛演练 市级",
            "2018-03-07 城东镇开展防汛演练！ None",
        ]


def test_the_sql_page_is_in_the_docs_index() -> None:
    assert re.search(r"^sql\s*$", (ROOT / "docs" / "index.md").read_text("utf-8"), re.M)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_month_of_text_is_the_local_date_s(zone: str) -> None:
    """The registered month function's shortcut (days 3 to 26 keep their month under any
    offset) agrees with converting every value."""
    office = ZoneInfo(zone)
    _as_date, as_month = date_functions(office)
    rng = random.Random(zone)
    for _ in range(3000):
        month_start = datetime.date(2024, rng.randrange(1, 13), 1)
        day = month_start + datetime.timedelta(days=rng.randrange(-4, 5))  # near a month's end
        minutes = rng.choice([-12 * 60, 14 * 60, rng.randrange(-12 * 60, 14 * 60 + 1)])
        sign = "-" if minutes < 0 else "+"
        offset = rng.choice(["", "Z", f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"])
        text = f"{day}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00{offset}"
        local = local_day(text, office)
        assert local is not None
        assert as_month(text) == local.year * 12 + local.month - 1, text


# --- the same notice from a CSV, SQLite, DuckDB, Parquet and PostgreSQL ---------------------

NOTICE = """\
title = "关于2024年1-2月份信息报送情况的通报"
issuer = "某区人民政府办公室"
date = 2024-03-10
period = "2024-01/2024-02"
body = ["{{period}}累计报送各类信息{{submitted}}条，采纳发布{{adopted}}条，信息采发率{{rate}}。"]
{data}

[comparison]
previous = true

[attachment]
title = "1-2月信息报送情况统计表"
order = "score"
columns = ["rank", "unit", "group", "submitted", "adopted", "level:省级", "level:市级",
           "instructions", "rate", "score"]

[scoring]
levels = ["省级", "市级"]
points = {{ "省级" = 10, "市级" = 5 }}
per_instruction = 3

[items]
units = [{units}]
duplicates = "list"
duplicates_title = "重复报送信息清单"
"""

TOML_COLUMNS = "columns = { " + ", ".join(f'{k} = "{v}"' for k, v in MAPPING.items()) + " }"


def _notice(folder: Path, data: str) -> Path:
    units = ", ".join(f'{{ name = "{u.name}", group = "{u.group}" }}' for u in ROSTER)
    path = folder / "notice.toml"
    path.write_text(NOTICE.format(data=data, units=units), encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_same_items_give_the_same_notice_from_every_source(
    tmp_path: Path, sqlite_db: Path, duckdb_db: Path
) -> None:
    """CSV (read in Python), SQLite, a DuckDB table, Parquet and, with a server,
    PostgreSQL: the same notice, tallies, previous period, levels, instructions,
    scores and the list of duplicates (items fetched from each database) alike."""
    sources = {
        "csv": ('data = "items.csv"', lambda folder: write_csv(folder / "items.csv", RECORDS)),
        "sqlite": (
            f'[data]\nurl = "sqlite:///{sqlite_db}"\ntable = "submissions"\n{TOML_COLUMNS}',
            None,
        ),
        "duckdb": (
            f'[data]\nurl = "duckdb:///{duckdb_db}"\ntable = "submissions"\n{TOML_COLUMNS}',
            None,
        ),
        "parquet": (
            f'[data]\nfile = "items.parquet"\n{TOML_COLUMNS}',
            lambda folder: write_parquet(folder / "items.parquet", duckdb_db),
        ),
    }
    postgres_url = os.environ.get("TONGBAO_TEST_POSTGRES_URL")
    rendered = {}
    for name, (data, write) in sources.items():
        folder = tmp_path / name
        folder.mkdir()
        if write is not None:
            write(folder)
        loaded = tongbao.load(_notice(folder, data))
        rendered[name] = tongbao.render(loaded, "text")
    assert "重复报送信息清单" in rendered["csv"].decode("utf-8")
    for name, text in rendered.items():
        assert text == rendered["csv"], name
    if postgres_url:
        _postgres_notice(tmp_path, postgres_url, rendered["csv"])


def _postgres_notice(tmp_path: Path, url: str, expected: str) -> None:
    import sqlalchemy

    schema = f"tongbao_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
        connection.execute(
            sqlalchemy.text(
                f'CREATE TABLE "{schema}".submissions (dept text, kind text, subject text,'
                ' created_at timestamptz, used text, where_used text, "批示" text)'
            )
        )
        connection.execute(
            sqlalchemy.text(
                f'INSERT INTO "{schema}".submissions VALUES'
                " (:unit, :group, :title, :when, :adopted, :level, :instruction)"
            ),
            [r._asdict() | {"when": r.aware} for r in RECORDS],
        )
    try:
        folder = tmp_path / "postgresql"
        folder.mkdir()
        data = f'[data]\nurl_env = "TONGBAO_TEST_POSTGRES_URL"\ntable = "{schema}.submissions"\n'
        loaded = tongbao.load(_notice(folder, data + TOML_COLUMNS))
        assert tongbao.render(loaded, "text") == expected
    finally:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
