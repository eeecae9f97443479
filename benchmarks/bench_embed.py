"""Throughput of a service: renders per second serially, in threads and in processes.

Rendering is CPU-bound Python, so threads share one interpreter lock and add little;
processes each have their own. The same jobs (the seed notice, DOCX and PDF
alternately) run three ways in one run, and each way is reported as renders per second
and as a ratio to the serial baseline:

- serial: one loop in this process (the baseline);
- threads: a ThreadPoolExecutor of ``--threads`` workers sharing one Renderers;
- processes: a ProcessPoolExecutor of ``--processes`` workers, each making its own
  Renderers once (the initializer) and warming it up; the notice goes to the worker
  pickled and the bytes come back.

    python benchmarks/bench_embed.py --jobs 60 --threads 8 --processes 2 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import tongbao

SEED = Path(__file__).resolve().parent.parent / "examples" / "chengzhong-2018-03-04"
FORMATS = ("docx", "pdf")

_WORKER: tongbao.Renderers | None = None


def _start_worker() -> None:
    """Each worker process's one Renderers, made and warmed before the first job."""
    global _WORKER  # noqa: PLW0603 - one registry per worker process, by design
    _WORKER = tongbao.Renderers(autoload=False)
    _WORKER.warm_up()


def _render_in_worker(notice: tongbao.Notice, fmt: str) -> bytes:
    assert _WORKER is not None
    return tongbao.render(notice, fmt, renderers=_WORKER)


def _time(run: Callable[[], list[bytes]]) -> tuple[float, list[bytes]]:
    start = time.perf_counter()
    results = run()
    return time.perf_counter() - start, results


def _pooled(
    pool: Executor,
    fn: Callable[[tongbao.Notice, str], bytes],
    jobs: list[str],
    notice: tongbao.Notice,
) -> list[bytes]:
    return list(pool.map(fn, [notice] * len(jobs), jobs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=60, help="renders per way (default 60)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args()

    notice = tongbao.load(SEED / "notice.toml")
    jobs = [FORMATS[i % len(FORMATS)] for i in range(args.jobs)]
    renderers = tongbao.Renderers(autoload=False)
    renderers.warm_up()

    def serial() -> list[bytes]:
        return [tongbao.render(notice, fmt, renderers=renderers) for fmt in jobs]

    def threads() -> list[bytes]:
        with ThreadPoolExecutor(args.threads) as pool:
            return list(
                pool.map(lambda fmt: tongbao.render(notice, fmt, renderers=renderers), jobs)
            )

    with ProcessPoolExecutor(args.processes, initializer=_start_worker) as pool:
        pool.submit(os.getpid).result()  # the workers are started and warm before timing
        for _ in range(args.processes * 2):
            pool.submit(_render_in_worker, notice, "text").result()

        def processes() -> list[bytes]:
            return _pooled(pool, _render_in_worker, jobs, notice)

        ways = {
            "serial": serial,
            f"{args.threads} threads": threads,
            f"{args.processes} processes": processes,
        }
        best = dict.fromkeys(ways, float("inf"))
        expected = serial()
        # The ways take turns, so a disturbance (a busy machine) falls on each alike.
        for _ in range(args.repeat):
            for name, run in ways.items():
                seconds, results = _time(run)
                assert results == expected, f"{name}: different bytes"  # same output every way
                best[name] = min(best[name], seconds)

    print(f"{args.jobs} renders (DOCX and PDF alternately), {os.cpu_count()} CPUs")
    print(f"  best of {args.repeat} turns each")
    for name, seconds in best.items():
        ratio = best["serial"] / seconds
        print(f"  {name:<12} {args.jobs / seconds:6.1f} renders/s  {ratio:5.2f}x serial")


if __name__ == "__main__":
    main()
