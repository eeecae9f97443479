"""check refuses what the built-in renderers would refuse, placed at the option."""

from __future__ import annotations

import pytest

from tongbao._renderable import option_problems


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"docx": {"line_pitch": 28}}, []),
        ({"pdf": {"table_font_size": 12.5, "find_fonts": False}}, []),
        ({"text": {"table_format": "grid"}}, []),
        ({"html": {"anything": 1}}, []),  # a plugin's options are its renderer's to check
        ({"docx": {"line_pitch": float("nan")}}, [("options.docx", "line_pitch is nan")]),
        ({"pdf": {"issuer_mark_size": 500.0}}, [("options.pdf", "issuer_mark_size is 500.0")]),
        ({"docx": {"page_numbers": "maybe"}}, [("options.docx", "expected true or false")]),
        ({"text": {"colour": "red"}}, [("options.text", "unknown option colour")]),
    ],
)
def test_option_problems(
    options: dict[str, dict[str, object]], expected: list[tuple[str, str]]
) -> None:
    found = option_problems(options)  # type: ignore[arg-type]
    assert len(found) == len(expected)
    for (place, message), (want_place, want_text) in zip(found, expected, strict=True):
        assert place == want_place
        assert want_text in message
