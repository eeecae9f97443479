"""One cell of an item log read: a date or timestamp, an adoption flag, an instruction.

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
from typing import Any
from zoneinfo import ZoneInfo

from ._items import local_date

__all__ = [
    "ADOPTED_NO",
    "ADOPTED_YES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "NOT_INSTRUCTED",
    "adopted_value",
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


def adopted_value(value: Any) -> bool | None:
    """Whether a 是否采用 cell says adopted (empty: not), or ``None`` when it says neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return True if value == 1 else False if value == 0 else None
    if value is None:
        return False
    text = value if isinstance(value, str) else str(value)
    return _ADOPTED.get(_clean(text).casefold())


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
