"""A unit list (名单) in a CSV/XLSX file: a 单位 column and an optional 类别 column.

An item log names only the units that submitted something; the notice's unit list
names every unit that should have, so those without items get zeros. ``[items] units
= "units.csv"`` names such a file; each problem is located by its line or cell.
"""

from __future__ import annotations

from pathlib import Path

from . import _sheets
from ._files import Input, read_input
from ._headings import FIELD_OF, clean_heading
from ._model import Unit
from ._problems import Collector
from ._sheets import DATA_KINDS, _rows
from .errors import InputError, Problem, located

__all__ = ["read_unit_list"]

_SEARCH_ROWS = 20
"""A title row or two may stand above the header: it is looked for this far down."""


def read_unit_list(source: Input | Path, *, root: Path | None = None) -> tuple[Unit, ...]:
    """The units a unit-list file names, in its order, each with its group if given.

    Raises:
        InputError: every problem, located: no 单位 heading, a name that cannot be a
            unit's, a unit named twice.
    """
    data = read_input(
        source,
        _sheets.MAX_FILE_BYTES,
        "data file",
        kind=None,
        name=None,
        kinds=DATA_KINDS,
        root=root,
    )
    sheet = _rows(data, None)
    header = None
    for index, row in enumerate(sheet.rows[:_SEARCH_ROWS]):
        fields = [FIELD_OF.get(clean_heading(cell)) for cell in row]
        if "unit" in fields:
            group = fields.index("group") if "group" in fields else None
            header = index, fields.index("unit"), group
            break
    if header is None:
        raise InputError.of("items.unit_list_header", data.name)
    start, unit_at, group_at = header
    found = Collector(data.name)
    units: list[Unit] = []
    seen: dict[str, str] = {}
    for index in range(start + 1, len(sheet.rows)):
        row = sheet.rows[index]
        name = row[unit_at] if unit_at < len(row) else None
        if name is None or not str(name).strip():
            continue
        group = row[group_at] if group_at is not None and group_at < len(row) else None
        place = sheet.place(index)
        given_group = str(group).strip() if group is not None else ""
        try:
            unit = Unit(str(name), group=given_group or None)
        except InputError as exc:
            for problem in exc.problems:
                found.append(problem._replace(location=located(data.name, place)))
            continue
        if unit.name in seen:
            where = located(data.name, place)
            found.append(
                Problem.of("items.unit_list_twice", where, unit=unit.name, first=seen[unit.name])
            )
            continue
        seen[unit.name] = place
        units.append(unit)
    found.raise_if_any()
    return tuple(units)
