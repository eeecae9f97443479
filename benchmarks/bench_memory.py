"""Peak memory of each format at many units, against composing alone, in the same run.

Each measurement runs in a fresh process (peak resident memory is per process): the
baseline builds and composes the notice; each format then also renders it. Issue 14's
goal: every format under 300 MB at 100,000 units.

    python benchmarks/bench_memory.py --units 100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CHILD = """
import resource, sys, time
sys.path.insert(0, {here!r})
from bench_text import make_notice
import tongbao
notice = make_notice({units})
fmt = {fmt!r}
start = time.perf_counter()
if fmt == "compose":
    tongbao.compose(notice)
    size = 0
else:
    size = len(tongbao.render(notice, fmt, renderers=tongbao.Renderers(autoload=False)))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, size, time.perf_counter() - start)
"""


def measure(fmt: str, units: int) -> tuple[float, int, float]:
    """Peak resident MiB, output bytes and seconds of one render in a fresh process."""
    code = CHILD.format(here=str(Path(__file__).parent), units=units, fmt=fmt)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    peak, size, seconds = result.stdout.split()
    return float(peak), int(size), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[100_000])
    parser.add_argument("--formats", nargs="+", default=["text", "docx", "pdf"])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    records = []
    for units in args.units:
        base, _, _ = measure("compose", units)
        for fmt in args.formats:
            peak, size, seconds = measure(fmt, units)
            records.append(
                {
                    "units": units,
                    "format": fmt,
                    "peak_mib": round(peak, 1),
                    "compose_only_mib": round(base, 1),
                    "ratio": round(peak / base, 2),
                    "output_bytes": size,
                    "seconds": round(seconds, 1),
                }
            )
            if not args.json:
                print(
                    f"{units:>7} units  {fmt:<5} peak {peak:7.1f} MiB  "
                    f"(compose only {base:6.1f} MiB, x{peak / base:.2f})  "
                    f"{size:>11,} bytes  {seconds:6.1f} s",
                    flush=True,
                )
    if args.json:
        print(json.dumps(records, indent=2))


if __name__ == "__main__":
    main()
