"""Page geometry shared by the DOCX and PDF renderers: columns, table sizes, notes."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao.document import Column, Row, Table
from tongbao.renderers._layout import (
    CELL_PADDING,
    CHAR_PITCH,
    GB9704,
    MM,
    attachment_note_layout,
    column_widths,
    table_size,
    text_width,
)

from .conftest import EXAMPLE

WIDTH = GB9704.type_width * MM
HEADINGS = [
    "序号",
    "排名",
    "单位",
    "报送数",
    "采纳数",
    "采纳率",
    "采用条数",
    "3月得分",
    "1-3月报送",
]


def holds(heading: str, width: float, size: float) -> bool:
    """Whether a column ``width`` wide holds ``heading`` on one line at ``size``."""
    return math.ceil(text_width(heading)) * size + 2 * CELL_PADDING <= width + 1e-9


def table_of(headings: list[str]) -> Table:
    roles = {"单位": "unit", "序号": "no", "排名": "rank"}
    columns = tuple(Column(h, roles.get(h, f"figure{i}")) for i, h in enumerate(headings))
    return Table(columns, (Row(tuple("1" for _ in columns)),))


@pytest.mark.slow
@given(st.lists(st.sampled_from(HEADINGS[3:]), min_size=1, max_size=8))
def test_short_headings_never_wrap(extra: list[str]) -> None:
    table = table_of(["排名", "单位", *extra])
    size = table_size(table, 14.0)
    widths = column_widths(table, size, WIDTH)
    assert sum(widths) == pytest.approx(WIDTH)
    for column, width in zip(table.columns, widths, strict=True):
        if column.role != "unit" and text_width(column.heading) <= 4:
            assert holds(column.heading, width, size), (column.heading, width, size)
    # the unit column keeps at least four characters a line
    assert widths[1] >= 4 * size + 2 * CELL_PADDING - 1e-9


def test_the_scoring_example_steps_down_to_a_smaller_size() -> None:
    document = tongbao.compose(tongbao.load(EXAMPLE.parent / "scoring-2023-03" / "notice.toml"))
    table = document.attachments[0].table
    assert table_size(table, 14.0) == 10.5  # 五号: nine columns of 采用条数 and the like
    seed = tongbao.compose(tongbao.load(EXAMPLE / "notice.toml")).attachments[0].table
    assert table_size(seed, 14.0) == 14.0


@pytest.mark.parametrize(
    ("notes", "labels", "starts", "name_start"),
    [
        (["附件：3-4月网站信息报送情况统计表"], ["附件："], [2], 5),
        (["附件：1. 甲表", "2. 乙表"], ["附件：1. ", "2. "], [2, 5], 6.5),
        ([f"{'附件：' if n == 1 else ''}{n}. 表" for n in range(1, 11)], None, None, 7),
    ],
)
def test_attachment_notes_align_under_the_first_name(
    notes: list[str], labels: list[str] | None, starts: list[float] | None, name_start: float
) -> None:
    layout = attachment_note_layout(notes, lambda text: text_width(text) * CHAR_PITCH)
    if labels is not None:
        assert [n.label for n in layout.notes] == labels
    if starts is not None:
        assert [n.label_start / CHAR_PITCH for n in layout.notes] == pytest.approx(starts)
    assert layout.name_start / CHAR_PITCH == pytest.approx(name_start)
    assert all(n.name.endswith("表") for n in layout.notes)


# --- the page plan (tongbao.pageplan): one order of parts for every format --------------


def test_the_parts_of_a_full_notice_in_page_order() -> None:
    from tongbao.pageplan import Part, parts
    from tongbao.testing import sample_document

    document = sample_document(full=True)
    found = parts(document)
    kinds = [p.kind for p in found]
    paragraphs = len(document.paragraphs)
    assert kinds == [
        "issuer_mark",
        "doc_number",
        "title",
        "addressees",
        *["paragraph"] * paragraphs,
        "attachment_notes",
        "signature",
        "date",
        "note",
        *["attachment"] * len(document.attachments),
        "imprint",
    ]
    assert [p.index for p in found if p.kind == "paragraph"] == list(range(paragraphs))
    assert [p.index for p in found if p.kind == "attachment"] == [0, 1]
    # §7.3.5: the last paragraph and what follows it up to the 附注 keep together
    closing = [p for p in found if p.closing]
    assert closing[0] == Part("paragraph", paragraphs - 1, closing=True)
    assert [p.kind for p in closing[1:]] == ["attachment_notes", "signature", "date", "note"]


def test_a_bare_notice_has_title_body_and_signature() -> None:
    import attrs

    from tongbao.pageplan import parts
    from tongbao.testing import sample_document

    document = attrs.evolve(
        sample_document(),
        header=None,
        addressees="",
        attachment_notes=(),
        note=None,
        attachments=(),
        imprint=None,
    )
    kinds = [p.kind for p in parts(document)]
    assert kinds == ["title", *["paragraph"] * len(document.paragraphs), "signature", "date"]


@pytest.mark.parametrize(
    ("cc", "by", "date", "lines"),
    [
        (
            "抄送：区委办。",
            "区政府办",
            "2018年5月11日印发",
            [("抄送：区委办。", ""), ("区政府办", "2018年5月11日印发")],
        ),
        (None, "区政府办", "2018年5月11日印发", [("区政府办", "2018年5月11日印发")]),
        ("抄送：区委办。", None, None, [("抄送：区委办。", "")]),
    ],
)
def test_imprint_lines(
    cc: str | None, by: str | None, date: str | None, lines: list[tuple[str, str]]
) -> None:
    from tongbao.document import Imprint
    from tongbao.pageplan import imprint_lines

    found = imprint_lines(Imprint(cc=cc, printed_by=by, printed_date=date))
    assert [(line.left, line.right) for line in found] == lines


def test_the_text_renderer_hangs_attachment_notes_as_the_page_formats_do() -> None:
    """Lines after the first start under ``1.``: past 附件： and the two-character indent."""
    import attrs

    from tongbao.testing import sample_document

    notes = ("附件：1. 甲表", "2. 乙表")
    document = attrs.evolve(sample_document(), attachment_notes=notes)
    text = tongbao.render(document, "text").decode()
    layout = attachment_note_layout(notes, text_width, pitch=1.0)
    for note, line in zip(notes, layout.notes, strict=True):
        assert "\u3000" * round(line.label_start) + note in text.splitlines()
    assert "\u3000" * 5 + "2. 乙表" in text.splitlines()
