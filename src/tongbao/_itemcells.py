"""One cell of an item log read: a date or timestamp, an adoption flag, an instruction;
and a system's own words for adoption (``adopted_values``) checked.

Submission systems and clerks write dates every way: ``2018-03-05``,
``2018-03-05 14:22``, ``2018-03-05T14:22:10+08:00``, ``…Z``, ``2018/3/5``,
``2018.3.5``, ``2018年3月5日 14:22``, ``20180305``, in full-width digits too; a
workbook holds real dates and times, or Excel serial numbers. Each reader here
returns the value, or a short reason it cannot be read (the caller places it). Pure:
no file, no clock.

The rules, chosen once:

* A timestamp with an offset (``+08:00``, ``Z``) is converted to the office's zone
  before its date is taken (:func:`~tongbao._items.local_date`); a naive one is local.
* Years outside :data:`FIRST_YEAR`..:data:`LAST_YEAR` are typing mistakes, refused.
* A number is a date only in a workbook (an Excel serial day, the workbook's 1900 or
  1904 system); in a CSV file a number such as ``43164`` is refused, since nothing
  says which system it counts from (``20180305``, eight digits, is read as a date).
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from ._items import local_date
from .errors import InputError, Problem, located

__all__ = [
    "ADOPTED_NO",
    "ADOPTED_YES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "NOT_INSTRUCTED",
    "WordProblem",
    "accepted_words",
    "adopted_value",
    "adopted_words",
    "adoption_key",
    "check_adopted_words",
    "day_only",
    "instructed_value",
    "split_time",
    "when_value",
]

FIRST_YEAR = 1990
"""The earliest year an item may be dated (no submission system kept records before)."""
LAST_YEAR = 2099
"""The latest year an item may be dated."""

ADOPTED_YES = ("是", "y", "yes", "1", "已采用", "采用", "已采纳", "采纳", "true", "√", "✓", "✔")
"""Cells that say an item was adopted (case and width ignored)."""
ADOPTED_NO = ("否", "n", "no", "0", "未采用", "不采用", "未采纳", "不采纳", "false", "×", "✗", "✘")
"""Cells that say it was not (an empty cell says the same)."""
_ADOPTED = {**dict.fromkeys(ADOPTED_YES, True), **dict.fromkeys(ADOPTED_NO, False), "": False}
NOT_INSTRUCTED = ("", "否", "n", "no", "0", "无", "没有", "未批示", "false")
"""批示 cells that say there was none (case and width ignored); any other text is one."""
_NOT_INSTRUCTED = frozenset(NOT_INSTRUCTED)

_DAY = (
    r"(?P<y>\d{4})(?:(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"|年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日?|(?P<bm>\d{2})(?P<bd>\d{2}))"
)
_TIME = (
    r"(?P<H>\d{1,2})(?:(?::(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6}))?)?)"
    r"|时(?P<cM>\d{1,2})分(?:(?P<cS>\d{1,2})秒)?)"
)
_OFFSET = r"(?P<z>Z|(?P<zs>[+-])(?P<zh>\d{2}):?(?P<zm>\d{2}))"
_WHEN = re.compile(rf"{_DAY}(?:(?:\s+|T|(?<=日))(?:{_TIME})(?:\s*{_OFFSET})?)?")
_SEPARATED = re.compile(rf"\s*{_TIME}(?:\s*{_OFFSET})?")
_AFTER_DAY = re.compile(rf"(?:\s+|T){_TIME}(?:\s*{_OFFSET})?")
_EXCEL_1900 = datetime.date(1899, 12, 30)
_EXCEL_1904 = datetime.date(1904, 1, 1)


def _clean(value: str) -> str:
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    return value.strip()


def when_value(
    value: Any, zone: ZoneInfo, *, workbook: bool = False, date1904: bool = False
) -> datetime.date | str:
    """The office-local date of a 报送日期/报送时间 cell, or why it is no date.

    ``workbook``: the cell is from a workbook, where a number is an Excel serial day
    (``date1904``: the workbook counts from 1904).
    """
    if isinstance(value, datetime.datetime):
        found = local_date(value, zone)
    elif isinstance(value, datetime.date):
        found = value
    elif isinstance(value, bool):
        return "a true/false value, not a date"
    elif isinstance(value, int | float):
        if not workbook:
            return "a number, not a date"
        if not math.isfinite(value) or not 0 < value < 2_958_466:
            return "a number that is no Excel date"
        start = _EXCEL_1904 if date1904 else _EXCEL_1900
        found = start + datetime.timedelta(days=math.floor(value))
    elif isinstance(value, str):
        return _text_date(_clean(value), zone)
    elif value is None:  # an empty workbook cell
        return "empty"
    else:
        return f"a {type(value).__name__}, not a date"
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        return f"the year {found.year} is outside {FIRST_YEAR}..{LAST_YEAR}"
    return found


def _text_date(text: str, zone: ZoneInfo) -> datetime.date | str:
    if not text:
        return "empty"
    match = _WHEN.fullmatch(text)
    if match is None:
        if text.isdigit():
            return "a number, not a date (write the date, e.g. 2018-03-05)"
        return "not a date"
    parts = match.groupdict()
    year = int(parts["y"])
    month = int(parts["m"] or parts["cm"] or parts["bm"])
    day = int(parts["d"] or parts["cd"] or parts["bd"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"the year {year} is outside {FIRST_YEAR}..{LAST_YEAR}"
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return f"there is no day {year}-{month:02d}-{day:02d}"
    if parts["H"] is None:
        return found
    moment = _moment(parts)
    if isinstance(moment, str):
        return moment
    seconds, offset = moment
    if offset is None:
        return found
    # The instant in UTC, then the office's date of it.
    utc = datetime.datetime.combine(found, datetime.time(), datetime.UTC)
    utc += datetime.timedelta(seconds=seconds - offset)
    return utc.astimezone(zone).date()


def _moment(parts: dict[str, str | None]) -> tuple[int, int | None] | str:
    """(seconds into the day, offset in seconds or None) of a time's groups, or why not."""
    hour = int(parts["H"] or 0)
    minute = int(parts["M"] or parts["cM"] or 0)
    second = int(parts["S"] or parts["cS"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return f"there is no time {hour:02d}:{minute:02d}:{second:02d}"
    seconds = hour * 3600 + minute * 60 + second
    if parts["z"] is None:
        return seconds, None
    if parts["z"] == "Z":
        return seconds, 0
    hours, minutes = int(parts["zh"] or 0), int(parts["zm"] or 0)
    if hours > 14 or minutes > 59:
        return f"there is no offset {parts['z']}"
    offset = (hours * 3600 + minutes * 60) * (-1 if parts["zs"] == "-" else 1)
    return seconds, offset


def split_time(text: str, *, separated: bool) -> tuple[int, int | None] | None:
    """The time a date cell holds after its date, as (seconds into the day, offset in
    seconds or ``None`` when naive), or ``None`` when it is no time.

    ``separated``: ``text`` followed a space (the cell split at its first space,
    ``14:22``); otherwise it is what follows a ten-character date (`` 14:22``,
    ``T14:22:10+08:00``) and begins with its separator. Either way the date of the
    whole cell is the date's with this time (:func:`when_value`): the fast reading of
    large files relies on it.
    """
    quick = _quick_time(text if separated else text[1:] if text[:1] in (" ", "T") else "")
    if quick is not None:
        return quick
    pattern = _SEPARATED if separated else _AFTER_DAY
    match = pattern.fullmatch(_clean(text) if separated else _clean_tail(text))
    if match is None:
        return None
    moment = _moment(match.groupdict())
    return None if isinstance(moment, str) else moment


def _clean_tail(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.rstrip()


def _quick_time(text: str) -> tuple[int, int | None] | None:
    """The usual ``HH:MM:SS``, ``…Z`` and ``…+08:00`` read without a pattern (a million
    timestamps hold some hundred thousand distinct times); ``None``: not one of them,
    or out of range (the pattern then says so)."""
    if len(text) < 8 or text[2] != ":" or text[5] != ":" or not text.isascii():
        return None
    digits = text[:2] + text[3:5] + text[6:8]
    if not digits.isdigit():
        return None
    hour, minute, second = int(text[:2]), int(text[3:5]), int(text[6:8])
    if hour > 23 or minute > 59 or second > 59:
        return None
    seconds = hour * 3600 + minute * 60 + second
    tail = text[8:]
    if tail == "":
        return seconds, None
    if tail == "Z":
        return seconds, 0
    if len(tail) == 6 and tail[0] in "+-" and tail[3] == ":" and (tail[1:3] + tail[4:]).isdigit():
        hours, minutes = int(tail[1:3]), int(tail[4:])
        if hours <= 14 and minutes <= 59:
            return seconds, (hours * 3600 + minutes * 60) * (-1 if tail[0] == "-" else 1)
    return None


def adoption_key(text: str) -> str:
    """The normal form 是否采用 cells are compared in: NFKC, outer spaces off, casefolded
    (``" Ｙ "`` and ``"y"`` are one word)."""
    return _clean(text).casefold()


def adopted_value(value: Any, extra: Mapping[str, bool] | None = None) -> bool | None:
    """Whether a 是否采用 cell says adopted (empty: not), or ``None`` when it says neither.

    ``extra``: a system's own words (已发布, 待审核, Pending …), by their normal form
    (:func:`adoption_key`), as :func:`adopted_words` gives them; they add to the
    built-in words. A whole number other than 1 and 0 (a status code such as 2) is
    looked up by its digits.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
        if not extra or (isinstance(value, float) and not value.is_integer()):
            return None
        return extra.get(str(int(value)))
    if value is None:
        return False
    text = value if isinstance(value, str) else str(value)
    key = _clean(text).casefold()
    found = _ADOPTED.get(key)
    if found is None and extra:
        return extra.get(key)
    return found


_WORDS_SHOWN = 20
"""A system's own words listed in a message, at most (a program may pass thousands)."""


def accepted_words(extra: Mapping[str, bool] | None = None) -> str:
    """The words a 是否采用 cell may hold, for a message: the built-in pairs
    (是/否/y/n/…), then ``extra``'s words (normal forms, the first 20)."""
    words = [word for pair in zip(ADOPTED_YES, ADOPTED_NO, strict=True) for word in pair]
    own = [word for word in extra or {} if word not in _ADOPTED]
    words += own[:_WORDS_SHOWN] + (["…"] if len(own) > _WORDS_SHOWN else [])
    return "/".join(words)


WordProblem = tuple[str, str | None, dict[str, str]]
"""A problem with a system's words for 是否采用: its code, the key as written
(``None``: the whole mapping) and the message's parameters."""


def check_adopted_words(
    words: Mapping[Any, Any], *, notice: bool
) -> tuple[dict[str, bool], list[WordProblem]]:
    """A system's own words for 是否采用, checked: each key's normal form
    (:func:`adoption_key`) to its meaning, and the problems.

    A key must be text whose normal form is not empty (an empty cell already means not
    adopted) and, if it is a built-in word, means what the built-in word means; each
    value must be ``True`` or ``False``; two keys with one normal form must mean the same.
    ``notice``: the words are a notice's ``[items] adopted_values`` (``toml.*`` codes,
    keys shown as ``items.adopted_values."已发布"``), else a program's argument
    (``items.*`` codes, keys shown as ``adopted_values['已发布']``).
    """
    found: dict[str, bool] = {}
    first: dict[str, tuple[str, bool]] = {}
    problems: list[WordProblem] = []
    for key, meaning in words.items():
        if not isinstance(key, str):
            code = "items.adopted_values"
            shown = f"a mapping with the key {key!r} (keys are text)"
            problems.append((code, None, {"value": shown}))
            continue
        shown = _shown_key(key, notice=notice)
        if not isinstance(meaning, bool):
            code = "toml.items_adopted_value" if notice else "items.adopted_value"
            problems.append((code, key, {"key": shown, "value": _shown_value(meaning)}))
            continue
        normal = adoption_key(key)
        said = _said(meaning, notice=notice)
        builtin = _ADOPTED.get(normal)
        if not normal:
            code = "toml.items_adopted_empty" if notice else "items.adopted_empty"
            problems.append((code, key, {"key": shown}))
        elif builtin is not None and builtin != meaning:
            code = "toml.items_adopted_clash" if notice else "items.adopted_clash"
            params = {"key": shown, "value": said, "builtin": repr(normal)}
            problems.append((code, key, params | {"opposite": _said(builtin, notice=notice)}))
        elif normal in first and first[normal][1] != meaning:
            code = "toml.items_adopted_twice" if notice else "items.adopted_twice"
            other, other_meaning = first[normal]
            params = {"key": shown, "value": said, "normal": repr(normal)}
            params |= {"other": _shown_key(other, notice=notice)}
            params |= {"other_value": _said(other_meaning, notice=notice)}
            problems.append((code, key, params))
        else:
            first.setdefault(normal, (key, meaning))
            if builtin is None:
                found[normal] = meaning
    return found, problems


def _shown_key(key: str, *, notice: bool) -> str:
    if notice:
        quoted = key.replace("\\", "\\\\").replace('"', '\\"')
        return f'items.adopted_values."{quoted}"'
    return f"adopted_values[{key!r}]"


def _shown_value(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a {type(value).__name__}"


def _said(meaning: bool, *, notice: bool) -> str:
    if notice:
        return "true" if meaning else "false"
    return str(meaning)


def adopted_words(words: object, file: str | None = None) -> dict[str, bool]:
    """A program's ``adopted_values`` checked: each word's normal form to its meaning.

    Raises:
        InputError: ``words`` is no mapping of text to ``True``/``False``, or a word is
            empty, clashes with a built-in word or with another of its words (every
            problem, located at ``file``).
    """
    if words is None:
        return {}
    if not isinstance(words, Mapping):
        raise InputError.of("items.adopted_values", file, value=_shown_value(words))
    found, problems = check_adopted_words(words, notice=False)
    if problems:
        raise InputError(Problem.of(code, located(file), **params) for code, _, params in problems)
    return found


def instructed_value(value: Any) -> bool:
    """Whether a 批示 cell says the item drew an instruction: any text (or 是) but
    否, 无, 0 or an empty cell."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return value != 0
    text = value if isinstance(value, str) else str(value)
    return _clean(text).casefold() not in _NOT_INSTRUCTED


_DAY_ONLY = re.compile(_DAY)


def day_only(text: str) -> bool:
    """Whether ``text`` is a date without a time (``2018-03-05``, ``2018年3月5日``)."""
    return _DAY_ONLY.fullmatch(_clean(text)) is not None
