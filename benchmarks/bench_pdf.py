"""The PDF renderer against a hand-written platypus script, in the same run.

The baseline writes the same title, paragraphs and table cells with platypus
Paragraphs and the table fed as chunked Tables (header repeated in each chunk),
the known fast way; one platypus Table of 10,000 rows is superlinear. Both use the
same font: the body font tongbao finds (or STSong-Light with --cid).

    python benchmarks/bench_pdf.py --units 27 1000 10000
"""

from __future__ import annotations

import argparse
import io
from xml.sax.saxutils import escape

from _timing import best
from bench_text import make_notice
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

import tongbao
from tongbao import Renderers
from tongbao.document import Document
from tongbao.renderers._fonts import choose_fonts

CHUNK = 40


def baseline_fonts(cid: bool) -> dict[str, str]:
    """The fonts tongbao picks for each role, registered for the baseline too."""
    fonts = {}
    for role, choice in choose_fonts({}, {} if cid else None).items():
        if choice.path is None:
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
            fonts[role] = "STSong-Light"
        else:
            name = f"bench-{choice.path.stem}"
            pdfmetrics.registerFont(TTFont(name, str(choice.path)))
            fonts[role] = name
    return fonts


def by_hand(document: Document, fonts: dict[str, str]) -> bytes:
    font = fonts["body"]
    body = ParagraphStyle(
        "body", fontName=font, fontSize=16, leading=28.95, firstLineIndent=32, wordWrap="CJK"
    )
    title = ParagraphStyle(
        "title", fontName=fonts["title"], fontSize=22, leading=35, alignment=1, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", fontName=font, fontSize=14, leading=16.8, wordWrap="CJK")
    story = [Paragraph(escape(document.title), title)]
    story.extend(Paragraph(escape(p.text), body) for p in document.paragraphs)
    attachment = document.attachments[0]
    story += [PageBreak(), Paragraph(escape(attachment.title), title)]
    header = [c.heading for c in attachment.table.columns]
    rows = [list(r.cells) for r in attachment.table.rows]
    widths = [14 * mm, 72 * mm, 23 * mm, 23 * mm, 24 * mm]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("FONT", (0, 0), (-1, -1), font, 14),
            ("FONT", (0, 0), (-1, 0), fonts["heading"], 14),
        ]
    )
    for start in range(0, len(rows), CHUNK):
        chunk = [header] + [
            [r[0], Paragraph(escape(r[1]), cell), *r[2:]] for r in rows[start : start + CHUNK]
        ]
        story.append(Table(chunk, colWidths=widths, repeatRows=1, style=grid))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[27, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cid", action="store_true", help="both sides use STSong-Light")
    args = parser.parse_args()
    fonts = baseline_fonts(args.cid)
    options = {"find_fonts": False} if args.cid else {}
    renderers = Renderers(autoload=False)
    ours_at = {}
    for units in args.units:
        document = tongbao.compose(make_notice(units))
        base = best(lambda document=document: by_hand(document, fonts), args.repeat)
        ours = best(
            lambda document=document: renderers.render(document, "pdf", **options), args.repeat
        )
        ours_at[units] = ours
        print(
            f"units={units:>6,}  platypus, chunked tables {base:6.3f}s  tongbao {ours:6.3f}s  "
            f"ratio {ours / base:4.2f}x (goal <= 1.0)"
        )
    if 1000 in ours_at and 10000 in ours_at:
        print(f"10,000 / 1,000 units: {ours_at[10000] / ours_at[1000]:.1f}x (goal <= 11, linear)")


if __name__ == "__main__":
    main()
