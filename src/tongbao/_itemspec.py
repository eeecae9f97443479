"""The ``[items]`` table of a notice file, and the keys of ``data`` that name a database.

A notice whose data is an item log (one row per submitted item: a CSV/XLSX file, a
``.parquet`` file, or a database table or query) says here how its items become
tallies: the unit list (名单), what to do with units not in it, how duplicates are
found and counted, and the office's time zone. Parsed with every wrong value located
by its line, like the rest of the notice file; nothing is read here.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ._frozen import FrozenMapping
from ._itemcells import check_adopted_words
from ._items import DEFAULT_SIMILARITY, DEFAULT_TIME_ZONE, DEFAULT_WINDOW_DAYS, EXACT_ONLY
from ._model import Unit
from ._noticekeys import ITEM_FIGURES, ITEMS_KEYS, _describe
from ._sql import FIGURES as DATABASE_FIGURES
from ._sqlengines import password_of
from .errors import InputError

if TYPE_CHECKING:
    from ._noticefile import _Parser

__all__ = ["MAX_WINDOW_DAYS", "DuplicatesMode", "ItemsSpec", "NewUnits", "items_spec"]

DuplicatesMode = Literal["list", "count_once", "error"]
NewUnits = Literal["error", "add"]
DUPLICATES_MODES: tuple[DuplicatesMode, ...] = ("list", "count_once", "error")
NEW_UNITS: tuple[NewUnits, ...] = ("error", "add")
MAX_WINDOW_DAYS = 366
"""The widest window duplicates are looked for in: a year."""


@attrs.frozen(kw_only=True)
class ItemsSpec:
    """How a notice counts an item log: the ``[items]`` table, checked.

    ``units`` is the unit list given inline, ``units_file`` one in a CSV/XLSX file
    (单位 and an optional 类别 column), relative to the notice; neither: every unit
    with items in the log is counted. ``adopted_values`` maps a system's own 是否采用
    words (已发布, 待审核 …) to true (adopted) or false (not), as written; they add to
    the built-in words.
    """

    units: tuple[Unit, ...] | None = None
    units_file: str | None = None
    new_units: NewUnits = "error"
    duplicates: DuplicatesMode = "list"
    window_days: int = DEFAULT_WINDOW_DAYS
    similarity: Fraction = DEFAULT_SIMILARITY
    time_zone: str = DEFAULT_TIME_ZONE
    duplicates_title: str | None = None
    adopted_values: FrozenMapping[str, bool] = attrs.field(factory=FrozenMapping)

    @property
    def zone(self) -> ZoneInfo:
        """The office's zone, which every timestamp's month is taken in."""
        return ZoneInfo(self.time_zone)


def items_spec(parser: _Parser) -> ItemsSpec | None:
    """The ``[items]`` table, or ``None`` when the notice has none (or a wrong one)."""
    table = parser.get("items", dict)
    if table is None:
        return None
    parser.unknown_keys(table, ITEMS_KEYS, "items.")
    found: dict[str, Any] = {}
    if "units" in table:
        units, units_file = _units(parser, table["units"])
        found.update(units=units, units_file=units_file)
    for key, choices in (("new_units", NEW_UNITS), ("duplicates", DUPLICATES_MODES)):
        if key in table:
            value = table[key]
            if value in choices:
                found[key] = value
            else:
                shown = ", ".join(f'"{c}"' for c in choices)
                parser.add(
                    "toml.items_choice",
                    f"items.{key}",
                    key=f"items.{key}",
                    value=_describe(value),
                    choices=shown,
                )
    if "window_days" in table:
        days = table["window_days"]
        if isinstance(days, int) and not isinstance(days, bool) and 0 <= days <= MAX_WINDOW_DAYS:
            found["window_days"] = days
        else:
            parser.add(
                "toml.items_window",
                "items.window_days",
                value=_describe(days),
                limit=MAX_WINDOW_DAYS,
            )
    if "similarity" in table:
        threshold = _similarity(table["similarity"])
        if threshold is None:
            parser.add(
                "toml.items_similarity", "items.similarity", value=_describe(table["similarity"])
            )
        else:
            found["similarity"] = threshold
    if "time_zone" in table:
        zone = table["time_zone"]
        if _zone_known(zone):
            found["time_zone"] = zone
        else:
            parser.add("toml.items_time_zone", "items.time_zone", value=_describe(zone))
    if "duplicates_title" in table:
        title = table["duplicates_title"]
        if isinstance(title, str) and title.strip():
            found["duplicates_title"] = title.strip()
        else:
            parser.add(
                "toml.wrong_type",
                "items.duplicates_title",
                key="items.duplicates_title",
                kind="text (the attachment's title)",
                value=_describe(title),
            )
    if "adopted_values" in table:
        words = _adopted_values(parser, table["adopted_values"])
        if words:
            found["adopted_values"] = FrozenMapping(words)
    return ItemsSpec(**found)


def _adopted_values(parser: _Parser, value: object) -> dict[str, bool] | None:
    """``adopted_values``: a system's own 是否采用 words, each problem at its key's line.

    The words without a problem are kept, so the item log is read with them and only
    the cells of a wrong word are problems too.
    """
    if not isinstance(value, dict):
        parser.add("toml.items_adopted_table", "items.adopted_values", value=_describe(value))
        return None
    _, problems = check_adopted_words(value, notice=True)
    wrong = set()
    for code, key, params in problems:
        wrong.add(key)
        # A key is any text (a dot, a space): placed here, not read back as a path.
        parser.add(code, parser.locate.place(params["key"]), **params)
    return {key: meaning for key, meaning in value.items() if key not in wrong}


def _similarity(value: object) -> Fraction | None:
    """A threshold from 0 (exclusive) to 1, exact: TOML's 0.85 is read as a Decimal;
    ``"exact"``: only titles the same after normalising (:data:`EXACT_ONLY`)."""
    if value == "exact":
        return EXACT_ONLY
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    threshold = Fraction(value)
    return threshold if 0 < threshold <= 1 else None


def _zone_known(value: object) -> bool:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _units(parser: _Parser, value: object) -> tuple[tuple[Unit, ...] | None, str | None]:
    """The unit list: inline names or ``{name, group}`` tables, or a file's path."""
    if isinstance(value, str):
        if not value.strip():
            parser.add("toml.items_units", "items.units", value=_describe(value))
            return None, None
        return None, value
    if not isinstance(value, list):
        parser.add("toml.items_units", "items.units", value=_describe(value))
        return None, None
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(value):
        where = f"items.units[{i}]"
        try:
            if isinstance(entry, str):
                unit = Unit(entry)
            elif (
                isinstance(entry, dict)
                and set(entry) <= {"name", "group"}
                and isinstance(entry.get("name"), str)
                and isinstance(entry.get("group", ""), str)
            ):
                unit = Unit(entry["name"], group=entry.get("group") or None)
            else:
                parser.add("toml.items_unit", where, key=where, value=_describe(entry))
                continue
        except InputError as exc:
            parser.problems.adopt(exc, where, prefix=f"{where}: ")
            continue
        if unit.name in seen:
            parser.add("toml.items_unit_twice", where, unit=unit.name, first=seen[unit.name] + 1)
            continue
        seen[unit.name] = i
        units.append(unit)
    return tuple(units), None


def database_source(parser: _Parser, value: dict[str, Any]) -> dict[str, Any] | None:
    """``url`` or ``url_env`` with ``table`` or ``query``, checked; ``None`` if wrong."""
    fine = True
    given = [key for key in ("file", "url", "url_env") if key in value]
    if len(given) > 1:
        parser.add("toml.data_one_source", "data", keys=", ".join(given))
        return None
    found: dict[str, Any] = {}
    for key in ("url", "url_env", "table", "query"):
        if key not in value:
            continue
        text = value[key]
        if not isinstance(text, str) or not text.strip():
            parser.add(
                "toml.wrong_type",
                f"data.{key}",
                key=f"data.{key}",
                kind="text",
                value=_describe(text),
            )
            fine = False
            continue
        found[key] = text
    if "sheet" in value:
        parser.add("toml.data_sheet_with_url", "data.sheet")
        fine = False
    chosen = [key for key in ("table", "query") if key in value]
    if len(chosen) != 1:
        parser.add("toml.data_table_or_query", "data", given=", ".join(chosen) or "neither")
        fine = False
    url = found.get("url")
    if url is not None and password_of(url) is not None:
        parser.add("toml.url_password", "data.url")
        fine = False
    return found if fine else None


def item_column_problems(parser: _Parser, columns: dict[str, str]) -> dict[str, str]:
    """A database's column mapping: item figures only (or ``month``, a column of
    months where there is no date), each to a column's name."""
    good = {}
    known = (*ITEM_FIGURES, *(f for f in DATABASE_FIGURES if f not in ITEM_FIGURES))
    for figure, name in columns.items():
        if figure not in known:
            close = difflib.get_close_matches(figure, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            parser.add(
                "toml.item_figure",
                "data.columns",
                figure=repr(figure),
                hint=hint,
                known=", ".join(known),
            )
        elif not isinstance(name, str) or not name.strip():
            parser.add("toml.bad_heading", "data.columns", figure=figure, value=_describe(name))
        else:
            good[figure] = name
    return good
