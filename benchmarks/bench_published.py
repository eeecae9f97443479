"""Reading, auditing and importing a published notice of many rows, in every form.

For each form the notice is rendered by tongbao (text, DOCX, PDF; the text also in
traditional characters, as portals scrape), then read back. The baseline is what any
reader of that form must at least do — the file's lines, python-docx's cells, the HTML
parser's events, PDFium's plain text of every page (no places: it cannot tell columns
apart) — so the ratio is tongbao's own work on top: finding the parts, normalising,
auditing, importing. For the PDF, pypdf's layout text (how tongbao read PDFs before it
read them with PDFium) is timed too. The issue's goal: a 1,000-row table imports and
audits in under a second.

    python benchmarks/bench_published.py --rows 1000

On a loaded machine, ``--cpu`` times the process's CPU time instead of the wall clock.
"""

from __future__ import annotations

import argparse
import datetime
import random
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import docx as python_docx
import opencc
import pypdf
import pypdfium2  # type: ignore[import-untyped]
from _timing import best

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Tally

PERIOD = Period.parse("2018-03/2018-04")


def make_notice(rows: int) -> Notice:
    rnd = random.Random(20180510)
    tallies = []
    for i in range(rows):
        submitted = rnd.randint(0, 60)
        tallies.append(Tally(f"第{i}单位办事处", PERIOD, submitted, rnd.randint(0, submitted)))
    return Notice(
        title="关于2018年3-4月份政府门户网站信息报送情况的通报",
        issuer="区政府办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        addressees=["各镇政府", "各街道办事处"],
        tallies=tallies,
        body=["{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"],
        attachment=AttachmentSpec(title="3-4月网站信息报送情况统计表", order="rate", total=True),
    )


def baselines() -> dict[str, Callable[[Path], object]]:
    def text(path: Path) -> object:
        return path.read_text(encoding="utf-8").split("\n")

    def docx(path: Path) -> object:
        word = python_docx.Document(str(path))
        return [c.text for t in word.tables for r in t.rows for c in r.cells]

    def pdf(path: Path) -> object:
        document = pypdfium2.PdfDocument(path.read_bytes())
        return [document[k].get_textpage().get_text_range() for k in range(len(document))]

    def html(path: Path) -> object:
        parser = HTMLParser()
        parser.feed(path.read_text(encoding="utf-8"))
        return parser

    return {"text": text, "traditional": text, "docx": docx, "pdf": pdf, "html": html}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--forms", nargs="+", default=["text", "traditional", "html", "docx", "pdf"]
    )
    parser.add_argument("--cpu", action="store_true", help="CPU time, not the wall clock")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    base_readers = baselines()
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            notice = make_notice(rows)
            for form in args.forms:
                fmt = "text" if form == "traditional" else form
                try:
                    data = tongbao.render(notice, fmt)
                except tongbao.OptionError as exc:
                    print(f"{form}: cannot render ({exc}); skipped")
                    continue
                if form == "traditional":
                    data = opencc.OpenCC("s2t").convert(data.decode("utf-8")).encode("utf-8")
                path = Path(folder) / f"notice-{rows}.{fmt}"
                path.write_bytes(data)

                def read_and_audit(path: Path = path) -> object:
                    return tongbao.audit(tongbao.read_published(path))

                def read_and_import(path: Path = path) -> object:
                    return tongbao.import_published(tongbao.read_published(path))

                def base(path: Path = path, form: str = form) -> object:
                    return base_readers[form](path)

                found = tongbao.read_published(path)
                assert found.attachments[0].table is not None
                units = sum(1 for r in found.attachments[0].table.rows if r.kind == "unit")
                assert units == rows, (form, units)
                assert tongbao.audit(found) == [], form
                baseline = best(base, args.repeat, clock)
                audit = best(read_and_audit, args.repeat, clock)
                imported = best(read_and_import, args.repeat, clock)
                print(
                    f"rows={rows:>6,} {form:<12} baseline {baseline:6.3f}s  "
                    f"read+audit {audit:6.3f}s ({audit / baseline:5.1f}x)  "
                    f"read+import {imported:6.3f}s ({imported / baseline:5.1f}x)  "
                    f"(goal: under 1 s)"
                )
                if form == "pdf":

                    def pypdf_layout(path: Path = path) -> object:
                        pages = pypdf.PdfReader(path).pages
                        return [p.extract_text(extraction_mode="layout") for p in pages]

                    before = best(pypdf_layout, args.repeat, clock)
                    print(
                        f"rows={rows:>6,} {form:<12} pypdf's layout text alone (the reader "
                        f"before) {before:6.3f}s ({before / baseline:5.1f}x)"
                    )


if __name__ == "__main__":
    main()
