"""One row of an item log read into an :class:`~tongbao._items.Item`, or its problems.

The careful path: each cell is checked and every problem is added with its place (the
row's line or row number, the cell's column), the column's heading, the value and what
was expected. Each distinct unit, date, adoption and level is read once (a log repeats
them thousands of times). The fast reading of large CSV files
(:mod:`tongbao._itemfast`) asks the same questions of the same :class:`RowReader`, so
both ways read a value alike.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from ._cells import _text
from ._itemcells import accepted_words, adopted_value, instructed_value, when_value
from ._items import Item
from ._model import _REFUSED, Unit, normalize_name
from ._problems import Collector
from ._sheets import _column_letter
from .errors import InputError, Location, Problem

__all__ = ["MAX_TITLE_CHARS", "RowReader", "cell_place"]

MAX_TITLE_CHARS = 500
"""The longest title, in characters (real ones: 10 to 60; a longer cell is a body
pasted into the title column)."""

_TOTALS = frozenset({"合计", "总计", "小计", "总数", "共计"})
_TOTAL_LABELS = tuple(f"{word}{mark}" for word in sorted(_TOTALS) for mark in "：:")
_NOTE_PREFIXES = ("注", "备注", "说明", "填表", "制表", "审核", "数据来源")
_BAD_TITLE = re.compile(f"[\x00-\x1f{_REFUSED}]")
_MEMO = 100_000
"""Distinct dates remembered (timestamps to the second are nearly all distinct)."""


def _total(values: Sequence[Any]) -> tuple[int, str] | None:
    """The column and text of a total (合计, 合计：339条) in a row whose unit is empty,
    as a clerk writes it in the first column or under the titles."""
    for position, value in enumerate(values):
        text = _text(value)
        if text.replace(" ", "") in _TOTALS or text.startswith(_TOTAL_LABELS):
            return position, text
    return None


def cell_place(row_place: str, position: int) -> str:
    """``line 3`` and column 2 → ``line 3, column 3``; ``row 3`` → ``cell C3``."""
    kind, _, rest = row_place.rpartition(" ")
    label, _, word = kind.rpartition(", ")
    if (word or kind) == "row":
        prefix = f"{label}, " if label else ""
        return f"{prefix}cell {_column_letter(position + 1)}{rest}"
    return f"{row_place}, column {position + 1}"


class RowReader:
    """Reads rows under an item header into items, adding each problem with its place.

    ``where`` gives each figure's column; ``headings`` each figure's heading as written
    (for messages); ``levels`` the notice's level names (an adopted item's level must
    be one of them); ``adopted_values`` a system's own 是否采用 words by their normal
    form, as :func:`~tongbao._itemcells.adopted_words` gives them.
    """

    def __init__(
        self,
        where: Mapping[str, int],
        headings: Mapping[str, str],
        levels: Sequence[str],
        zone: ZoneInfo,
        problems: Collector,
        *,
        date1904: Callable[[], bool] | None = None,
        adopted_values: Mapping[str, bool] | None = None,
    ) -> None:
        self.headings = headings
        self.zone = zone
        self.problems = problems
        self.date1904 = date1904
        self.unit_at = where.get("unit", 0)
        self.title_at = where["title"]
        self.date_at = where["submitted_on"]
        self.group_at = where.get("group")
        self.adopted_at = where.get("adopted")
        self.level_at = where.get("level")
        self.instructions_at = where.get("instructions")
        self.levels = {normalize_name(level, "level"): level for level in levels}
        self.level_names = tuple(levels)
        self.units: dict[tuple[str, str], Unit | InputError] = {}
        self.groups: dict[str, tuple[str | None, str]] = {}
        """Each unit's group and where it was first read (a unit is in one group)."""
        self.level_of: dict[str, str | InputError] = {}
        self.dates: dict[str, datetime.date | str] = {}
        self.adoptions: dict[tuple[Any, Any], tuple[bool, str | None]] = {}
        self.adopted_values = dict(adopted_values or {})

    def heading(self, figure: str) -> str:
        return self.headings.get(figure, figure)

    def read(
        self,
        values: Sequence[Any],
        place: str,
        *,
        workbook: bool,
        day: datetime.date | None = None,
    ) -> Item | None:
        """The row's item; ``None`` for a blank or note row, or a row with problems.

        ``day``: the local date of its 报送日期 cell, read already (by the fast reading
        of a large file, which read every row when it counted).
        """
        width = len(values)
        unit_raw = values[self.unit_at] if self.unit_at < width else None
        title_raw = values[self.title_at] if self.title_at < width else None
        date_raw = values[self.date_at] if self.date_at < width else None
        unit_text = _text(unit_raw)
        if not unit_text or unit_text.startswith(_NOTE_PREFIXES):
            filled = [text for text in map(_text, values) if text]
            if not filled:
                return None  # a blank row
            if not unit_text and (total := _total(values)):
                column, text = total
                self.problems.add("items.total_row", cell_place(place, column), value=repr(text))
                return None
            if unit_text and _text(title_raw) == "" and _text(date_raw) == "":
                return None  # a note below the items (备注：…)
            if len(filled) == 1 and filled[0].startswith(_NOTE_PREFIXES):
                return None  # a note alone in another column (序号)
        problems = self.problems
        if unit_text.replace(" ", "") in _TOTALS:
            problems.add("items.total_row", cell_place(place, self.unit_at), value=repr(unit_text))
            return None
        before = len(problems)
        group = (
            values[self.group_at] if self.group_at is not None and self.group_at < width else None
        )
        unit = self.unit(unit_text, unit_raw, group, place)
        title = self.title(title_raw, place)
        when = day if day is not None else self.when(date_raw, place, workbook=workbook)
        flag = (
            values[self.adopted_at]
            if self.adopted_at is not None and self.adopted_at < width
            else None
        )
        level_cell = (
            values[self.level_at] if self.level_at is not None and self.level_at < width else None
        )
        adoption = self.adoption(flag, level_cell, place)
        at = self.instructions_at
        instructed = at is not None and at < width and instructed_value(values[at])
        if len(problems) > before or unit is None or title is None or when is None:
            return None
        adopted, level = adoption or (False, None)
        return Item(unit.name, title, when, adopted, level, instructed, unit.group, place=place)

    def unit(self, text: str, raw: Any, group: Any, place: str) -> Unit | None:
        """The unit of a 单位 cell (and its 类别), or ``None`` with the problem added."""
        if not text:
            self.problems.add("items.unit_empty", place, heading=self.heading("unit"))
            return None
        key = (raw if isinstance(raw, str) else text, _text(group))
        found = self.units.get(key)
        if found is None:
            try:
                found = Unit(key[0], group=key[1] or None)
            except InputError as exc:
                found = exc
            self.units[key] = found
        if isinstance(found, InputError):
            at = cell_place(place, self.unit_at)
            self.problems.adopt(found, at, prefix=f"{self.heading('unit')}: ")
            return None
        first = self.groups.setdefault(found.name, (found.group, place))
        if first[0] != found.group:
            self.problems.add(
                "items.unit_two_groups",
                cell_place(place, self.unit_at if self.group_at is None else self.group_at),
                unit=found.name,
                group=repr(found.group or ""),
                first=repr(first[0] or ""),
                first_place=first[1],
            )
            return None
        return found

    def title(self, raw: Any, place: str) -> str | None:
        """A title as written (outer spaces off), or ``None`` with the problem added."""
        title = (raw if isinstance(raw, str) else "" if raw is None else str(raw)).strip()
        if title and len(title) <= MAX_TITLE_CHARS and _BAD_TITLE.search(title) is None:
            return title
        heading, at = self.heading("title"), cell_place(place, self.title_at)
        if not title:
            self.problems.add("items.title_empty", at, heading=heading)
        elif len(title) > MAX_TITLE_CHARS:
            self.problems.add(
                "items.title_too_long",
                at,
                heading=heading,
                start=repr(title[:20]),
                length=f"{len(title):,}",
                limit=MAX_TITLE_CHARS,
            )
        else:
            bad = _BAD_TITLE.search(title)
            assert bad is not None
            char = f"U+{ord(bad.group()):04X}"
            self.problems.add(
                "items.title_character", at, heading=heading, start=repr(title[:20]), char=char
            )
        return None

    def when(self, raw: Any, place: str, *, workbook: bool) -> datetime.date | None:
        """The local date of a 报送日期 cell, or ``None`` with the problem added."""
        if isinstance(raw, str):
            found = self.dates.get(raw)
            if found is None:
                if len(self.dates) >= _MEMO:
                    self.dates.clear()
                found = self.dates[raw] = when_value(raw, self.zone, workbook=workbook)
        else:
            number = isinstance(raw, int | float) and not isinstance(raw, bool)
            date1904 = number and self.date1904 is not None and self.date1904()
            found = when_value(raw, self.zone, workbook=workbook, date1904=date1904)
        if not isinstance(found, str):
            return found
        self.problems.add(
            "items.bad_date",
            cell_place(place, self.date_at),
            heading=self.heading("submitted_on"),
            value=repr("" if raw is None else raw)[:80],
            reason=found,
        )
        return None

    def adoption(self, flag: Any, level_cell: Any, place: str) -> tuple[bool, str | None] | None:
        """(adopted, level) of the 是否采用 and 采用级别 cells, or ``None`` with the
        problems added."""
        key = (flag, level_cell)
        found = self.adoptions.get(key)
        if found is not None:
            return found
        before = len(self.problems)
        result = self._adoption(flag, level_cell, place)
        if len(self.problems) == before:
            self.adoptions[key] = result
        return result if len(self.problems) == before else None

    def _adoption(self, flag: Any, level_cell: Any, place: str) -> tuple[bool, str | None]:
        problems = self.problems
        adopted: bool | None = None
        if self.adopted_at is not None:
            adopted = adopted_value(flag, self.adopted_values)
            if adopted is None:
                problems.add(
                    "items.bad_adopted",
                    cell_place(place, self.adopted_at),
                    heading=self.heading("adopted"),
                    value=repr(_text(flag))[:80],
                    accepted=accepted_words(self.adopted_values),
                )
                return False, None
        level = None
        if self.level_at is not None:
            text = _text(level_cell)
            if text:
                level = self.level(text, cell_place(place, self.level_at))
                if level is None:
                    return False, None
        if adopted is False and level is not None:
            problems.add(
                "items.level_not_adopted",
                cell_place(place, self.level_at or 0),
                heading=self.heading("level"),
                level=repr(level),
                flag=self.heading("adopted"),
                value=repr(_text(flag)),
            )
        elif adopted and level is None and self.levels:
            if self.level_at is not None:
                problems.add(
                    "items.adopted_without_level",
                    cell_place(place, self.level_at),
                    heading=self.heading("level"),
                    levels=", ".join(self.level_names),
                )
            else:
                problems.add(
                    "items.no_level_column",
                    cell_place(place, self.adopted_at or 0),
                    levels=", ".join(self.level_names),
                )
        return bool(adopted) or level is not None, level

    def level(self, text: str, at: str) -> str | None:
        """The notice's spelling of a level (any, without notice levels), or ``None``."""
        found = self.level_of.get(text)
        if found is None:
            try:
                normal = normalize_name(text, "level")
            except InputError as exc:
                found = exc
            else:
                if self.levels:
                    found = self.levels.get(normal) or InputError(
                        Problem.of(
                            "items.unknown_level",
                            Location(),
                            heading=self.heading("level"),
                            value=repr(normal),
                            levels=", ".join(self.level_names),
                        )
                    )
                else:
                    found = normal
            self.level_of[text] = found
        if isinstance(found, InputError):
            self.problems.adopt(found, at)
            return None
        return found
