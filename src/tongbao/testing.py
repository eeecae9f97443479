"""Helpers for testing a renderer plugin: sample documents and one thorough check.

    from tongbao.testing import check_renderer
    from tongbao_html import HtmlRenderer


    def test_html_renderer():
        check_renderer(HtmlRenderer(), text_of=lambda data: data.decode())

No files are read: the samples are built in code from the seed notice's figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from ._compose import compose
from ._model import Tally, Unit
from ._notice import AttachmentSpec, Notice
from ._period import Period
from .document import Document
from .errors import OptionError
from .hookspecs import Renderer

__all__ = ["HOSTILE", "check_renderer", "sample_document", "sample_notice"]

HOSTILE = (
    "<script>alert(1)</script>",
    "A&B",
    "]]>",
    "{period}",
    '<para fontSize="40">',
    "&amp;",
)
"""Texts that fight output formats; a renderer must print each literally."""

_SEED = (
    ("南川东路办事处", "镇街", 19, 9),
    ("仓门街办事处", "镇街", 14, 7),
    ("区政府办公室", "部门", 14, 14),
    ("区建设局", "部门", 0, 0),
)


def sample_notice(*, hostile: bool = False) -> Notice:
    """A small notice with the seed's figures; with ``hostile``, unit names from :data:`HOSTILE`."""
    period = Period.parse("2018-03/2018-04")
    rows = list(_SEED)
    if hostile:
        rows += [(name, "部门", 3, 1) for name in HOSTILE]
    return Notice(
        title="关于2018年3-4月份政府门户网站信息报送情况的通报",
        issuer="西宁市城中区人民政府办公室",
        date=datetime.date(2018, 5, 10),
        period=period,
        addressees=["总寨镇政府", "各街道办事处", "政府各部门"],
        body=["{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"],
        tallies=[Tally(Unit(name, group=group), period, s, a) for name, group, s, a in rows],
        attachment=AttachmentSpec(title="3-4月网站信息报送情况统计表", total=True),
        note="此件主动公开",
    )


def sample_document(*, hostile: bool = False) -> Document:
    """:func:`sample_notice`, resolved: what a renderer receives."""
    return compose(sample_notice(hostile=hostile))


def check_renderer(renderer: Renderer, *, text_of: Callable[[bytes], str] | None = None) -> None:
    """Check what every renderer must do; raise ``AssertionError`` saying what failed.

    It returns ``bytes``; the same document gives the same bytes; an unknown option is
    an :class:`~tongbao.OptionError`. With ``text_of`` (the text a reader sees: for HTML,
    tags stripped and entities decoded), every table cell appears in it and the hostile
    texts appear literally.
    """
    name = getattr(renderer, "name", type(renderer).__name__)
    document = sample_document()
    data = renderer.render(document, {})
    if not isinstance(data, bytes):
        raise AssertionError(f"{name}: render() returned {type(data).__name__}, not bytes")
    if renderer.render(sample_document(), {}) != data:
        raise AssertionError(f"{name}: the same document gave different bytes")
    try:
        renderer.render(document, {"no_such_option": "1"})
    except OptionError:
        pass
    else:
        raise AssertionError(f"{name}: an unknown option was accepted; use read_options()")
    if text_of is None:
        return
    text = text_of(data)
    for row in document.attachments[0].table.rows:
        for cell in row.cells:
            if cell and cell not in text:
                raise AssertionError(f"{name}: table cell {cell!r} is missing from the output")
    hostile_text = text_of(renderer.render(sample_document(hostile=True), {}))
    for sample in HOSTILE:
        if sample not in hostile_text:
            raise AssertionError(f"{name}: {sample!r} does not come out literally")
