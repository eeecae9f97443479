"""The resolve stage: a :class:`~tongbao._noticefile.NoticeFile` to a :class:`Loaded`.

Each data file is read once for every period it serves (this one, the previous, a year
ago, the year to date), the excluded units are dropped in one place, the Notice is
built, and each of its problems is placed in the notice file or the data file's row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import attrs

from . import _sheets
from ._data import DataTable, read_tables
from ._files import Input, confine, read_input
from ._headings import Header
from ._itemfile import MAX_ITEM_FILE_BYTES, data_form, read_items
from ._items import Duplicate, ItemSource
from ._itemspec import ItemsSpec
from ._itemtallies import ItemSummary, count_for_notice
from ._model import Tally, Unit
from ._notice import Notice
from ._noticefile import DataSource, NoticeFile
from ._period import Period
from ._problems import Collector, place_of
from ._sheets import DATA_KINDS
from ._sql import open_database, parquet_items
from ._toml import _Locator
from ._unitlist import read_unit_list
from .errors import InputError, Problem, located

__all__ = ["Loaded", "_Resolver"]

_NO_ITEMS = ItemsSpec()
"""How an item log is counted when the notice has no [items] table."""


@attrs.frozen
class Loaded:
    """A notice as loaded (:func:`tongbao.read_notice`), with the header of each data
    file read for it, and every file read: the notice, data, comparison and font files."""

    notice: Notice
    headers: tuple[Header, ...]
    """Each data file's header row: which column was read as which figure."""
    sources: tuple[Path, ...] = ()
    locate: Callable[[str], str] | None = attrs.field(default=None, eq=False, repr=False)
    items: tuple[ItemSummary, ...] = ()
    """For each item log read (the data, a comparison's file): the items read, counted
    in each period, outside every period (not counted), and the duplicates found."""

    def place(self, key: str) -> str:
        """Where the notice file has ``key`` (``options.pdf.page_numbers``, ``body[2]``):
        ``line 12, options.pdf.page_numbers``, or the key alone when it is not there.

        For problems found after loading (a renderer refusing an option), so they point
        at the notice file's line as the loader's own do.
        """
        return key if self.locate is None else self.locate(key)


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
        given: Mapping[str, bytes | BinaryIO] | None = None,
        allow_databases: bool = True,
    ) -> None:
        self.parsed = parsed
        self.allow_databases = allow_databases
        """False for a notice posted to a server: it may open no database."""
        self.summaries: list[ItemSummary] = []
        self.duplicates: tuple[Duplicate, ...] = ()
        self.roster: tuple[Unit, ...] | None = None
        self.roster_read = False
        self.folder = folder
        self.given = None if given is None else {_key(k): v for k, v in given.items()}
        """The data files handed over with the notice (``loads``): never read from disk."""
        self.inputs: dict[str, Input] = {}
        self.name = name
        self.locate = locate
        self.root = root
        self.files: list[Path] = list(parsed.files)
        """Every file read besides the notice: data, comparison and font files."""
        self.problems = Collector(name, locate=locate.place)
        self.problems.items.extend(parsed.problems)
        self.headers: list[Header] = []
        self.rows: dict[str, tuple[DataTable, bool]] = {}

    def add(self, code: str, path: str, /, **params: Any) -> None:
        """The problem ``code`` at the notice file's key ``path``, placed by line."""
        self.problems.add(code, path, **params)

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
                side = field.replace("_", " ")
                self.add("toml.no_side_period", source.key, period=period.label(), side=side)
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
        groups: dict[tuple[str | None, ...], list[str]] = {}
        for field in periods:
            source = sources.get(field)
            if source is not None:
                groups.setdefault(source.ident, []).append(field)
        for fields in groups.values():
            source = sources[fields[0]]
            if source is not self.parsed.data and any(
                sources[f] is self.parsed.data for f in fields
            ):
                source = self.parsed.data  # the notice's own file, with its named columns
            assert source is not None
            lists.update(self.read_file(source, {f: periods[f] for f in fields}))
        return lists

    def given_file(self, source: DataSource) -> Input | None:
        """A data file handed over with the notice, read once; None (a problem) if absent."""
        assert self.given is not None
        if PurePosixPath(_key(source.file)).suffix.lower() == ".parquet":
            self.add("toml.parquet_not_given", source.key, path=repr(source.file[:300]))
            return None
        key = _key(source.file)
        if key in self.inputs:
            return self.inputs[key]
        content = self.given.get(key)
        if content is None:
            names = ", ".join(repr(k) for k in sorted(self.given)) or "none"
            self.add(
                "toml.data_file_not_given",
                source.key,
                path=repr(source.file[:300]),
                names=names[:300],
            )
            return None
        kind = DATA_KINDS.get(PurePosixPath(key).suffix.lower())
        try:
            if kind is None:
                suffix = PurePosixPath(key).suffix or "(none)"
                raise InputError.of(
                    "file.unknown_type",
                    source.file,
                    what="data file",
                    suffix=repr(suffix),
                    expected=".csv or .xlsx",
                )
            found = read_input(
                content,
                _sheets.MAX_FILE_BYTES,
                "data file",
                kind=kind,
                name=source.file,
                kinds=DATA_KINDS,
            )
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None
        self.inputs[key] = found
        return found

    def data_input(self, source: DataSource) -> tuple[Input | Path | None, Path | None]:
        """The data file ``source`` names: handed over, or its path on disk (confined,
        there); ``(None, None)`` with a problem when it cannot be read."""
        if self.given is not None:
            return self.given_file(source), None
        path = self.folder / source.file
        try:
            confine(path, self.root, "data file")  # before saying whether it exists
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None, None
        missing = _missing(path)
        if missing:
            self.add("toml.data_file_missing", source.key, path=repr(str(path)[:300]), why=missing)
            return None, None
        return path, path

    def read_file(self, source: DataSource, periods: dict[str, Period]) -> dict[str, list[Tally]]:
        if source.database:
            database = self.open_database(source)
            return {} if database is None else self.count_items(database, periods)
        target, path = self.data_input(source)
        if target is None:
            return {}
        try:
            logged = self.item_file(source, target)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return {}
        if isinstance(logged, Input):
            # A file of tallies, read once; one too large for tallies is refused as before.
            target = logged if len(logged.data) <= _sheets.MAX_FILE_BYTES else target
        else:
            log, header = logged
            if path is not None:
                self.files.append(path)
            if header is not None:
                self.headers.append(header)
            return self.count_items(log, periods)
        if source is self.parsed.data and self.parsed.items is not None:
            self.add("toml.items_without_items", "items", file=repr(source.file[:300]))
        monthly_only = {k: p for k, p in periods.items() if k != "tallies"}
        first = {"tallies": periods["tallies"]} if "tallies" in periods else {}
        try:
            tables = read_tables(
                target,
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
        if path is not None:
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

    @property
    def spec(self) -> ItemsSpec:
        return self.parsed.items or _NO_ITEMS

    def item_file(
        self, source: DataSource, target: Input | Path
    ) -> tuple[ItemSource, Header | None] | Input:
        """The item log in a data file (a ``.parquet`` file, or a CSV/XLSX whose header
        has a title and a date column), or the file as read when it holds tallies.

        Raises:
            InputError: the file cannot be read, or its items are wrong.
        """
        if isinstance(target, Path) and target.suffix.lower() == ".parquet":
            parquet = parquet_items(
                target,
                columns=dict(source.columns) or None,
                zone=self.spec.time_zone,
                levels=self.parsed.levels,
                name=source.file,
                adopted_values=self.spec.adopted_values,
            )
            return parquet, None
        data = read_input(
            target,
            MAX_ITEM_FILE_BYTES,
            "data file",
            kind=None,
            name=None,
            kinds=DATA_KINDS,
            root=self.root,
        )
        columns = dict(source.columns)
        if data_form(data, sheet=source.sheet, columns=columns) == "tallies":
            return data
        log = read_items(
            data,
            sheet=source.sheet,
            columns=columns,
            levels=self.parsed.levels,
            zone=self.spec.time_zone,
            adopted_values=self.spec.adopted_values,
        )
        return log, log.header

    def open_database(self, source: DataSource) -> ItemSource | None:
        """The database of items ``source`` names, or ``None`` with a problem."""
        if not self.allow_databases:
            self.add("toml.database_not_allowed", "data.url" if source.url else "data.url_env")
            return None
        if self.parsed.problems:
            return None  # a database is opened only for a notice with nothing else wrong
        url = source.url
        if source.url_env is not None:
            url = os.environ.get(source.url_env)
            if not url:
                self.add("toml.url_env_unset", "data.url_env", name=source.url_env)
                return None
        assert url is not None
        try:
            return open_database(
                url,
                table=source.table,
                query=source.query,
                columns=dict(source.columns) or None,
                zone=self.spec.time_zone,
                levels=self.parsed.levels,
                folder=self.folder,
                adopted_values=self.spec.adopted_values,
            )
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None

    def unit_list(self) -> tuple[Unit, ...] | None:
        """The notice's unit list (名单), inline or read once from its file."""
        if self.roster_read:
            return self.roster
        self.roster_read = True
        spec = self.spec
        self.roster = spec.units
        if spec.units_file is not None:
            listed = DataSource(spec.units_file, key="items.units")
            # A list that cannot be read is its own problem: no unit is then unknown.
            target, path = self.data_input(listed)
            if target is not None:
                try:
                    self.roster = read_unit_list(target, root=self.root)
                except InputError as exc:
                    self.problems.extend(exc.problems)
                if path is not None:
                    self.files.append(path)
        return self.roster

    def count_items(self, log: ItemSource, periods: dict[str, Period]) -> dict[str, list[Tally]]:
        """Every list of tallies ``periods`` asks for, from one item log counted once."""
        excluded = {e.name for e in self.parsed.fields["excluded"]}
        try:
            lists, duplicates, summary = count_for_notice(
                log,
                periods,
                self.spec,
                levels=self.parsed.levels,
                excluded=excluded,
                problems=self.problems,
                roster=self.unit_list(),
            )
        except InputError as exc:
            self.problems.extend(exc.problems)
            return {}
        if "tallies" in periods:
            self.duplicates = duplicates
        self.summaries.append(summary)
        return lists

    def remember(self, field: str, table: DataTable, *, ytd: bool = False) -> None:
        """Which table each list came from, so a problem with a tally can point at its row."""
        self.rows[field] = (table, ytd)

    def not_monthly(self, field: str, header: Header | None) -> None:
        has = f" ({header.file}, {header.place} has {header.written()})" if header else ""
        if field == "year_to_date":
            self.add("toml.ytd_needs_monthly", "attachment.year_to_date", has=has)
        else:
            key = f"comparison.{field}"
            self.add("toml.comparison_needs_monthly", key, key=key, has=has)

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
        elif self.summaries and self.parsed.data is not None:
            fields["source"] = f"the items of {self.summaries[0].source}"
        if self.parsed.items is not None and self.parsed.items.duplicates_title:
            fields["duplicates"] = self.duplicates
            fields["duplicates_title"] = self.parsed.items.duplicates_title
        else:
            fields["duplicates"] = self.duplicates
        if self.problems:
            raise InputError(_in_file_order(self.problems.problems(), self.name))
        try:
            notice = Notice(**fields)
        except InputError as exc:
            relocated = [self.relocate(p, fields) for p in exc.problems]
            raise InputError(_in_file_order(relocated, self.name)) from None
        return Loaded(
            notice,
            tuple(self.headers),
            tuple(self.files),
            self.locate.place,
            tuple(self.summaries),
        )

    def relocate(self, problem: Problem, fields: dict[str, Any]) -> Problem:
        """A Notice's problem placed in its file: the notice's line, or the data's row."""
        if problem.location.file is not None:
            return problem
        path = problem.location.path
        place = problem.location.place
        if len(path) > 1 and path[0] in _TALLY_FIELDS and isinstance(path[1], int):
            place = place_of(path[:2])  # the unit, as the notice file has it
            if path[0] in self.rows:
                table, ytd = self.rows[str(path[0])]
                tally = fields[str(path[0])][path[1]]
                tallies = table.year_to_date if ytd else table.tallies
                # Worded only now, for the few tallies with a problem.
                for index, candidate in enumerate(tallies):
                    if candidate is tally and index < len(table.places):
                        where = located(table.header.file, table.places[index], path)
                        return problem._replace(location=where)
        where = located(self.name, self.locate.place(place) if place else None, path)
        return problem._replace(location=where)


_TALLY_FIELDS = ("tallies", "year_to_date", "previous", "year_ago")


def _key(name: str) -> str:
    """A data file's name as a notice writes it, compared as a relative POSIX path."""
    return str(PurePosixPath(name.replace("\\", "/")))


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
