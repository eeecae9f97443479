"""One cell read as a count, a score, a stated rate or a month, and the file's problems.

The number rules of the data files: full-width digits, thousands separators, ``条`` and
``分`` suffixes; a stated 采纳率 or 完成率 checked at the decimals it carries, rounded
half up; a 月份 cell as a month of the notice's period. Problems are collected per file
(:class:`_Problems`), each with its place.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from ._model import MAX_COUNT, _to_score
from ._numfmt import round_half_up
from ._period import Period
from .errors import InputError, Location, Problem

__all__ = [
    "MAX_PROBLEMS",
    "_COUNT_DIGITS",
    "_Problems",
    "_check_ratio",
    "_count",
    "_in_other",
    "_month",
    "_score",
    "_text",
]

MAX_PROBLEMS = 50
"""Problems reported from one file before the rest are only counted."""
_UNDEFINED_RATES = {"", "—", "——", "-", "--", "/", "／", "#div/0!", "n/a", "无"}
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


class _Problems:
    """Collects problems for one file, up to :data:`MAX_PROBLEMS`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, place: str | None, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(Location(self.file, place), message))
        else:
            self.dropped += 1

    def raise_if_any(self) -> None:
        if not self.items:
            return
        items = list(self.items)
        if self.dropped:
            items.append(
                Problem(Location(self.file), f"… and {self.dropped} more problems not shown")
            )
        raise InputError(items)


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def _count(value: Any, place: str, what: str, problems: _Problems) -> int | None:
    if type(value) is str and len(value) < _COUNT_DIGITS and value.isdigit() and value.isascii():
        return int(value)  # the usual cell, read without the general path below
    if isinstance(value, bool):
        problems.add(place, f"{what} is {value}, expected a whole number")
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            problems.add(place, f"{what} is {value}, expected a whole number")
            return None
        number = int(value)
    elif isinstance(value, str | type(None)):
        text = _text(value).removesuffix("条").strip()
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        if not text:
            hint = (
                "; a formula whose value was never saved reads as empty: open the file in "
                "Excel and save it"
                if "cell " in place
                else ""
            )
            problems.add(
                place, f"{what} is empty, expected a whole number (write 0 for none){hint}"
            )
            return None
        if not text.isascii() or not text.isdigit():
            problems.add(place, f"{what} is {_text(value)!r}, expected a whole number")
            return None
        if len(text.lstrip("0")) > _COUNT_DIGITS:
            problems.add(place, f"{what} is more than {MAX_COUNT:,}, the largest count")
            return None
        number = int(text)
    else:
        problems.add(place, f"{what} is {value!r}, expected a whole number")
        return None
    if number < 0:
        problems.add(place, f"{what} is negative ({number})")
        return None
    if number > MAX_COUNT:
        problems.add(place, f"{what} is more than {MAX_COUNT:,}, the largest count")
        return None
    return number


_COUNT_DIGITS = len(str(MAX_COUNT))
"""Digits of the largest count: a shorter string of digits is a count within bounds."""


def _score(value: Any, place: str, what: str, problems: _Problems) -> Fraction | None:
    """An exact score, bounded (:data:`~tongbao._model.MAX_SCORE`, its decimals) before
    any big integer is built: ``1e999999999`` is refused, not computed."""
    try:
        if isinstance(value, bool):
            raise ValueError("true/false is not a number")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError("not a finite number")
            exact = _to_score(Decimal(repr(value)))  # the number as the sheet shows it
        elif isinstance(value, int):
            exact = _to_score(value)
        else:
            text = _text(value).removesuffix("分").strip()
            if not text:
                problems.add(place, f"{what} is empty, expected a number")
                return None
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValueError("not a number") from None
            exact = _to_score(number)
    except (ValueError, TypeError) as exc:
        problems.add(place, f"{what} is {_text(value)!r}, expected a number ({exc})")
        return None
    return exact


def _claimed_rate(value: Any, percent_format: bool) -> tuple[Decimal, int] | str | None:
    """A stated rate as (percent, decimals), ``None`` for "undefined", or a complaint.

    Text is checked at the decimals it really carries: ``57.10%`` (Excel's 0.00% format
    of a rate rounded to one decimal) is 57.1, at one decimal.
    """
    if isinstance(value, bool):
        return "is not a rate"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return f"is {value!r}, not a rate"
        if percent_format or value <= 1:
            percent = Decimal(repr(float(value))) * 100
        else:
            percent = Decimal(repr(float(value)))
        return percent, -1  # full precision: compare with a tolerance
    text = _text(value).lower()
    if text in _UNDEFINED_RATES:
        return None
    number = text.removesuffix("%").strip()
    try:
        decimal = Decimal(number)
    except InvalidOperation:
        return f"is {_text(value)!r}, expected a rate such as 47% or 43.3%"
    exponent = decimal.as_tuple().exponent
    if (
        not decimal.is_finite()
        or not isinstance(exponent, int)
        or (decimal and decimal.adjusted() > 6)
        or exponent < -12
    ):
        # Beyond any rate: 1e999999999 and 1e-999999999 must not become huge integers.
        return f"is {_text(value)!r}, expected a rate such as 47% or 43.3%"
    if not text.endswith("%") and "." in number and decimal <= 1:
        decimal *= 100
        return decimal, -1
    if "." in number:
        number = number.rstrip("0").rstrip(".")
        decimal = Decimal(number)
    places = max(0, -int(decimal.as_tuple().exponent))
    return decimal, places


def _check_ratio(
    value: Any,
    *,
    place: str,
    percent_format: bool,
    parts: tuple[int, int],
    what: str,
    problems: _Problems,
) -> None:
    """Check a claimed percentage (采纳率 = adopted/submitted, 完成率 = counted/quota).

    An empty cell, a dash or ``#DIV/0!`` means "undefined" and is right only when the
    denominator is 0; so is a claim of 0 (Excel's ``IFERROR(…, 0)``).
    """
    claim = _claimed_rate(value, percent_format)
    if isinstance(claim, str):
        problems.add(place, f"{what} {claim}")
        return
    numerator, denominator = parts
    exact = Fraction(numerator, denominator) if denominator else None
    if claim is None:
        if exact is not None:
            problems.add(
                place,
                f"{what} is empty but {numerator}/{denominator} is "
                f"{round_half_up(exact * 100, 1)}%",
            )
        return
    percent, places = claim
    if exact is None:
        if percent != 0:
            problems.add(place, f"{what} is {percent}% but {numerator}/{denominator} is undefined")
        return
    if places < 0:
        # A stored number (a formula's value): allow the error of a two-decimal rounding.
        if abs(Fraction(percent) - exact * 100) > Fraction(1, 200):
            problems.add(
                place,
                f"{what} is {percent.normalize():f}% but {numerator}/{denominator} is "
                f"{round_half_up(exact * 100, 2)}%",
            )
        return
    computed = round_half_up(exact * 100, places)
    if computed != percent:
        problems.add(
            place,
            f"{what} is {_text(value)} but {numerator}/{denominator} is {computed}% "
            f"(rounded half up to {places} decimals)",
        )


def _month(value: Any, place: str, period: Period | None, problems: _Problems) -> Period | None:
    found: Period | None = None
    try:
        if isinstance(value, datetime.datetime | datetime.date):
            found = Period.months_of(value.year, value.month)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not float(value).is_integer():  # also NaN and infinity
                raise ValueError(f"{value!r} is not a month")
            found = _month_number(int(value), period)
        else:
            text = _text(value)
            if re.fullmatch(r"\d{1,2}月?(份)?", text):
                found = _month_number(int(re.sub(r"\D", "", text)), period)
            elif text:
                found = Period.parse(text)
    except ValueError as exc:
        problems.add(place, f"月份: {exc}")
        return None
    if found is None:
        problems.add(place, f"月份 is {_text(value)!r}, expected a month such as 2018-03")
        return None
    if len(found) != 1:
        problems.add(place, f"月份 is {_text(value)!r}, a range; expected one month")
        return None
    if period is not None and not period.contains(found):
        problems.add(place, f"月份 {found.label()} is outside the notice's period {period.label()}")
        return None
    return found


def _in_other(value: Any, others: Sequence[Period]) -> bool:
    """Whether a 月份 cell names a month of one of the ``others`` periods."""
    return any(_month(value, "", other, _Problems("")) is not None for other in others)


def _month_number(month: int, period: Period | None) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"{month} is not a month (1..12)")
    if period is None:
        raise ValueError(f"month {month} without a year; write 2018-{month:02d}")
    matches = [m for m in period.months() if m.first[1] == month]
    if len(matches) != 1:
        raise ValueError(
            f"{month}月 is {'outside' if not matches else 'ambiguous in'} the period "
            f"{period.label()}; write the year, e.g. {period.first[0]}-{month:02d}"
        )
    return matches[0]
