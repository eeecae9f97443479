"""Body placeholders: filled once, never expanded again; broken ones refused."""

from __future__ import annotations

import pytest

from tongbao._figures import Placeholder
from tongbao._template import PLACEHOLDERS, TemplateError, fill, parse_placeholders

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("{period}共{submitted}条", "<period>共<submitted>条"),
        ("{{period}}", "{period}"),
        ("{{ {rate} }}", "{ <rate> }"),
        ("{ rate }", "<rate>"),
        ("没有占位符", "没有占位符"),
    ],
)
def test_fill(text: str, filled: str) -> None:
    assert fill(text, VALUES) == filled


def test_values_are_not_expanded_again() -> None:
    assert fill("{zero_units}", {**VALUES, "zero_units": "{period}单位"}) == "{period}单位"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{rat}", r"unknown placeholder \{rat\} \(did you mean \{rate\}\?\); known: \{period\}"),
        ("{}", r"unknown placeholder \{\}"),
        ("{period", "unclosed placeholder at character 1"),
        ("共{submitted条", "unclosed placeholder at character 2"),
        ("a}b", "stray } at character 2"),
    ],
)
def test_broken_placeholders(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_placeholders(text)


def test_parse_placeholders_lists_them() -> None:
    assert parse_placeholders("{period}{rate}{{x}}") == [Placeholder("period"), Placeholder("rate")]
