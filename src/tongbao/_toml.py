"""A notice file's TOML text: parsed within bounds, and the line each key is on.

Decimals stay exact (``parse_float`` gives :class:`~decimal.Decimal`), nesting and
exponents are bounded, and :class:`_Locator` places a problem at its key's line.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import InputError

__all__ = ["MAX_EXPONENT", "MAX_NESTING", "_Locator", "_parse_toml"]

MAX_NESTING = 16
"""How deeply lists and tables may nest in a notice file (a notice needs 3)."""
MAX_EXPONENT = 100
"""A decimal number in a notice file is within 1e±100 (1e999999999 is refused)."""
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class _Locator:
    """Finds the line of a key in the TOML text, so problems can point at it.

    The lines are indexed once (table headers and keys, by name), so placing each of
    80,000 problems is a lookup, not a scan of the file from the top.
    """

    _TABLE = re.compile(r"\s*\[\[?\s*([^\[\]]*?)\s*\]")
    _KEY = re.compile(r"\s*([^\s=]+)\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[str, list[int]] = {}
        self.keys: dict[str, list[int]] = {}
        self.items: dict[int, list[int]] = {}
        for number, line in enumerate(self.lines):
            if table := self._TABLE.match(line):
                self.tables.setdefault(table[1], []).append(number)
            if key := self._KEY.match(line):
                self.keys.setdefault(key[1], []).append(number)

    @staticmethod
    def _from(numbers: list[int] | None, start: int) -> int | None:
        """The first of the sorted line ``numbers`` at or after ``start``."""
        if not numbers:
            return None
        at = bisect.bisect_left(numbers, start)
        return numbers[at] if at < len(numbers) else None

    def _table(self, name: str, index: int = 0) -> int | None:
        found = self.tables.get(name, [])
        return found[index] if index < len(found) else None

    def _key(self, key: str, start: int = 0) -> int | None:
        return self._from(self.keys.get(key), start)

    def _quoted(self, table_path: str, key: str) -> int | None:
        """The line of ``key`` (any text) in the table ``table_path``: its own line in a
        ``[a.b]`` table, else the table's (an inline table is on one line)."""
        table = self.line(table_path)
        if table is None or not self._TABLE.match(self.lines[table - 1]):
            return table
        after = [n for lines in self.tables.values() for n in lines if n >= table]
        end = min(after, default=len(self.lines))
        for written in (f'"{key}"', f"'{key}'", key):
            found = self._key(written, table)
            if found is not None and found < end:
                return found + 1
        return table

    def line(self, path: str) -> int | None:
        """1-based line of a field path such as ``title``, ``body[2]``, ``attachment.order``,
        ``options.pdf.page_numbers`` (a key of a table's table), and a quoted key of a
        table's table (``items.adopted_values."已发布"``)."""
        if quoted := re.fullmatch(r'([a-z_]+\.[a-z_]+)\."((?:[^"\\]|\\.)*)"', path):
            return self._quoted(quoted[1], re.sub(r"\\(.)", r"\1", quoted[2]))
        if deep := re.fullmatch(r"([a-z_]+\.[^.\[\]]+)\.([^.\[\]]+)", path):
            table = self.line(deep[1])
            if table is None:
                return None
            inside = self._key(deep[2], table)
            return inside + 1 if inside is not None else table
        match = re.fullmatch(r"([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?(?:\[(\d+)\])?", path)
        if not match:
            return None
        key, index, sub = match[1], match[2], match[3]
        if sub and match[4] is not None:  # attachment.columns[3]: an item of [key]'s sub
            table = self._table(key)
            item = self._item(sub, int(match[4]), table + 1 if table is not None else 0)
            return None if item is None else item + 1
        if key == "tallies":  # the notice's units, written as [[units]] tables
            key = "units"
        found: int | None
        if index is not None and self._table(key) is not None:
            # the index-th [[key]] table, and the sub-key inside it
            table = self._table(key, int(index))
            found = self._key(sub, table + 1) if sub and table is not None else None
            found = found if found is not None else table
        elif sub:
            # [key.sub] as a table of its own, or sub = … inside [key]
            found = self._table(f"{key}.{sub}")
            if found is None:
                table = self._table(key)
                found = self._key(sub, table + 1) if table is not None else None
                if found is None:
                    found = table
            if found is None:  # key = { sub = … }: an inline table, on its key's line
                found = self._key(key)
        elif index is not None:
            found = self._item(key, int(index))
        else:
            found = self._key(key)
            if found is None:  # [key] as a table: its header's line
                found = self._table(key)
        if found is None and key == "units":
            found = self._key("units")
        return None if found is None else found + 1

    def _item(self, key: str, index: int, after: int = 0) -> int | None:
        """The line where item ``index`` of a one-item-per-line array starts."""
        start = self._key(key, after)
        if start is None:
            return None
        if start not in self.items:  # by the line it starts on: a key may recur
            found = []
            for number in range(start, len(self.lines)):
                text = self.lines[number]
                body = text.split("=", 1)[1] if number == start else text
                stripped = body.strip().lstrip("[").strip()
                if stripped.startswith(('"', "'", "{")):
                    found.append(number)
                if stripped.endswith("]") and not stripped.endswith("]]"):
                    break
            self.items[start] = found
        found = self.items[start]
        return found[index] if index < len(found) else start

    def place(self, path: str) -> str:
        line = self.line(path)
        shown = path.replace("tallies[", "units[")  # the file's own key
        return f"line {line}, {shown}" if line else shown


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    try:
        # Decimals, not binary floats: 0.5 points or 12.5 scores stay exactly as written.
        data = tomllib.loads(text, parse_float=_bounded_float)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        place = f"line {position[1]}, column {position[2]}" if position else None
        message = _TOML_POSITION.sub("", message).strip()
        raise InputError.of("toml.invalid", name, place, reason=message) from None
    except RecursionError:
        raise InputError.of("toml.too_deep", name, None, limit=MAX_NESTING) from None
    except ValueError as exc:  # an integer beyond Python's digit limit, or a bound below
        message = str(exc)
        if "integer string conversion" in message:
            message = "a whole number of more than 4,300 digits; no notice needs it"
        raise InputError.of("toml.invalid", name, None, reason=message) from None
    if _depth(data) > MAX_NESTING:
        raise InputError.of("toml.too_deep", name, None, limit=MAX_NESTING)
    return data


def _bounded_float(text: str) -> Decimal:
    """A TOML float as a Decimal, refusing exponents no notice needs (``1e999999999``)."""
    try:
        value = Decimal(text)
    except InvalidOperation:  # an exponent beyond even Decimal's range
        raise ValueError(
            f"the number {text[:40]}… is beyond 1e±{MAX_EXPONENT}; no notice needs it"
        ) from None
    if value.is_finite() and value and abs(value.adjusted()) > MAX_EXPONENT:
        raise ValueError(f"the number {text[:40]} is beyond 1e±{MAX_EXPONENT}; no notice needs it")
    return value


def _depth(value: Any) -> int:
    """How deeply lists and tables nest in ``value`` (a scalar is 0)."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_NESTING:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest
