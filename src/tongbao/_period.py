"""Reporting periods: whole-month ranges, their ISO 8601 text and Chinese labels.

A notice covers a run of whole months (a month, two months, a quarter, a half year, a
year, or any range). ``Period`` owns parsing, the labels notices print, and the
arithmetic comparisons need (``previous()`` for 环比, ``year_ago()`` for 同比).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import attrs

from ._problems import fail
from .errors import InputError, Location, Problem

__all__ = ["Period", "PeriodStyle"]

PeriodStyle = Literal["months", "quarter", "half", "year"]
"""How a period is written: a month range, a quarter, a half year or a whole year."""

_QUARTERS = ("一", "二", "三", "四")
_HALVES = ("上", "下")
_CN_QUARTER = {name: n for n, name in enumerate(_QUARTERS, start=1)}

_PATTERNS = {
    "iso_month": r"(\d{4})-(\d{2})",
    "iso_quarter": r"(\d{4})-Q([1-4])",
    "iso_half": r"(\d{4})-H([12])",
    "iso_year": r"(\d{4})",
    "cn_range": r"(\d{4})年(\d{1,2})(?:月?[-－—–~～至到](\d{1,2}))?月份?",
    "cn_cross": r"(\d{4})年(\d{1,2})月?[-－—–~～至到](\d{4})年(\d{1,2})月份?",
    "cn_quarter": r"(\d{4})年(?:第([一二三四1-4])季度|([一二三四1-4])季度)",
    "cn_half": r"(\d{4})年([上下])半年",
    "cn_year": r"(\d{4})年(?:度|全年)?",
}


def _match(kind: str, text: str) -> re.Match[str] | None:
    # re caches compiled patterns; compiling on first use keeps the import cheap.
    return re.fullmatch(_PATTERNS[kind], text)


def _ordinal(year: int, month: int) -> int:
    return year * 12 + month - 1


def _year_month(ordinal: int) -> tuple[int, int]:
    return ordinal // 12, ordinal % 12 + 1


def _check_month(year: int, month: int, field: str = "start") -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise fail("period.not_whole", (field,), what="year", value=repr(year), where="")
    if isinstance(month, bool) or not isinstance(month, int):
        raise fail("period.not_whole", (field,), what="month", value=repr(month), where="")
    if not 1 <= year <= 9999:
        raise fail("period.bad_year", (field,), year=year, where="")
    if not 1 <= month <= 12:
        raise fail("period.bad_month", (field,), month=month, where="")


def _style_for(start: int, end: int) -> PeriodStyle:
    """The natural style of a range: only single years read as a year by default."""
    if start % 12 == 0 and end == start + 11:
        return "year"
    return "months"


def _validate_ordinal(instance: Period, attribute: attrs.Attribute[int], ordinal: int) -> None:
    if not isinstance(ordinal, int) or isinstance(ordinal, bool):
        raise fail(
            "period.not_ordinal", (attribute.name,), field=attribute.name, value=repr(ordinal)
        )
    _check_month(*_year_month(ordinal), attribute.name)
    if attribute.name == "end" and ordinal < instance.start:
        (y1, m1), (y2, m2) = _year_month(instance.start), _year_month(ordinal)
        raise fail(
            "period.ends_before_start",
            ("end",),
            range=f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}",
            where="",
        )


def _validate_style(instance: Period, _attribute: object, style: PeriodStyle) -> None:
    length = instance.end - instance.start + 1
    first_month = instance.start % 12 + 1
    fits = {
        "months": True,
        "quarter": length == 3 and first_month in (1, 4, 7, 10),
        "half": length == 6 and first_month in (1, 7),
        "year": length == 12 and first_month == 1,
    }
    if style not in fits:
        raise fail("period.unknown_style", ("style",), style=repr(style))
    if not fits[style]:
        raise fail("period.style_mismatch", ("style",), period=instance.iso_range(), style=style)


@attrs.frozen(order=False)
class Period:
    """A range of whole months, both ends included.

    Build one with :meth:`parse` (``"2018-03/2018-04"``, ``"2018-Q1"``, ``"2018年3-4月"``)
    or :meth:`months_of` / :meth:`quarter` / :meth:`half` / :meth:`year`. Equality and
    ordering look only at the months covered (earlier start first, then shorter); the
    ``style`` only decides how the period is written (``2018年第一季度`` or
    ``2018年1-3月`` for the same three months).
    """

    start: int = attrs.field(validator=_validate_ordinal)
    """First month as a month ordinal (``year * 12 + month - 1``)."""
    end: int = attrs.field(validator=_validate_ordinal)
    """Last month (included) as a month ordinal."""
    style: PeriodStyle = attrs.field(
        default=attrs.Factory(lambda self: _style_for(self.start, self.end), takes_self=True),
        eq=False,
        hash=False,
        validator=_validate_style,
    )

    # --- construction -------------------------------------------------------------

    @classmethod
    def months_of(
        cls, year: int, month: int, end_year: int | None = None, end_month: int | None = None
    ) -> Period:
        """The months from ``year``-``month`` to ``end_year``-``end_month`` (default: one month).

        ``Period.months_of(2018, 3, 2018, 4)`` is 2018年3-4月; ``end_year`` defaults to
        ``year`` when only ``end_month`` is given.
        """
        _check_month(year, month)
        end_year = year if end_year is None else end_year
        end_month = month if end_month is None else end_month
        _check_month(end_year, end_month, "end")
        return cls(_ordinal(year, month), _ordinal(end_year, end_month), "months")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1..4 of ``year`` (第一季度 … 第四季度)."""
        if not 1 <= quarter <= 4:
            raise fail("period.bad_quarter", ("start",), quarter=quarter, where="")
        start = _ordinal(year, 3 * quarter - 2)
        return cls(start, start + 2, "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """Half 1 (上半年) or 2 (下半年) of ``year``."""
        if half not in (1, 2):
            raise fail("period.bad_half", ("start",), half=half, where="")
        start = _ordinal(year, 6 * half - 5)
        return cls(start, start + 5, "half")

    @classmethod
    def year(cls, year: int) -> Period:
        """The whole of ``year``."""
        _check_month(year, 1)
        return cls(_ordinal(year, 1), _ordinal(year, 12), "year")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ISO 8601 text or a Chinese label.

        ISO: ``2018-03``, ``2018-03/2018-04``, ``2018-Q1``, ``2018-H1``, ``2018``.
        Chinese: ``2018年3月``, ``2018年3-4月``, ``2018年第一季度``, ``2018年上半年``,
        ``2018年``, ``2018年12月至2019年1月``.

        Raises:
            InputError: the text is none of these, or names an impossible month or a
                range that ends before it starts; the message quotes the text, the
                problem's code is ``period.*`` (its path is empty: the text is the value).
        """
        if not isinstance(text, str):
            raise fail("period.not_text", (), kind=type(text).__name__)
        cleaned = text.strip()
        try:
            period = cls._parse(cleaned)
        except InputError as exc:
            (problem,) = exc.problems
            params = {**problem.params, "where": f" in {text!r}"}
            # The text as a whole is what is wrong: no field of the Period.
            raise InputError(Problem.of(problem.code, Location(), **params)) from None
        if period is None:
            raise fail("period.unknown", (), text=repr(text))
        return period

    @classmethod
    def _parse(cls, text: str) -> Period | None:
        if "/" in text:
            left, _, right = text.partition("/")
            first = _match("iso_month", left)
            last = _match("iso_month", right)
            if not (first and last):
                return None
            return cls.months_of(int(first[1]), int(first[2]), int(last[1]), int(last[2]))
        if m := _match("iso_month", text):
            return cls.months_of(int(m[1]), int(m[2]))
        if m := _match("iso_quarter", text):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _match("iso_half", text):
            return cls.half(int(m[1]), int(m[2]))
        if m := _match("iso_year", text):
            return cls.year(int(m[1]))
        if m := _match("cn_cross", text):
            return cls.months_of(int(m[1]), int(m[2]), int(m[3]), int(m[4]))
        if m := _match("cn_range", text):
            year = int(m[1])
            return cls.months_of(year, int(m[2]), year, int(m[3] or m[2]))
        if m := _match("cn_quarter", text):
            name = m[2] or m[3]
            return cls.quarter(int(m[1]), _CN_QUARTER.get(name) or int(name))
        if m := _match("cn_half", text):
            return cls.half(int(m[1]), 1 if m[2] == "上" else 2)
        if m := _match("cn_year", text):
            return cls.year(int(m[1]))
        return None

    # --- reading ------------------------------------------------------------------

    @property
    def first(self) -> tuple[int, int]:
        """``(year, month)`` of the first month."""
        return _year_month(self.start)

    @property
    def last(self) -> tuple[int, int]:
        """``(year, month)`` of the last month (included)."""
        return _year_month(self.end)

    def months(self) -> tuple[Period, ...]:
        """Each month of the period, in order, as a one-month period."""
        return tuple(Period(m, m, "months") for m in range(self.start, self.end + 1))

    def __len__(self) -> int:
        """The number of months covered."""
        return self.end - self.start + 1

    def __iter__(self) -> Iterator[Period]:
        return iter(self.months())

    def contains(self, other: Period) -> bool:
        """Whether every month of ``other`` lies inside this period."""
        return self.start <= other.start and other.end <= self.end

    def previous(self) -> Period:
        """The period of the same length just before (环比): 3-4月 → 1-2月, Q1 → last Q4.

        Raises:
            InputError: that period would begin before year 1 (``period.no_earlier``).
        """
        return self._shifted(-len(self))

    def year_ago(self) -> Period:
        """The same months one year earlier (同比).

        Raises:
            InputError: that period would begin before year 1 (``period.no_earlier``).
        """
        return self._shifted(-12)

    def _shifted(self, months: int) -> Period:
        start, end = self.start + months, self.end + months
        if start < _ordinal(1, 1) or end > _ordinal(9999, 12):
            raise fail("period.no_earlier", (), period=self.label(), months=-months)
        return Period(start, end, self.style)

    def _key(self) -> tuple[int, int]:
        return (self.start, self.end)

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()

    # --- writing ------------------------------------------------------------------

    def iso_range(self) -> str:
        """ISO 8601 month range, whatever the style: ``2018-01/2018-03``."""
        (y1, m1), (y2, m2) = self.first, self.last
        if self.start == self.end:
            return f"{y1:04d}-{m1:02d}"
        return f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}"

    def __str__(self) -> str:
        """ISO 8601 text in the period's style; :meth:`parse` reads it back."""
        year, month = self.first
        if self.style == "quarter":
            return f"{year:04d}-Q{(month + 2) // 3}"
        if self.style == "half":
            return f"{year:04d}-H{(month + 5) // 6}"
        if self.style == "year":
            return f"{year:04d}"
        return self.iso_range()

    def __repr__(self) -> str:
        return f"Period.parse({str(self)!r})"

    def label(self) -> str:
        """The Chinese label notices print: ``2018年3-4月``, ``2018年第一季度``."""
        year, _ = self.first
        end_year, _ = self.last
        if end_year != year:
            (y1, m1), (y2, m2) = self.first, self.last
            return f"{y1}年{m1}月至{y2}年{m2}月"
        return f"{year}年{self.short_label()}" if self.style != "year" else f"{year}年"

    def short_label(self) -> str:
        """The label without the year: ``3-4月``, ``第一季度``, ``上半年``, ``全年``.

        A period across two years has no short form and gives :meth:`label`.
        """
        (y1, m1), (y2, m2) = self.first, self.last
        if y1 != y2:
            return self.label()
        if self.style == "quarter":
            return f"第{_QUARTERS[(m1 - 1) // 3]}季度"
        if self.style == "half":
            return f"{_HALVES[(m1 - 1) // 6]}半年"
        if self.style == "year":
            return "全年"
        if m1 == m2:
            return f"{m1}月"
        return f"{m1}-{m2}月"
