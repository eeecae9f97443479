"""Figure keys parsed into typed values: columns' figures and body placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongbao._figures import FIGURES, Figure, Placeholder
from tongbao._notice import ColumnSpec
from tongbao._template import parse_placeholders

_LEVELS = st.text(st.sampled_from(list("市区省网站a:|1 ")), min_size=1, max_size=6)
_KEYS = st.one_of(
    st.sampled_from(FIGURES),
    st.builds(lambda kind, level: f"{kind}:{level}", st.sampled_from(["level", "points"]), _LEVELS),
).flatmap(lambda key: st.sampled_from([key, f"ytd_{key}"]))


@pytest.mark.parametrize(
    ("key", "figure"),
    [
        ("rate", Figure("rate")),
        ("ytd_adopted", Figure("adopted", ytd=True)),
        ("level:市政府网", Figure("level", "市政府网")),
        ("ytd_points:省", Figure("points", "省", ytd=True)),
        ("level:a:b", Figure("level", "a:b")),  # the level is everything after the colon
    ],
)
def test_keys_parse_into_figures(key: str, figure: Figure) -> None:
    assert Figure.parse(key) == figure
    assert figure.key == str(figure) == key


@pytest.mark.parametrize(
    "key", ["", "ytd_", "level:", "points:", "rates", "ytd_ytd_rate", "rate:x", "Rate", 5]
)
def test_keys_that_name_no_figure(key: object) -> None:
    assert Figure.parse(key) is None


@given(_KEYS)
def test_every_figure_key_round_trips(key: str) -> None:
    figure = Figure.parse(key)
    assert figure is not None
    assert figure.key == key
    assert figure.ytd == key.startswith("ytd_")
    assert figure.current.key == key.removeprefix("ytd_") == figure.base
    assert figure.levelled == (figure.name in ("level", "points"))


def test_a_column_spec_carries_its_parsed_figure() -> None:
    assert ColumnSpec("ytd_level:市").parsed == Figure("level", "市", ytd=True)
    assert ColumnSpec("nonsense").parsed is None
    # The parsed value is derived, so it takes no part in equality or repr.
    assert ColumnSpec("rate") == ColumnSpec("rate")
    assert "parsed" not in repr(ColumnSpec("rate"))


@pytest.mark.parametrize(
    ("text", "placeholders"),
    [
        ("{rate}", [Placeholder("rate")]),
        ("{ top_units : 镇街 }", [Placeholder("top_units", "镇街")]),
        ("{level_adopted:市}", [Placeholder("level_adopted", "市")]),
        ("{level_adopted:市|镇街}{{x}}", [Placeholder("level_adopted", "市|镇街")]),
    ],
)
def test_placeholders_parse_once(text: str, placeholders: list[Placeholder]) -> None:
    assert parse_placeholders(text) == placeholders


@pytest.mark.parametrize(
    ("placeholder", "level", "group"),
    [
        (Placeholder("rate"), None, ""),
        (Placeholder("top_units", "镇街"), None, "镇街"),
        (Placeholder("level_adopted", "市"), "市", ""),
        (Placeholder("level_adopted", "市|镇街"), "市", "镇街"),
    ],
)
def test_a_placeholder_names_its_level_and_group(
    placeholder: Placeholder, level: str | None, group: str
) -> None:
    assert placeholder.level == level
    assert placeholder.group == group
