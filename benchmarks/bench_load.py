"""Time tongbao.load() of a 100,000-unit CSV notice against a plain csv.reader + int loop.

Baseline, measured in the same run over the same file: ``csv.reader`` over the decoded
text and ``int()`` of both counts of every row, collected into a list of tuples — the
least any loader must do. The goal (issue #19) is a ratio of at most 8. Peak memory of
each (tracemalloc, Python allocations) is reported too.

    python benchmarks/bench_load.py                 # 100,000 units
    python benchmarks/bench_load.py --units 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
from pathlib import Path

from _timing import best, peak

import tongbao

NOTICE = """\
title = "关于2018年3-4月份政府门户网站信息报送情况的通报"
issuer = "西宁市城中区人民政府办公室"
date = 2018-05-10
period = "2018-03/2018-04"
body = ["{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"]
data = "counts.csv"

[attachment]
title = "3-4月网站信息报送情况统计表"
order = "rate"
"""


def write(folder: Path, units: int, seed: int = 20180510) -> Path:
    rnd = random.Random(seed)
    lines = ["序号,单位,类别,报送数,采纳数"]
    for i in range(units):
        submitted = rnd.randint(0, 60)
        group = "镇街" if i % 3 else "部门"
        lines.append(f"{i + 1},城中区第{i + 1}单位,{group},{submitted},{rnd.randint(0, submitted)}")
    (folder / "counts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    notice = folder / "notice.toml"
    notice.write_text(NOTICE, encoding="utf-8")
    return notice


def baseline(path: Path) -> list[tuple[str, int, int]]:
    text = path.read_bytes().decode("utf-8")
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows)
    return [(row[1], int(row[3]), int(row[4])) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        notice = write(Path(folder), args.units)
        data = Path(folder) / "counts.csv"
        assert len(tongbao.load(notice).tallies) == len(baseline(data)) == args.units
        # Interleaved, so a busy machine slows both alike; the best run of each counts.
        base, loaded = float("inf"), float("inf")
        for _ in range(args.repeat):
            base = min(base, best(lambda: baseline(data), 1))
            loaded = min(loaded, best(lambda: tongbao.load(notice), 1))
        base_peak = peak(lambda: baseline(data))
        load_peak = peak(lambda: tongbao.load(notice))
    print(f"{args.units:,} units, best of {args.repeat} (interleaved)")
    print(f"  csv.reader + int loop  {base:8.3f} s   peak {base_peak / 2**20:7.1f} MiB")
    print(f"  tongbao.load           {loaded:8.3f} s   peak {load_peak / 2**20:7.1f} MiB")
    print(f"  ratio                  {loaded / base:8.1f}x (goal: at most 8x)")


if __name__ == "__main__":
    main()
