"""The built-in text renderer: the notice as plain UTF-8, ready to paste into a CMS.

One paragraph per line (no hard wrapping), paragraphs indented with two ideographic
spaces (U+3000), the attachment's table drawn by tabulate and aligned by display width
(wcwidth), so Chinese columns line up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..document import Attachment, Document, Table
from ..errors import OptionError
from ..hookspecs import Option, hookimpl, read_options
from ..pageplan import Part, attachment_note_layout, imprint_lines, parts, text_width

__all__ = [
    "TABLE_FORMATS",
    "TextRenderer",
    "format_table",
    "register_renderers",
    "simple_table",
]

INDENT = "\u3000\u3000"
OPTIONS = {"table_format": "simple"}
TABLE_FORMATS = (
    "plain",
    "simple",
    "grid",
    "simple_grid",
    "rounded_grid",
    "heavy_grid",
    "mixed_grid",
    "double_grid",
    "fancy_grid",
    "outline",
    "simple_outline",
    "rounded_outline",
    "heavy_outline",
    "mixed_outline",
    "double_outline",
    "fancy_outline",
    "psql",
    "presto",
    "pretty",
    "html",
    "latex",
    "latex_booktabs",
    "latex_longtable",
)
"""The tabulate formats a table may be drawn in: plain text, or markup that escapes the
cells. Markup that passes text through (``unsafehtml``, ``latex_raw``, ``mediawiki``,
``pipe``, ``rst`` …) or a spreadsheet could evaluate (``tsv``: ``=HYPERLINK(…)``) would
let a unit's name become markup or a formula, so it is refused."""
DECLARED = (
    Option(
        "table_format",
        "simple",
        "how the attachment table is drawn: a tabulate format that keeps names as text",
        choices=TABLE_FORMATS,
    ),
)
"""The options as ``tongbao formats`` shows them."""


def format_table(table: Table, tablefmt: str = "simple") -> str:
    """``table`` as text in tabulate's ``tablefmt``; a group row's name stands alone."""
    width = len(table.columns)
    rows = [list(row.cells) + [""] * (width - len(row.cells)) for row in table.rows]
    # A grouped heading is flattened onto one line: 市本级采用/普发.
    headers = [f"{c.group}/{c.heading}" if c.group else c.heading for c in table.columns]
    aligns = [c.align for c in table.columns]
    if tablefmt == "simple":
        drawn = simple_table(headers, rows, aligns)
        if drawn is not None:
            return drawn
    import tabulate  # noqa: PLC0415 - ~50 ms; only when a table is drawn

    return tabulate.tabulate(
        rows, headers=headers, tablefmt=tablefmt, colalign=aligns, disable_numparse=True
    )


# Cells tabulate reads as more than text: controls (ANSI colours, line breaks, its
# separating-line mark), and a joiner, whose width depends on the character after it.
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u200d]")
_SPEC = {"left": "<", "center": "^", "right": ">"}


def simple_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], aligns: Sequence[str]
) -> str | None:
    """The text tabulate's ``simple`` format draws, without its per-cell type detection.

    The same bytes as ``tabulate.tabulate(rows, headers, "simple", colalign=aligns,
    disable_numparse=True)`` — cells stripped, widths by :func:`wcwidth.wcswidth`,
    padded by ``str.format`` — for the plain text a notice's table holds; ``None`` for
    a table it would read otherwise (no rows, controls, ``True``/``False`` cells, a
    character of no width), which is then left to tabulate itself.
    """
    from wcwidth import wcswidth  # noqa: PLC0415 - only when a table is drawn

    if not rows or len(headers) != len(aligns) or any(len(row) != len(headers) for row in rows):
        return None
    if _NOT_PLAIN.search("".join(headers)) or _NOT_PLAIN.search("".join(map("".join, rows))):
        return None
    widths: dict[str, int] = {}

    def width(text: str) -> int:
        if text.isascii():
            return len(text)
        found = widths.get(text)
        if found is None:
            found = widths[text] = wcswidth(text)
        return found

    columns: list[list[str]] = []
    head: list[str] = []
    for index, (header, align) in enumerate(zip(headers, aligns, strict=True)):
        spec = _SPEC.get(align)
        cells = [row[index].strip() for row in rows]
        if spec is None or "True" in cells or "False" in cells:
            return None
        cell_widths = [width(cell) for cell in cells]
        header_width = width(header)
        if header_width < 0 or min(cell_widths) < 0:
            return None
        most = max(*cell_widths, header_width + 2)
        padded = [
            format(cell, f"{spec}{most - (w - len(cell))}")
            for cell, w in zip(cells, cell_widths, strict=True)
        ]
        column_width = max(header_width + 2, *map(width, padded))
        head.append(format(header, f"{spec}{column_width + len(header) - header_width}"))
        columns.append(padded)
        columns[-1].append("-" * column_width)
    rule = "  ".join(column.pop() for column in columns).rstrip()
    lines = ["  ".join(head).rstrip(), rule]
    lines.extend("  ".join(cells).rstrip() for cells in zip(*columns, strict=True))
    return "\n".join(lines)


def _attachment(attachment: Attachment, tablefmt: str) -> list[str]:
    lines = [attachment.label, "", attachment.title, ""]
    lines.append(format_table(attachment.table, tablefmt))
    if attachment.notes:
        lines.append("")
        lines.extend(attachment.notes)
    return lines


def _part(document: Document, part: Part, tablefmt: str) -> list[str]:
    """The lines of one part of the notice, in the page order of :mod:`tongbao.pageplan`."""
    header, kind = document.header, part.kind
    if kind == "issuer_mark" and header is not None:
        return [header.issuer_mark or ""]
    if kind == "doc_number" and header is not None:
        return [header.doc_number, ""] if header.doc_number else [""]
    if kind == "title":
        return [document.title, ""]
    if kind == "addressees":
        return [document.addressees]
    if kind == "paragraph":
        return [INDENT + document.paragraphs[part.index].text]
    if kind == "attachment_notes":
        # Lines after the first align under the first title, past "附件：" (§7.3.4),
        # counted in characters: one U+3000 each.
        layout = attachment_note_layout(document.attachment_notes, text_width, pitch=1.0)
        starts = [round(note.label_start) for note in layout.notes]
        return [
            "",
            *(
                "\u3000" * start + note
                for start, note in zip(starts, document.attachment_notes, strict=True)
            ),
        ]
    if kind == "signature":
        return ["", document.signature]
    if kind == "date":
        return [document.date]
    if kind == "note":
        return [INDENT + (document.note or "")]
    if kind == "attachment":
        return ["", "", *_attachment(document.attachments[part.index], tablefmt)]
    if kind == "imprint" and document.imprint is not None:
        printed = (
            "  ".join(t for t in (line.left, line.right) if t)
            for line in imprint_lines(document.imprint)
        )
        return ["", "", *printed]
    return []


class TextRenderer:
    """Plain text (``-f text``). Option ``table_format``: one of :data:`TABLE_FORMATS`."""

    name = "text"
    suffix = ".txt"
    media_type = "text/plain; charset=utf-8"
    options = DECLARED

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        values = read_options(options, OPTIONS, renderer="text")
        tablefmt = values["table_format"]
        import tabulate  # noqa: PLC0415

        if tablefmt not in TABLE_FORMATS or tablefmt not in tabulate.tabulate_formats:
            raise OptionError(
                f"option table_format={tablefmt!r} is not one of the formats that keep "
                f"names as text: {', '.join(TABLE_FORMATS)}"
            )
        lines: list[str] = []
        for part in parts(document):
            lines.extend(_part(document, part, tablefmt))
        return ("\n".join(lines) + "\n").encode("utf-8")


@hookimpl
def register_renderers(register: Any) -> None:
    register(TextRenderer())
