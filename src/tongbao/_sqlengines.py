"""The database engines item records are read from: SQLite, DuckDB and SQLAlchemy.

Each engine opens a read-only session, quotes identifiers its own way, names bound
parameters its own way, and says how a column of submission times becomes the
office-local date in SQL. :mod:`tongbao._sql` writes the queries once over these.
The drivers are imported when a database is opened, never by ``import tongbao``.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from ._itemcells import NOT_INSTRUCTED, instructed_value
from ._sqldates import BAD, date_functions, utc_offsets
from .errors import InputError

__all__ = [
    "TIMEOUT_SECONDS",
    "Alchemy",
    "Cursor",
    "DuckDB",
    "Engine",
    "SQLite",
    "Session",
    "connect_engine",
    "masked",
    "password_of",
    "single_select",
]

TIMEOUT_SECONDS = 900
"""A statement running longer than this is stopped (SQLite, DuckDB, PostgreSQL)."""
_NAIVE_DAY = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)?$"
)
"""Text whose date is its first ten characters' (a naive time that is one): read as
:func:`~tongbao._itemcells.when_value` reads it (no colon that SQLAlchemy would bind,
no percent sign)."""
_PG_TYPES = {
    25: "TEXT",
    1042: "CHAR",
    1043: "VARCHAR",
    1082: "DATE",
    1114: "TIMESTAMP",
    1184: "TIMESTAMPTZ",
}
"""PostgreSQL's type numbers (OIDs) of the columns whose kind matters."""
_PG_TEXT = frozenset({"TEXT", "CHAR", "VARCHAR"})
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2028\u2029"
"""What ``str.strip()`` takes from the ends of a text that NFKC has normalised (NFKC
makes the other spaces, U+3000 among them, plain ones)."""


def _instructed(value: Any) -> int:
    """``tongbao_instructed`` for SQLite and DuckDB: 1 for a cell that holds an
    instruction, as :func:`~tongbao._itemcells.instructed_value` reads cells."""
    return int(instructed_value(value))


class Cursor(Protocol):
    """What a query gives back: its column names and its rows, in chunks."""

    @property
    def names(self) -> list[str]: ...

    @property
    def types(self) -> list[str]:
        """The columns' types where the driver says them (DuckDB), else empty text."""
        ...

    def fetchmany(self, size: int) -> Sequence[Sequence[Any]]: ...


class Session(Protocol):
    """One read-only transaction on a database (rolled back at the end)."""

    def run(self, sql: str, params: Mapping[str, Any]) -> Cursor: ...


class Engine(Protocol):
    """How one kind of database is spoken to."""

    name: str
    """The database in messages: its URL, never with a password."""
    dialect: str
    """``sqlite``, ``duckdb``, ``postgresql`` or another SQLAlchemy dialect's name."""

    def session(self) -> AbstractContextManager[Session]: ...

    def prepare(
        self, session: Session, source: str, column: str, type_name: str, params: Mapping[str, Any]
    ) -> None:
        """Look at ``column`` before :meth:`local_date` and :meth:`month` are asked."""
        ...

    def quote(self, identifier: str) -> str: ...

    def param(self, name: str) -> str: ...

    def local_date(self, column: str, type_name: str) -> str | None:
        """The SQL of the office-local date of ``column`` (typed ``type_name``), or
        ``None``: the engine cannot say, the raw values are converted in Python."""
        ...

    def month(self, column: str, type_name: str) -> str | None:
        """The SQL of the month ordinal (``year * 12 + month - 1``) of the local date,
        or ``None`` as for :meth:`local_date`."""
        ...

    def is_bad_date(self, column: str, type_name: str) -> str | None:
        """A condition true where ``column`` holds a value that is not a date."""
        ...

    def date_key(self, column: str, type_name: str) -> str:
        """When :meth:`month` is ``None``: the SQL of a value that stands for the
        column's date, grouped by and read in Python (fewer distinct values than the
        column's own)."""
        ...

    def instructed(self, session: Session, column: str) -> tuple[str, dict[str, Any]]:
        """SQL that is 1 where ``column`` holds an instruction (批示) and 0 where it does
        not (NULL, 否, 无, …), as :func:`~tongbao._itemcells.instructed_value` reads a
        file's cells, and its parameters."""
        ...


# --- URLs ---------------------------------------------------------------------------


def masked(url: str) -> str:
    """``url`` as messages show it: a password, in the address or a query parameter,
    replaced by ``***`` (SQLAlchemy's ``hide_password`` form)."""
    if password_of(url) is None:
        return url
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = "&".join(
        f"{k}=***" if k.lower() in ("password", "passwd", "pwd") else f"{k}={v}"
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    )
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def password_of(url: str) -> str | None:
    """The password written in ``url``, if any (to keep it out of driver messages)."""
    try:
        parts = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(parts.query))
        secret = parts.password
    except ValueError:
        return None
    for key in ("password", "passwd", "pwd"):
        secret = secret or query.get(key)
    return urllib.parse.unquote(secret) if secret else None


def _reason(exc: BaseException, secret: str | None) -> str:
    """A driver's message, its first line, never with the password."""
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's exception
    text = str(orig if orig is not None else exc).strip() or type(exc).__name__
    text = text.splitlines()[0]
    if secret:
        text = text.replace(secret, "***")
    return text


def fail_query(name: str, exc: BaseException, secret: str | None, what: str) -> InputError:
    """The error of a query or connection that failed, located at the database."""
    if "interrupt" in str(exc).lower() or "statement timeout" in str(exc).lower():
        return InputError.of("database.timeout", name, what, seconds=TIMEOUT_SECONDS)
    if what == "connecting":
        return InputError.of("database.cannot_connect", name, None, reason=_reason(exc, secret))
    return InputError.of("database.query_failed", name, what, reason=_reason(exc, secret))


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# --- SQLite -------------------------------------------------------------------------


class _ListCursor:
    def __init__(
        self,
        names: list[str],
        fetch: Callable[[int], Sequence[Sequence[Any]]],
        types: list[str] | None = None,
    ) -> None:
        self.names = names
        self.types = types or [""] * len(names)
        self._fetch = fetch

    def fetchmany(self, size: int) -> Sequence[Sequence[Any]]:
        return self._fetch(size)


class SQLite:
    """An SQLite file through the standard library, opened read-only."""

    dialect = "sqlite"

    def __init__(self, path: Path, name: str, zone: ZoneInfo) -> None:
        self.path = path
        self.name = name
        self.zone = zone

    @contextmanager
    def session(self) -> Iterator[Session]:
        import sqlite3  # noqa: PLC0415 - only when a database is read

        uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro"
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise fail_query(self.name, exc, None, "connecting") from None
        try:
            as_date, as_month = date_functions(self.zone)
            connection.create_function("tongbao_date", 1, as_date, deterministic=True)
            connection.create_function("tongbao_month", 1, as_month, deterministic=True)
            connection.create_function("tongbao_instructed", 1, _instructed, deterministic=True)
            connection.execute("PRAGMA query_only = ON")
            deadline = time.monotonic() + TIMEOUT_SECONDS
            connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)
            yield _DriverSession(connection, self.name, sqlite3.Error)
        finally:
            connection.rollback()
            connection.close()

    def prepare(
        self, session: Session, source: str, column: str, type_name: str, params: Mapping[str, Any]
    ) -> None:
        pass  # the registered functions need nothing

    def quote(self, identifier: str) -> str:
        return _quoted(identifier)

    def param(self, name: str) -> str:
        return ":" + name

    def local_date(self, column: str, type_name: str) -> str | None:
        return f"tongbao_date({column})"

    def month(self, column: str, type_name: str) -> str | None:
        return f"tongbao_month({column})"

    def is_bad_date(self, column: str, type_name: str) -> str | None:
        return f"tongbao_month({column}) = {BAD}"

    def instructed(self, session: Session, column: str) -> tuple[str, dict[str, Any]]:
        return f"tongbao_instructed({column})", {}

    def date_key(self, column: str, type_name: str) -> str:
        return column


class _DriverSession:
    """A session over a DB-API connection (sqlite3, duckdb): its errors become located
    :class:`~tongbao.InputError` s."""

    def __init__(self, connection: Any, name: str, errors: type[Exception]) -> None:
        self.connection = connection
        self.name = name
        self.errors = errors

    def run(self, sql: str, params: Mapping[str, Any]) -> Cursor:
        try:
            cursor = self.connection.execute(sql, dict(params))
        except self.errors as exc:
            raise fail_query(self.name, exc, None, "query") from None
        described = cursor.description or ()

        def fetch(size: int) -> Sequence[Sequence[Any]]:
            try:
                rows: Sequence[Sequence[Any]] = cursor.fetchmany(size)
            except self.errors as exc:
                raise fail_query(self.name, exc, None, "query") from None
            return rows

        return _ListCursor([d[0] for d in described], fetch, [str(d[1]) for d in described])


# --- DuckDB -------------------------------------------------------------------------


class DuckDB:
    """DuckDB in process: a database file opened read-only, or in memory for a query
    that reads CSV or Parquet files (from ``folder``)."""

    dialect = "duckdb"

    def __init__(
        self,
        path: Path | None,
        name: str,
        zone: ZoneInfo,
        folder: Path | None = None,
    ) -> None:
        self.path = path
        self.name = name
        self.zone = zone
        self.folder = folder
        self.shifts: dict[str, list[tuple[int, int]]] = {}
        self._idle: Any = None
        """An in-memory database a session left for the next one only: one that
        registered no Python function (the check of a file's columns, for its count).
        Each holds about 4 MiB, so a source keeps none once it has counted."""
        self._lock = threading.Lock()

    @contextmanager
    def session(self) -> Iterator[Session]:
        duckdb = _driver("duckdb", "duckdb", "duckdb", self.name)
        reused = False
        try:
            # A database of its own for each session, not cursors of one: a Python
            # function registered on a cursor stays in the catalog after the cursor is
            # closed, and calling it from another cursor crashes the process; one
            # registered on the database is not seen by a cursor's open transaction.
            if self.path is not None:
                connection = duckdb.connect(str(self.path), read_only=True)
            else:
                with self._lock:
                    connection, self._idle = self._idle, None
                reused = connection is not None
                if connection is None:
                    connection = duckdb.connect(":memory:")
        except duckdb.Error as exc:
            raise fail_query(self.name, exc, None, "connecting") from None
        session = _DuckSession(connection, self.name, duckdb.Error)
        timer = threading.Timer(TIMEOUT_SECONDS, connection.interrupt)
        timer.daemon = True
        try:
            connection.execute("SET enable_progress_bar = false")
            # SET takes no parameters: the zone is a checked IANA name (see _zone).
            connection.execute(f"SET TimeZone = '{self.zone.key}'")
            # Rows come back grouped and are put in name order by tongbao: DuckDB need
            # not keep the file's row order while reading.
            connection.execute("SET preserve_insertion_order = false")
            if self.path is None and self.folder is not None:
                connection.execute(
                    "SET file_search_path = " + "'" + str(self.folder).replace("'", "''") + "'"
                )
            connection.execute("BEGIN TRANSACTION")
            timer.start()
            yield session
        finally:
            timer.cancel()
            with contextlib.suppress(duckdb.Error):  # a failed transaction is over already
                connection.execute("ROLLBACK")
            # Starting DuckDB takes as long as reading a Parquet file's columns: a
            # database with nothing registered in it serves the next session.
            with self._lock:
                keep = (
                    self.path is None
                    and not reused
                    and not session.registered
                    and self._idle is None
                )
                if keep:
                    self._idle = connection
            if not keep:
                connection.close()

    def quote(self, identifier: str) -> str:
        return _quoted(identifier)

    def param(self, name: str) -> str:
        return "$" + name

    def prepare(
        self, session: Session, source: str, column: str, type_name: str, params: Mapping[str, Any]
    ) -> None:
        """For a TIMESTAMPTZ ``column``, the zone's UTC offsets over its range, so that
        its local time is ``epoch + offset`` in SQL: zoneinfo's offsets, as
        :func:`~tongbao._items.local_date` takes them, and far cheaper per row than
        converting each value with ICU."""
        if type_name.upper() == "VARCHAR":  # dates as text: read as item files read them
            assert isinstance(session, _DuckSession)
            as_date, as_month = date_functions(self.zone)
            session.register("tongbao_date", as_date, "VARCHAR", "VARCHAR")
            session.register("tongbao_month", as_month, "VARCHAR", "BIGINT")
            return
        if not _aware(type_name):
            return
        sql = f"SELECT epoch_us(min({column})), epoch_us(max({column})) FROM {source}"  # noqa: S608 - quoted
        rows = session.run(sql, params).fetchmany(1)
        if rows and rows[0][0] is not None:
            shifts = utc_offsets(self.zone, int(rows[0][0]), int(rows[0][1]))
            if shifts is not None:
                self.shifts[column] = shifts

    def _local(self, column: str) -> str:
        """The local timestamp of a TIMESTAMPTZ column."""
        shifts = self.shifts.get(column)
        if shifts is None:
            return f"timezone($zone, {column})"
        epoch = f"epoch_us({column})"
        offset = str(shifts[-1][1])
        if len(shifts) > 1:
            steps = " ".join(
                f"WHEN {epoch} < {shifts[i + 1][0]} THEN {shifts[i][1]}"
                for i in range(len(shifts) - 1)
            )
            offset = f"CASE {steps} ELSE {shifts[-1][1]} END"
        return f"make_timestamp({epoch} + {offset})"

    def local_date(self, column: str, type_name: str) -> str | None:
        kind = type_name.upper()
        if kind == "DATE":
            return column
        if _aware(kind):
            return f"CAST({self._local(column)} AS DATE)"
        if kind.startswith("TIMESTAMP"):
            return f"CAST({column} AS DATE)"
        if kind == "VARCHAR":
            return f"TRY_CAST(tongbao_date({column}) AS DATE)"
        return None

    def month(self, column: str, type_name: str) -> str | None:
        kind = type_name.upper()
        if kind == "VARCHAR":
            return f"tongbao_month({column})"
        if _aware(kind):
            local = self._local(column)
            return f"(year({local}) * 12 + month({local}) - 1)"
        day = self.local_date(column, type_name)
        if day is None:
            return None
        return f"(year({day}) * 12 + month({day}) - 1)"

    def is_bad_date(self, column: str, type_name: str) -> str | None:
        if type_name.upper() == "VARCHAR":
            return f"tongbao_month({column}) = {BAD}"
        return None

    def date_key(self, column: str, type_name: str) -> str:
        return column

    def instructed(self, session: Session, column: str) -> tuple[str, dict[str, Any]]:
        assert isinstance(session, _DuckSession)
        session.register("tongbao_instructed", _instructed, "VARCHAR", "BIGINT")
        # The function is called for the cells that are not NULL only.
        return (
            f"CASE WHEN {column} IS NULL THEN 0"
            f" ELSE tongbao_instructed(CAST({column} AS VARCHAR)) END",
            {},
        )


def _aware(type_name: str) -> bool:
    kind = type_name.upper()
    return kind == "TIMESTAMPTZ" or (kind.startswith("TIMESTAMP") and "TIME ZONE" in kind)


class _DuckSession(_DriverSession):
    registered: frozenset[str] = frozenset()
    """The Python functions registered on this session's database."""

    def register(
        self, name: str, function: Callable[[Any], Any], parameter: str, result: str
    ) -> None:
        """Register ``function`` as ``name`` once (only when a query needs it: the first
        registration in a process takes DuckDB a while)."""
        if name not in self.registered:
            self.connection.create_function(name, function, [parameter], result)
            self.registered |= {name}

    def run(self, sql: str, params: Mapping[str, Any]) -> Cursor:
        # DuckDB refuses parameters a statement does not use.
        return super().run(sql, {k: v for k, v in params.items() if "$" + k in sql})


def single_select(query: str, name: str) -> None:
    """Refuse a DuckDB ``query`` that is not exactly one ``SELECT``: DuckDB would run
    every statement in it, and only reading is allowed."""
    duckdb = _driver("duckdb", "duckdb", "duckdb", name)
    try:
        statements = duckdb.connect(":memory:").extract_statements(query)
    except duckdb.Error as exc:
        raise fail_query(name, exc, None, "query") from None
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise InputError.of("database.not_one_select", name, "query")


# --- SQLAlchemy ---------------------------------------------------------------------


class Alchemy:
    """Any database with a SQLAlchemy dialect (PostgreSQL through psycopg 3 first), in
    a read-only transaction that is always rolled back."""

    def __init__(self, url: str, name: str, zone: ZoneInfo) -> None:
        sqlalchemy = _driver("sqlalchemy", "sqlalchemy", "postgresql", name)
        try:
            parsed = sqlalchemy.engine.make_url(url)
        except (sqlalchemy.exc.ArgumentError, ValueError):
            raise InputError.of("database.bad_url", name, None) from None
        self.dialect = parsed.get_backend_name()
        self.url = parsed
        self.name = name
        self.zone = zone
        self.secret = password_of(url)
        options: dict[str, Any] = {"poolclass": sqlalchemy.pool.NullPool}
        if self.dialect == "postgresql":
            options["connect_args"] = {"connect_timeout": 15}
        try:
            self.engine = sqlalchemy.create_engine(parsed, **options)
        except ModuleNotFoundError as exc:  # the dialect's driver
            raise self._no_driver(exc) from None
        except (sqlalchemy.exc.SQLAlchemyError, ValueError, TypeError) as exc:
            raise fail_query(name, exc, self.secret, "connecting") from None
        self.preparer = self.engine.dialect.identifier_preparer
        self._text = self.engine.dialect.type_compiler_instance.process(sqlalchemy.String(200))

    @contextmanager
    def session(self) -> Iterator[Session]:
        import sqlalchemy  # noqa: PLC0415

        try:
            connection = self.engine.connect()
        except sqlalchemy.exc.SQLAlchemyError as exc:
            raise fail_query(self.name, exc, self.secret, "connecting") from None
        except ModuleNotFoundError as exc:
            raise self._no_driver(exc) from None
        session = _AlchemySession(connection, self.name, self.secret)
        try:
            if self.dialect == "postgresql":
                session.run("SET TRANSACTION READ ONLY", {})
                settings = session.run(
                    "SELECT set_config('TimeZone', :zone, true),"
                    " set_config('statement_timeout', :timeout, true),"
                    " current_setting('server_encoding'), current_setting('server_version_num')",
                    {"zone": self.zone.key, "timeout": f"{TIMEOUT_SECONDS}s"},
                ).fetchmany(1)
                # normalize() is PostgreSQL 13's, for UTF-8 databases only.
                encoding, version = settings[0][2:] if settings else ("", "0")
                session.normalizes = encoding == "UTF8" and int(version) >= 130000
            yield session
        finally:
            try:
                connection.rollback()
            finally:
                connection.close()
                self.engine.dispose()

    def _no_driver(self, exc: ModuleNotFoundError) -> InputError:
        postgresql = self.dialect == "postgresql" and (exc.name or "").startswith("psycopg")
        return no_driver(self.name, exc.name or "?", "postgresql" if postgresql else None)

    def prepare(
        self, session: Session, source: str, column: str, type_name: str, params: Mapping[str, Any]
    ) -> None:
        pass  # the transaction's TimeZone does it

    def quote(self, identifier: str) -> str:
        return str(self.preparer.quote_identifier(identifier))

    def param(self, name: str) -> str:
        return ":" + name

    def local_date(self, column: str, type_name: str) -> str | None:
        if self.dialect == "postgresql" and type_name not in _PG_TEXT:
            # the zone is the transaction's TimeZone
            return f"CAST(CAST({column} AS TIMESTAMP WITH TIME ZONE) AS DATE)"
        return None  # text is read as an item file's cell is, in Python

    def date_key(self, column: str, type_name: str) -> str:
        if self.dialect == "postgresql" and type_name in _PG_TEXT:
            # A date, or a date and a naive time, stands for its first ten characters
            # (its date, whatever the time): a few hundred keys a year, not one a row.
            return f"CASE WHEN {column} ~ '{_NAIVE_DAY}' THEN left({column}, 10) ELSE {column} END"
        return column

    def month(self, column: str, type_name: str) -> str | None:
        day = self.local_date(column, type_name)
        if day is None:
            return None
        return (
            f"(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER) * 12"
            f" + CAST(EXTRACT(MONTH FROM {day}) AS INTEGER) - 1)"
        )

    def is_bad_date(self, column: str, type_name: str) -> str | None:
        return None  # a timestamp column holds dates; text is read in Python

    def instructed(self, session: Session, column: str) -> tuple[str, dict[str, Any]]:
        names: dict[str, Any] = {f"no{i}": word for i, word in enumerate(NOT_INSTRUCTED)}
        words = ", ".join(":" + name for name in names)
        # Not VARCHAR(200), which cuts a longer cell before its spaces are trimmed.
        text = f"CAST({column} AS {'TEXT' if self.dialect == 'postgresql' else self._text})"
        if isinstance(session, _AlchemySession) and session.normalizes:
            # As a file's cell is read: NFKC, the ends' spaces, case.
            text = f"lower(btrim(normalize({text}, NFKC), :spaces))"
            names["spaces"] = SPACES
        else:  # another database: spaces and ASCII case only
            text = f"LOWER(TRIM({text}))"
        return (
            f"CASE WHEN {column} IS NULL THEN 0 WHEN {text} IN ({words}) THEN 0 ELSE 1 END",
            names,
        )


class _AlchemySession:
    normalizes = False
    """The database has ``normalize(text, NFKC)`` (PostgreSQL 13 and later, UTF-8)."""

    def __init__(self, connection: Any, name: str, secret: str | None) -> None:
        self.connection = connection
        self.name = name
        self.secret = secret

    def run(self, sql: str, params: Mapping[str, Any]) -> Cursor:
        import sqlalchemy  # noqa: PLC0415

        used = {k: v for k, v in params.items() if re.search(rf":{k}\b", sql)}
        try:
            result = self.connection.execute(sqlalchemy.text(sql), used)
        except sqlalchemy.exc.SQLAlchemyError as exc:
            raise fail_query(self.name, exc, self.secret, "query") from None
        names = list(result.keys()) if result.returns_rows else []
        described = getattr(getattr(result, "cursor", None), "description", None) or ()
        # psycopg gives PostgreSQL's type numbers; other drivers' codes are not read.
        codes = [getattr(d, "type_code", None) for d in described]
        types = [_PG_TYPES.get(code, "") if isinstance(code, int) else "" for code in codes]

        def fetch(size: int) -> Sequence[Sequence[Any]]:
            try:
                rows: Sequence[Sequence[Any]] = result.fetchmany(size)
            except sqlalchemy.exc.SQLAlchemyError as exc:
                raise fail_query(self.name, exc, self.secret, "query") from None
            return rows

        return _ListCursor(names, fetch, types if len(types) == len(names) else None)


# --- choosing one -------------------------------------------------------------------


def no_driver(name: str, package: str, extra: str | None) -> InputError:
    """The error of a driver that is not installed, saying how to install it."""
    install = f"pip install 'tongbao[{extra}]'" if extra else f"install {package} with pip"
    return InputError.of("database.no_driver", name, None, package=package, install=install)


def _driver(module: str, package: str, extra: str, name: str) -> Any:
    """Import a driver, or say which extra installs it."""
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError:
        raise no_driver(name, package, extra) from None


def _file_path(rest: str, folder: Path | None, name: str) -> Path:
    """The file of ``sqlite:///rest`` or ``duckdb:///rest``: relative to ``folder``
    (three slashes), absolute with four."""
    if not rest.startswith("/") or "?" in rest:
        raise InputError.of("database.bad_url", name, None)
    path = Path(urllib.parse.unquote(rest[1:]))
    if not path.is_absolute() and folder is not None:
        path = folder / path
    if not path.is_file():
        raise InputError.of("database.no_file", name, None, path=str(path))
    return path


def connect_engine(url: str, zone: ZoneInfo, folder: Path | None, name: str) -> Engine:
    """The engine for ``url``: ``sqlite:///…`` and ``duckdb:///…`` files, ``duckdb:``
    in memory, and any other URL through SQLAlchemy."""
    scheme, colon, rest = url.partition(":")
    if not colon:
        raise InputError.of("database.bad_url", name, None)
    scheme = scheme.lower()
    if scheme == "sqlite":
        return SQLite(_file_path(rest.removeprefix("//"), folder, name), name, zone)
    if scheme == "duckdb":
        if rest in ("", "//", "///:memory:"):
            return DuckDB(None, name, zone, folder)
        return DuckDB(_file_path(rest.removeprefix("//"), folder, name), name, zone)
    return Alchemy(url, name, zone)
