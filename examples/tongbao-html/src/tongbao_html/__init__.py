"""An HTML renderer for tongbao: the notice as one self-contained page for the portal.

Registered through the ``tongbao`` entry-point group (see pyproject.toml). It reads the
resolved document only, so its numbers are the ones every other format prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from tongbao.document import Attachment, Document, Row, Table
from tongbao.hookspecs import Option, Renderer, hookimpl, read_options

__all__ = ["HtmlRenderer", "register_renderers"]

OPTIONS = (
    Option("stylesheet", True, "embed the stylesheet (screen and print) in the page"),
    Option("lang", "zh-CN", "the page's language tag", ("zh-CN", "zh-Hans", "zh-Hant", "zh")),
)
"""The options, as ``tongbao formats`` shows them and ``tongbao check`` holds them."""

STYLESHEET = """\
body { font-family: "FangSong", "仿宋", "STFangsong", serif; font-size: 16pt;
       line-height: 1.8; max-width: 42em; margin: 2em auto; color: #000; }
h1 { font-family: "SimSun", "宋体", serif; font-size: 22pt; text-align: center; }
.issuer-mark { color: #c00; text-align: center; font-size: 26pt; margin: 0; }
.doc-number { text-align: center; }
hr.red { border: 0; border-top: 2px solid #c00; }
article p { margin: 0; }
article p.text, .attachment-note, .note { text-indent: 2em; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; text-indent: 2em; }
h3 { font-family: "KaiTi", "楷体", serif; font-size: 16pt; text-indent: 2em; }
.signature, .date { text-align: right; padding-right: 2em; }
.attachment .label { font-family: "SimHei", "黑体", sans-serif; }
table { border-collapse: collapse; width: 100%; font-size: 14pt; }
caption { font-size: 18pt; font-weight: bold; padding: 0.5em; }
th, td { border: 1px solid #000; padding: 0.2em 0.5em; text-align: center; }
td.left { text-align: left; }
td.right { text-align: right; font-variant-numeric: tabular-nums; }
tr.group th { text-align: left; }
tr.subtotal, tr.total { font-weight: bold; }
.imprint { border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 3em;
           font-size: 14pt; }
@media print {
  body { margin: 0; max-width: none; }
  .attachment { break-before: page; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""


def _text(value: str) -> str:
    return escape(value, quote=True)


def _row(row: Row, table: Table) -> str:
    if row.kind == "group":
        span = len(table.columns)
        name = _text(row.cells[0])
        return f'<tr class="group"><th scope="rowgroup" colspan="{span}">{name}</th></tr>'
    cells = "".join(
        f'<td class="{column.align}">{_text(cell)}</td>'
        for column, cell in zip(table.columns, row.cells, strict=True)
    )
    return f'<tr class="{row.kind}">{cells}</tr>'


def _table(attachment: Attachment) -> list[str]:
    table = attachment.table
    head = []
    for row in table.header_rows():
        cells = []
        for cell in row:
            scope = "colgroup" if cell.columns > 1 else "col"
            span = f' colspan="{cell.columns}"' if cell.columns > 1 else ""
            span += f' rowspan="{cell.rows}"' if cell.rows > 1 else ""
            cells.append(f'<th scope="{scope}"{span}>{_text(cell.text)}</th>')
        head.append(f"<tr>{''.join(cells)}</tr>")
    lines = [
        "<table>",
        f"<caption>{_text(attachment.title)}</caption>",
        f"<thead>{''.join(head)}</thead>",
        "<tbody>",
    ]
    lines.extend(_row(row, table) for row in table.rows)
    lines.append("</tbody>")
    lines.append("</table>")
    return lines


class HtmlRenderer:
    """``-f html``: a self-contained HTML5 page."""

    name = "html"
    suffix = ".html"
    media_type = "text/html; charset=utf-8"
    options = OPTIONS

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        values = read_options(options, OPTIONS, renderer="html")
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{_text(str(values["lang"]))}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_text(document.title)}</title>",
        ]
        if values["stylesheet"]:
            out.append(f"<style>\n{STYLESHEET}</style>")
        out += ["</head>", "<body>", '<article class="notice">']
        if document.header is not None:
            if document.header.issuer_mark:
                out.append(f'<p class="issuer-mark">{_text(document.header.issuer_mark)}</p>')
            if document.header.doc_number:
                out.append(f'<p class="doc-number">{_text(document.header.doc_number)}</p>')
            out.append('<hr class="red">')
        out.append(f"<h1>{_text(document.title)}</h1>")
        if document.addressees:
            out.append(f'<p class="addressees">{_text(document.addressees)}</p>')
        for paragraph in document.paragraphs:
            if paragraph.level == 0:
                out.append(f'<p class="text">{_text(paragraph.text)}</p>')
            else:
                tag = "h2" if paragraph.level == 1 else "h3"
                out.append(f"<{tag}>{_text(paragraph.text)}</{tag}>")
        out.extend(
            f'<p class="attachment-note">{_text(note)}</p>' for note in document.attachment_notes
        )
        out.append(f'<p class="signature">{_text(document.signature)}</p>')
        issued = document.issued.isoformat()
        out.append(f'<p class="date"><time datetime="{issued}">{_text(document.date)}</time></p>')
        if document.note:
            out.append(f'<p class="note">{_text(document.note)}</p>')
        out.append("</article>")
        for attachment in document.attachments:
            out.append('<section class="attachment">')
            out.append(f'<p class="label">{_text(attachment.label)}</p>')
            out.extend(_table(attachment))
            out.extend(f'<p class="table-note">{_text(note)}</p>' for note in attachment.notes)
            out.append("</section>")
        if document.imprint is not None:
            imprint = document.imprint
            out.append('<footer class="imprint">')
            for part in (imprint.cc, imprint.printed_by, imprint.printed_date):
                if part:
                    out.append(f"<p>{_text(part)}</p>")
            out.append("</footer>")
        out += ["</body>", "</html>", ""]
        return "\n".join(out).encode("utf-8")


@hookimpl
def register_renderers(register: Callable[[Renderer], None]) -> None:
    register(HtmlRenderer())
