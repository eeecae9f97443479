"""Cold ``import tongbao`` against ``import attrs, pluggy``, measured in the same run.

Each sample is a fresh interpreter (``python -X importtime`` would measure one
process only), alternating the two commands; the median and the fastest of N runs are reported, with
the bare interpreter's start-up subtracted from both. Bytecode caching is on for the
runs (as for any installed package), whatever PYTHONDONTWRITEBYTECODE says.

    python benchmarks/bench_import.py --runs 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "bare": "pass",
    "attrs+pluggy": "import attrs, pluggy",
    "tongbao": "import tongbao",
}


# Installed packages have their bytecode cached; let tongbao's be cached too, or the
# comparison would time compiling tongbao's source against loading attrs' bytecode.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for code in COMMANDS.values():
        once(code)  # warm-up: writes missing bytecode caches
    for _ in range(args.runs):
        for name, code in COMMANDS.items():
            samples[name].append(once(code))
    for label, pick in (("median", statistics.median), ("fastest", min)):
        value = {name: pick(times) for name, times in samples.items()}
        bare = value["bare"]
        base = value["attrs+pluggy"] - bare
        ours = value["tongbao"] - bare
        print(
            f"{label:8}  start-up {bare * 1000:5.1f} ms (subtracted)  "
            f"attrs+pluggy {base * 1000:5.1f} ms  tongbao {ours * 1000:5.1f} ms  "
            f"ratio {ours / base:4.2f}x   (goal: at most 1.2x)"
        )


if __name__ == "__main__":
    main()
