"""Renderer options as the hook spec reads them: declared kinds, defaults, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from tongbao import OptionError
from tongbao.hookspecs import Option, declared_options, read_options

DEFAULTS = {"table_format": "simple", "line_pitch": 28.95, "copies": 1, "seal": False}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, DEFAULTS),
        ({"line_pitch": "28"}, {**DEFAULTS, "line_pitch": 28.0}),
        ({"copies": "3", "seal": "yes"}, {**DEFAULTS, "copies": 3, "seal": True}),
        ({"seal": "off"}, {**DEFAULTS, "seal": False}),
        ({"seal": True, "line_pitch": 30.0}, {**DEFAULTS, "seal": True, "line_pitch": 30.0}),
        ({"table_format": "fancy grid"}, {**DEFAULTS, "table_format": "fancy grid"}),
    ],
)
def test_read_options(given: dict[str, object], expected: dict[str, object]) -> None:
    assert read_options(given, DEFAULTS) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"colour": "red"},
            "unknown option colour for pdf; known: copies, line_pitch, seal, table_format",
        ),
        ({"a": 1, "b": 2}, "unknown options a, b"),
        ({"line_pitch": "wide"}, "line_pitch='wide': expected float"),
        ({"seal": "maybe"}, "expected true or false"),
        ({"copies": True}, "copies must be int, not bool"),
        ({"copies": 2.5}, "copies must be int, not float"),
    ],
)
def test_bad_options(given: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError) as info:
        read_options(given, DEFAULTS, renderer="pdf")
    assert message in str(info.value)


DECLARED = (
    Option("stylesheet", True, "embed the stylesheet"),
    Option("lang", "zh-CN", "language tag", ("zh-CN", "zh-Hant")),
    Option("width", 12.0, "column width", (), 4.0, 60.0),
    Option("copies", 1, "how many", (), 1),
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, {"stylesheet": True, "lang": "zh-CN", "width": 12.0, "copies": 1}),
        ({"stylesheet": "no", "width": "30"}, {"stylesheet": False, "width": 30.0}),
        ({"lang": "zh-Hant", "copies": "3"}, {"lang": "zh-Hant", "copies": 3}),
    ],
)
def test_declared_options_are_read(given: dict[str, Any], expected: dict[str, Any]) -> None:
    values = read_options(given, DECLARED, renderer="demo")
    assert {k: values[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"lang": "en"}, "demo option lang='en': expected one of zh-CN, zh-Hant"),
        ({"width": "100"}, "demo option width=100.0: expected float from 4 to 60"),
        ({"width": "nan"}, "demo option width=nan: expected float from 4 to 60"),
        ({"copies": 0}, "demo option copies=0: expected int from 1"),
        ({"copies": "two"}, "demo: option copies='two': expected int"),
        ({"colour": "red"}, "unknown option colour for demo; known: copies, lang"),
    ],
)
def test_declared_options_refuse_with_the_format_named(given: dict[str, Any], message: str) -> None:
    with pytest.raises(OptionError) as caught:
        read_options(given, DECLARED, renderer="demo")
    assert message in str(caught.value)


def test_an_option_describes_itself() -> None:
    assert [o.allowed() for o in DECLARED] == [
        "true or false",
        "one of zh-CN, zh-Hant",
        "float from 4 to 60",
        "int from 1",
    ]
    record = DECLARED[2].as_dict()
    assert record == {
        "name": "width",
        "type": "float",
        "default": 12.0,
        "allowed": "float from 4 to 60",
        "choices": [],
        "minimum": 4.0,
        "maximum": 60.0,
        "help": "column width",
    }


def test_declared_options_of_a_renderer() -> None:
    class Declares:
        options = DECLARED

    class Silent:
        pass

    class Odd:
        options = ("width",)

    assert declared_options(Declares()) == DECLARED
    assert declared_options(Silent()) is None
    assert declared_options(Odd()) is None


def test_the_builtins_declare_what_they_read() -> None:
    from tongbao.renderers import docx, pdf, text

    for module in (docx, pdf, text):
        assert {o.name: o.default for o in module.DECLARED} == module.OPTIONS
