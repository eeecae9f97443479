"""Units and tallies: names normalised or refused by one rule, counts validated, frozen."""

from __future__ import annotations

import re

import attrs
import pytest

from tongbao import Period, Tally, Unit
from tongbao.errors import InputError, Problem

PERIOD = Period.parse("2018-03/2018-04")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("区统计局", "区统计局"),
        ("  区统计局\u3000", "区统计局"),  # ideographic space is white space too
        ("区统计局１", "区统计局1"),  # full-width digit
        ("ＡＢＣ 办事处", "ABC 办事处"),
        ("南川  东路", "南川 东路"),
        ("\u200f区统计局", "\u200f区统计局"),  # a right-to-left mark is kept
    ],
)
def test_unit_names_are_normalised(raw: str, name: str) -> None:
    assert Unit(raw).name == name
    assert Unit(raw) == Unit(name)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u3000", "empty"),
        ("区\x00统计局", "U\\+0000"),
        ("区\x07统计局", "U\\+0007"),
        ("区统计局\n", "U\\+000A"),
        ("\ud800", "U\\+D800"),
        ("\uffff", "U\\+FFFF"),
    ],
)
def test_bad_unit_names_are_rejected(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Unit(raw)


def test_unit_group_is_normalised_and_part_of_identity() -> None:
    assert Unit("区统计局", group=" 部门 ").group == "部门"
    assert Unit("区统计局", group="部门") != Unit("区统计局")
    with pytest.raises(ValueError, match="group is empty"):
        Unit("区统计局", group=" ")


def test_name_must_be_text() -> None:
    with pytest.raises(InputError, match="name must be text"):
        Unit(12)  # type: ignore[arg-type]


def test_tally_accepts_a_plain_name() -> None:
    tally = Tally("区统计局", PERIOD, 7, 3)
    assert tally.unit == Unit("区统计局")


@pytest.mark.parametrize(
    ("submitted", "adopted", "error", "message"),
    [
        (True, 0, InputError, "submitted must be a whole number .* bool"),
        (5, False, InputError, "adopted must be a whole number .* bool"),
        (5.0, 2, InputError, "submitted must be a whole number .* decimal number 5.0"),
        ("19", 9, InputError, "submitted must be a whole number .* str"),
        (-1, 0, ValueError, "submitted is negative \\(-1\\)"),
        (5, -1, ValueError, "adopted is negative"),
        (9, 19, ValueError, "adopted \\(19\\) is more than submitted \\(9\\)"),
    ],
)
def test_bad_counts_name_the_unit_and_numbers(
    submitted: object, adopted: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"区统计局: {message}"):
        Tally(Unit("区统计局"), PERIOD, submitted, adopted)  # type: ignore[arg-type]


def test_tally_is_frozen_and_evolve_validates() -> None:
    tally = Tally(Unit("区统计局"), PERIOD, 7, 3)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tally.adopted = 4  # type: ignore[misc]
    assert attrs.evolve(tally, adopted=4).adopted == 4
    with pytest.raises(ValueError, match="more than submitted"):
        attrs.evolve(tally, adopted=8)


def test_period_must_be_a_period() -> None:
    with pytest.raises(InputError):
        Tally(Unit("区统计局"), "2018-03", 7, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "group", "submitted", "adopted"),
    [("区统计局１", " 部门 ", 5, 2), ("甲", None, None, 3), ("乙", "镇街", 0, 0)],
)
def test_quick_construction_equals_the_ordinary(
    name: str, group: str | None, submitted: int | None, adopted: int
) -> None:
    from tongbao._model import quick_tally, quick_unit

    period = Period.parse("2018-03")
    unit = quick_unit(name, group)
    assert unit == Unit(name, group=group)
    tally = quick_tally(unit, period, submitted, adopted)
    ordinary = Tally(Unit(name, group=group), period, submitted, adopted)
    assert tally == ordinary
    assert attrs.asdict(tally) == attrs.asdict(ordinary)  # every field, including new ones
    with pytest.raises(ValueError, match="more than submitted"):
        quick_tally(unit, period, 1, 2)
    with pytest.raises(ValueError, match="control character"):
        quick_unit("甲\x07", None)


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x07", "control character U+0007"),
        ("\x85", "control character U+0085"),
        ("\u2028", "separator U+2028"),
        ("\u2029", "separator U+2029"),
        ("\u202e", "bidi control U+202E"),
        ("\u2067", "bidi control U+2067"),
        ("\ue000", "unprintable character U+E000"),
        ("\ufdd0", "unprintable character U+FDD0"),
        ("\U0001fffe", "unprintable character U+1FFFE"),
    ],
)
def test_one_rule_for_every_text(char: str, what: str) -> None:
    from tongbao._notice import check_text

    with pytest.raises(ValueError, match=re.escape(what)):
        Unit(f"区{char}局")
    with pytest.raises(ValueError, match=re.escape(what)):
        Unit("区局", group=f"镇{char}街")
    found = check_text(f"标题{char}", "title")
    assert found is not None
    code, params = found
    assert what in Problem.of(code, **params).message


@pytest.mark.parametrize("char", ["\u200f", "\u200e", "\u200d", "\u3000"])
def test_marks_and_joiners_are_allowed(char: str) -> None:
    from tongbao._notice import check_text

    assert Unit(f"区{char}局").name
    assert check_text(f"标题{char}", "title") is None
