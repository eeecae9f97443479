"""The order of a notice's parts on the page (GB/T 9704-2012 §7), and the rules every
format that lays a notice out shares: which font role a paragraph level takes, the
版记's lines, where the 附件说明's names start, where the 署名 and 成文日期 go, where a
title breaks.

The built-in text, DOCX and PDF renderers walk :func:`parts` and use these rules; a
plugin renderer may do the same, so its output follows the same order and geometry::

    from tongbao.pageplan import parts

    for part in parts(document):
        if part.kind == "paragraph":
            paragraph = document.paragraphs[part.index]
        elif part.kind == "attachment":
            attachment = document.attachments[part.index]
        ...

Lengths are in points where a page is meant (the PDF's and DOCX's type area is
156 mm wide); ``attachment_note_layout`` and ``signature_indents`` also work in
characters, for plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

from .renderers._layout import (
    CHAR_PITCH,
    NoteLayout,
    NoteLine,
    SignatureIndents,
    attachment_note_layout,
    signature_indents,
    text_width,
    title_breaks,
)

if TYPE_CHECKING:
    from .document import Document, Imprint

__all__ = [
    "CHAR_PITCH",
    "LEVEL_ROLES",
    "ImprintLine",
    "NoteLayout",
    "NoteLine",
    "Part",
    "PartKind",
    "SignatureIndents",
    "attachment_note_layout",
    "imprint_lines",
    "parts",
    "signature_indents",
    "text_width",
    "title_breaks",
]

PartKind = Literal[
    "issuer_mark",
    "doc_number",
    "title",
    "addressees",
    "paragraph",
    "attachment_notes",
    "signature",
    "date",
    "note",
    "attachment",
    "imprint",
]
"""The parts of a notice, in page order: 发文机关标志, 发文字号 (with the red rule under
it), 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 附注, 附件, 版记."""

LEVEL_ROLES: dict[int, str] = {0: "body", 1: "heading", 2: "kai"}
"""The font role of each paragraph level (:attr:`tongbao.document.Paragraph.level`):
text in 仿宋 (``body``), 一、 headings in 黑体 (``heading``), （一） headings in 楷体
(``kai``) (§7.3.3)."""


@attrs.frozen
class Part:
    """One part of the notice, where it comes in the page order."""

    kind: PartKind
    index: int = 0
    """Which paragraph or attachment (0-based) for ``paragraph`` and ``attachment``."""
    closing: bool = False
    """The body's last paragraph, the 附件说明, the 署名, the 成文日期 and the 附注 are
    the closing: they stay on one page (§7.3.5), since a page holding only the 署名, the
    date or the 附件说明 is a defect."""


def parts(document: Document) -> tuple[Part, ...]:
    """The parts ``document`` has, in page order (§7); absent optional parts left out.

    The 发文字号 comes whenever there is a header (it carries the red rule, even empty);
    the 署名 and 成文日期 always.
    """
    found: list[Part] = []
    header = document.header
    if header is not None:
        if header.issuer_mark:
            found.append(Part("issuer_mark"))
        found.append(Part("doc_number"))
    found.append(Part("title"))
    if document.addressees:
        found.append(Part("addressees"))
    last = len(document.paragraphs) - 1
    found.extend(
        Part("paragraph", number, closing=number == last)
        for number in range(len(document.paragraphs))
    )
    if document.attachment_notes:
        found.append(Part("attachment_notes", closing=True))
    found += [Part("signature", closing=True), Part("date", closing=True)]
    if document.note:
        found.append(Part("note", closing=True))
    found.extend(Part("attachment", number) for number in range(len(document.attachments)))
    if document.imprint is not None:
        found.append(Part("imprint"))
    return tuple(found)


@attrs.frozen
class ImprintLine:
    """A line of the 版记: text one character in from the left, and from the right."""

    left: str
    right: str = ""


def imprint_lines(imprint: Imprint) -> tuple[ImprintLine, ...]:
    """The 版记's lines (§7.4): the 抄送 on its own line, then the 印发机关 left and the
    印发日期 right on one line; a line whose texts are all absent is left out."""
    lines = []
    if imprint.cc:
        lines.append(ImprintLine(imprint.cc))
    if imprint.printed_by or imprint.printed_date:
        lines.append(ImprintLine(imprint.printed_by or "", imprint.printed_date or ""))
    return tuple(lines)
