from __future__ import annotations

import pytest

from tongbao import OptionError
from tongbao.hookspecs import read_options

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
