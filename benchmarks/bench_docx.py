"""The DOCX renderer against two ways of writing the same content, in the same run.

(a) python-docx for the text and lxml for the table rows: the fast way by hand.
(b) docxtpl: a Word template with a row loop, rendered with the same rows.
Both baselines write the same title, paragraphs and table cells that the renderer
writes (without its styles, fields and geometry). Needs ``pip install docxtpl``.
On a loaded machine, ``--cpu`` times the process's CPU time instead of the wall clock.

    python benchmarks/bench_docx.py --units 27 1000 10000
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

import docx
import docxtpl
from _timing import best
from bench_text import make_notice
from docx.oxml.ns import qn
from lxml import etree

import tongbao
from tongbao import Renderers
from tongbao.document import Document


def by_hand(document: Document) -> bytes:
    """python-docx paragraphs, table rows built with lxml."""
    word = docx.Document()
    word.add_paragraph(document.title)
    for paragraph in document.paragraphs:
        word.add_paragraph(paragraph.text)
    attachment = document.attachments[0]
    word.add_paragraph(attachment.title)
    table = word.add_table(rows=1, cols=len(attachment.table.columns))
    for cell, column in zip(table.rows[0].cells, attachment.table.columns, strict=True):
        cell.text = column.heading
    tbl = table._tbl
    for row in attachment.table.rows:
        tr = etree.SubElement(tbl, qn("w:tr"))
        for text in row.cells:
            tc = etree.SubElement(tr, qn("w:tc"))
            p = etree.SubElement(tc, qn("w:p"))
            r = etree.SubElement(p, qn("w:r"))
            t = etree.SubElement(r, qn("w:t"))
            t.text = text
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def make_template(folder: Path, columns: int) -> Path:
    word = docx.Document()
    word.add_paragraph("{{ title }}")
    word.add_paragraph("{% for p in paragraphs %}")
    word.add_paragraph("{{ p }}")
    word.add_paragraph("{% endfor %}")
    word.add_paragraph("{{ table_title }}")
    table = word.add_table(rows=4, cols=columns)
    for i in range(columns):
        table.rows[0].cells[i].text = f"{{{{ headings[{i}] }}}}"
        table.rows[2].cells[i].text = f"{{{{ r[{i}] }}}}"
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    path = folder / "template.docx"
    word.save(path)
    return path


def with_docxtpl(template: Path, document: Document) -> bytes:
    attachment = document.attachments[0]
    word = docxtpl.DocxTemplate(template)
    word.render(
        {
            "title": document.title,
            "paragraphs": [p.text for p in document.paragraphs],
            "table_title": attachment.title,
            "headings": [c.heading for c in attachment.table.columns],
            "rows": [list(row.cells) for row in attachment.table.rows],
        }
    )
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[27, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="CPU time, not the wall clock")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    renderers = Renderers(autoload=False)
    ours_at: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        template = make_template(Path(folder), 5)
        for units in args.units:
            document = tongbao.compose(make_notice(units))
            a = best(lambda document=document: by_hand(document), args.repeat, clock)
            b = best(lambda document=document: with_docxtpl(template, document), args.repeat, clock)
            ours = best(
                lambda document=document: renderers.render(document, "docx"), args.repeat, clock
            )
            ours_at[units] = ours
            print(
                f"units={units:>6,}  (a) python-docx+lxml {a:6.3f}s  (b) docxtpl {b:6.3f}s  "
                f"tongbao {ours:6.3f}s  vs (a) {ours / a:4.2f}x (goal <= 0.5)  "
                f"vs (b) {ours / b:4.2f}x (goal < 1)"
            )
    if 1000 in ours_at and 10000 in ours_at:
        print(f"10,000 / 1,000 units: {ours_at[10000] / ours_at[1000]:.1f}x (goal <= 11, linear)")


if __name__ == "__main__":
    main()
