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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest

from tongbao import InputError, Period, Unit
from tongbao._items import Item, count_items, local_date
from tongbao._sql import DatabaseItems, open_database, parquet_items, refuse_password
from tongbao._sqlengines import masked, parse_when

from . import tools

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
    assert source.counts() == EXPECTED


def test_parquet_counts_as_python_does(folder: Path, duckdb_db: Path) -> None:
    path = write_parquet(folder / "items.parquet", duckdb_db)
    source = parquet_items(path, columns=MAPPING, levels=LEVELS)
    assert source.counts() == EXPECTED
    assert source.name == "items.parquet"


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


def test_a_month_column_instead_of_dates(sqlite_db: Path) -> None:
    """The recipe for engines tongbao cannot convert dates in: the query gives the month."""
    source = open_database(
        f"sqlite:///{sqlite_db}",
        query="SELECT dept AS unit, subject AS title, where_used AS level,"
        " substr(created_at, 1, 7) AS month FROM submissions"
        " WHERE created_at LIKE '____-__-__%' AND created_at NOT LIKE '%+%'"
        " AND created_at NOT LIKE '%-05:00'",
    )
    plain = [
        r
        for n, r in enumerate(RECORDS)
        if not (isinstance(r.when, datetime.datetime) and r.when.tzinfo is not None)
        and re.match(r"\d{4}-\d\d-\d\d", _text_when(r, n))
    ]
    expected = count_items(
        [Item(r.unit, r.title, r.item.submitted_on, r.level is not None, r.level) for r in plain]
    )
    assert source.counts() == expected
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


def test_a_password_written_in_a_notice_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        refuse_password("postgresql://clerk:s3cr3t@db/records", "data.url", "notice.toml")
    assert caught.value.problems[0].code == "database.password_in_notice"
    assert "s3cr3t" not in caught.value.text("zh") + str(caught.value)
    assert "url_env" in str(caught.value)
    refuse_password("postgresql://clerk@db/records")  # no password: fine


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
        ({"columns": {"unit": "dept"}}, "database.missing_figures", "title"),
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
        ("2024-03-05 14:30", datetime.datetime(2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:15.25", datetime.datetime(2024, 3, 5, 14, 30, 15, 250000)),
        ("2024-03-05T14:30:15Z", datetime.datetime(2024, 3, 5, 14, 30, 15, tzinfo=datetime.UTC)),
        (
            "2024-03-05 14:30+0530",
            datetime.datetime(
                2024, 3, 5, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=5.5))
            ),
        ),
        ("2024-02-30", None),
        ("2024-03-05+08:00", None),
        ("soon", None),
        ("20240305", None),
    ],
)
def test_dates_written_as_text(text: str, expected: object) -> None:
    assert parse_when(text) == expected


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
