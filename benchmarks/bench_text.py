"""The text notice on many units, composing included, against a bare tabulate call.

The baseline is what any text renderer must at least do: one tabulate call over the
table's cells, taken from the resolved document. Ours starts from the notice, so the
ratio counts composing (every figure and sentence) as well as drawing.

    python benchmarks/bench_text.py --units 10000
"""

from __future__ import annotations

import argparse
import datetime
import random

import tabulate
from _timing import best

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Renderers, Tally

PERIOD = Period.parse("2018-03/2018-04")


def make_notice(units: int) -> Notice:
    rnd = random.Random(20180510)
    tallies = []
    for i in range(units):
        submitted = rnd.randint(0, 60)
        tallies.append(Tally(f"第{i}单位办事处", PERIOD, submitted, rnd.randint(0, submitted)))
    return Notice(
        title="关于信息报送情况的通报",
        issuer="区政府办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=tallies,
        body=["{period}共报送{submitted}条。"],
        attachment=AttachmentSpec(title="统计表", order="rate"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    renderers = Renderers(autoload=False)
    for units in args.units:
        document = tongbao.compose(make_notice(units))
        table = document.attachments[0].table
        cells = [list(row.cells) for row in table.rows]
        headers = [c.heading for c in table.columns]

        def baseline(cells: list[list[str]] = cells, headers: list[str] = headers) -> str:
            return tabulate.tabulate(cells, headers=headers, disable_numparse=True)

        notice = make_notice(units)

        def ours(notice: Notice = notice) -> bytes:
            return renderers.render(notice, "text")

        base = best(baseline, args.repeat)
        mine = best(ours, args.repeat)
        print(
            f"units={units:>6,}  tabulate {base:6.3f}s  compose+text {mine:6.3f}s  "
            f"ratio {mine / base:5.2f}x   (goal: at most 1.2x)"
        )


if __name__ == "__main__":
    main()
