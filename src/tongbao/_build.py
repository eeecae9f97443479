"""A notice from plain data (a web form, JSON), with every problem found at once.

``Tally(...)`` and the other constructors raise at the first bad value, which suits
code; a form wants every problem, each next to its field. :func:`notice_from` takes
the notice as plain data, builds every part, and reports all the parts' problems in
one :class:`~tongbao.InputError`, each with its path (``("tallies", 1, "adopted")``).
:func:`validate` returns the same problems instead of raising.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, ComparisonTable, Excluded, Notice
from ._period import Period
from ._problems import Collector
from ._quota import Quota
from ._scoring import ScoringRules
from .errors import InputError, PathPart, Problem

__all__ = ["notice_from", "validate"]

Path = tuple[PathPart, ...]

_TALLY_KEYS: tuple[str, ...] = ("unit", "group", "period", "submitted", "adopted")
_TALLY_KEYS += ("levels", "score", "quota", "instructions", "parent")
_SIDES = ("tallies", "year_to_date", "previous", "year_ago")


def validate(data: Mapping[str, Any]) -> tuple[Problem, ...]:
    """Every problem of the notice ``data`` describes (see :func:`notice_from`); ``()``
    when a notice can be built from it."""
    try:
        notice_from(data)
    except InputError as exc:
        return exc.problems
    return ()


def notice_from(data: Mapping[str, Any]) -> Notice:
    """Build a :class:`~tongbao.Notice` from plain data, checking every part.

    ``data`` has the keyword arguments of :class:`~tongbao.Notice`, where each value
    may also be given as plain data:

    - ``date``, ``printed_date``: ISO text (``"2018-05-10"``) or a date;
    - ``period``: text :meth:`~tongbao.Period.parse` reads, or a Period;
    - ``tallies``, ``year_to_date``, ``previous``, ``year_ago``: lists of Tally or of
      mappings with ``unit`` (the name), ``adopted`` and optionally ``submitted``,
      ``group``, ``period`` (default: the notice's period; for ``previous`` and
      ``year_ago`` the period before and a year before; for ``year_to_date`` January
      to the period's last month), ``levels``, ``score``, ``quota``, ``instructions``,
      ``parent``;
    - ``attachment``, ``comparison``, ``scoring``, ``quota``: the object, or a
      mapping of its keyword arguments (an attachment's ``columns`` may be
      ColumnSpec, mappings or figure names);
    - ``excluded``: Excluded, mappings (``name``, ``reason``) or names.

    Returns:
        The notice.

    Raises:
        InputError: every problem found, each with its path in ``data``
            (``("tallies", 1, "adopted")``). The parts are checked first; the checks
            across parts (a unit counted twice, a figure the data lacks) run once
            every part is valid.
    """
    found = Collector()
    given: object = data
    if not isinstance(given, Mapping):
        found.add("value.not_mapping", (), field="the notice")
        found.raise_if_any()
    known = {field.name for field in attrs.fields(Notice)}
    for key in data:
        if key not in known:
            found.add("build.unknown_key", (key,), key=repr(key), known=", ".join(sorted(known)))
    fields: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for key in ("date", "printed_date"):
        if isinstance(fields.get(key), str):
            try:
                fields[key] = datetime.date.fromisoformat(fields[key])
            except ValueError:
                found.add("notice.not_a_date", (key,), field=key, value=repr(data[key]))
    period = fields.get("period")
    if isinstance(period, str):
        period = _part(found, ("period",), lambda: Period.parse(data["period"]))
        fields["period"] = period
    for key in _SIDES:
        if key in fields:
            fields[key] = _tallies(found, key, fields[key], period)
    # An attachment's and a comparison table's problems carry their notice paths.
    _one(found, fields, "attachment", AttachmentSpec, _attachment, ())
    _one(found, fields, "comparison", ComparisonTable, None, ())
    _one(found, fields, "scoring", ScoringRules, None, ("scoring",))
    _one(found, fields, "quota", Quota, None, ("quota",))
    if "excluded" in fields:
        fields["excluded"] = _excluded(found, fields["excluded"])
    found.raise_if_any()
    missing = [f.name for f in attrs.fields(Notice) if f.default is attrs.NOTHING]
    for key in missing:
        if key not in fields:
            found.add("build.missing_key", (key,), key=key)
    found.raise_if_any()
    return Notice(**fields)


def _part(found: Collector, path: Path, build: Callable[[], Any]) -> Any:
    """``build()``, or ``None`` with its problems added at ``path``."""
    try:
        return build()
    except InputError as exc:
        found.adopt(exc, path)
    except (TypeError, ValueError) as exc:  # attrs' own checks: a missing argument
        found.add("build.invalid", path, detail=str(exc))
    return None


def _keys(found: Collector, path: Path, item: Mapping[str, Any], known: Sequence[str]) -> bool:
    """Whether ``item`` holds only ``known`` keys (the others are problems at ``path``)."""
    fine = True
    for key in item:
        if key not in known:
            found.add("build.unknown_key", (*path, str(key)), key=repr(key), known=", ".join(known))
            fine = False
    return fine


def _side_period(side: str, period: object) -> Period | None:
    if not isinstance(period, Period):
        return None
    if side == "previous":
        return period.previous()
    if side == "year_ago":
        return period.year_ago()
    if side == "year_to_date":
        year, month = period.last
        return Period.months_of(year, 1, year, month)
    return period


def _tallies(found: Collector, side: str, items: object, period: object) -> list[Any]:
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        found.add(
            "value.wrong_type", (side,), what=side, expected="list", kind=type(items).__name__
        )
        return []
    default = _part(found, (side,), lambda: _side_period(side, period))
    out: list[Any] = []
    for i, item in enumerate(items):
        path: Path = (side, i)
        if isinstance(item, Tally) or not isinstance(item, Mapping):
            out.append(item)  # the notice names anything else
            continue
        if not _keys(found, path, item, _TALLY_KEYS):
            continue
        for key in ("unit", "adopted"):
            if key not in item:
                found.add("build.missing_key", (*path, key), key=key)
        if "unit" not in item or "adopted" not in item:
            continue

        def tally(item: Mapping[str, Any] = item) -> Tally:
            unit = item["unit"]
            if not isinstance(unit, Unit):
                unit = Unit(unit, group=item.get("group"))
            when = item.get("period", default)
            if isinstance(when, str):
                when = Period.parse(when)
            extra = {k: item[k] for k in _TALLY_KEYS[5:] if k in item}
            return Tally(unit, when, item.get("submitted"), item["adopted"], **extra)

        out.append(_part(found, path, tally))
    return out


def _attachment(found: Collector, value: Mapping[str, Any]) -> dict[str, Any]:
    fields = dict(value)
    columns = fields.get("columns")
    if isinstance(columns, Sequence) and not isinstance(columns, str):
        built = []
        for i, column in enumerate(columns):
            path: Path = ("attachment", "columns", i)
            given = {"figure": column} if isinstance(column, str) else column
            if isinstance(given, Mapping):
                names = [f.name for f in attrs.fields(ColumnSpec)]
                if _keys(found, path, given, names):
                    built.append(_part(found, path, _maker(ColumnSpec, given)))
            else:
                built.append(given)
        fields["columns"] = built
    return fields


def _maker(kind: type, given: Mapping[str, Any]) -> Callable[[], Any]:
    return lambda: kind(**given)


def _one(  # noqa: PLR0917 - four calls, each naming every argument
    found: Collector,
    fields: dict[str, Any],
    key: str,
    kind: type,
    prepare: Callable[[Collector, Mapping[str, Any]], dict[str, Any]] | None,
    at: Path,
) -> None:
    value = fields.get(key)
    if not isinstance(value, Mapping):
        return  # an object, None, or something the notice names
    names = [f.name for f in attrs.fields(kind)]
    if not _keys(found, (key,), value, names):
        fields[key] = None
        return
    given = prepare(found, value) if prepare is not None else dict(value)
    fields[key] = _part(found, at, lambda: kind(**given))


def _excluded(found: Collector, items: object) -> list[Any]:
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        found.add(
            "value.wrong_type",
            ("excluded",),
            what="excluded",
            expected="list",
            kind=type(items).__name__,
        )
        return []
    out: list[Any] = []
    for i, item in enumerate(items):
        path: Path = ("excluded", i)
        if isinstance(item, str):
            out.append(_part(found, path, _maker(Excluded, {"name": item})))
        elif isinstance(item, Mapping):
            if _keys(found, path, item, ("name", "reason")):
                out.append(_part(found, path, _maker(Excluded, item)))
        else:
            out.append(item)
    return out
