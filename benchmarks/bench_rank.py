"""Time rank() and totals() against plain-Python baselines measured in the same run.

Baseline for rank: ``sorted()`` on the float key ``adopted / submitted`` followed by one
pass that assigns competition ranks. Baseline for totals: two ``sum()`` over the
tallies. Also shown, for reference: the exact alternatives (``cmp_to_key`` with
cross-multiplication, ``Fraction`` keys). Prints the best of N runs and the ratios.

    python benchmarks/bench_rank.py            # 100,000 and 1,000,000 tallies
    python benchmarks/bench_rank.py --sizes 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import functools
import random
from fractions import Fraction

from _timing import best

import tongbao
from tongbao import Period, Tally, Unit

PERIOD = Period.parse("2018-03/2018-04")


def make_tallies(n: int, seed: int = 20180510) -> list[Tally]:
    rnd = random.Random(seed)
    units = [Unit(f"单位{i}") for i in range(n)]
    out = []
    for unit in units:
        submitted = rnd.randint(0, 60)
        out.append(Tally(unit, PERIOD, submitted, rnd.randint(0, submitted)))
    return out


def baseline_rank(tallies: list[Tally]) -> list[tuple[int, Tally]]:
    rated = [t for t in tallies if t.submitted]
    ordered = sorted(rated, key=lambda t: t.adopted / t.submitted, reverse=True)
    out = []
    previous = None
    place = 0
    for position, tally in enumerate(ordered, start=1):
        key = tally.adopted / tally.submitted
        if key != previous:
            place, previous = position, key
        out.append((place, tally))
    return out


def cmp_rank(tallies: list[Tally]) -> list[Tally]:
    def cmp(a: Tally, b: Tally) -> int:
        left, right = a.adopted * b.submitted, b.adopted * a.submitted
        return (left < right) - (left > right)

    return sorted((t for t in tallies if t.submitted), key=functools.cmp_to_key(cmp))


def fraction_rank(tallies: list[Tally]) -> list[Tally]:
    return sorted(
        (t for t in tallies if t.submitted),
        key=lambda t: Fraction(t.adopted, t.submitted),
        reverse=True,
    )


def baseline_totals(tallies: list[Tally]) -> tuple[int, int]:
    return sum(t.submitted for t in tallies), sum(t.adopted for t in tallies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reference", action="store_true", help="also time cmp_to_key and Fraction"
    )
    args = parser.parse_args()
    for n in args.sizes:
        report(n, args.repeat, args.reference)


def report(n: int, repeat: int, reference: bool) -> None:
    tallies = make_tallies(n)
    # Same results first: the exact ranking equals the float baseline on small counts.
    ours = [(e.rank, e.tally) for e in tongbao.rank(tallies) if e.rank is not None]
    assert ours == baseline_rank(tallies)
    base = best(lambda: baseline_rank(tallies), repeat)
    mine = best(lambda: tongbao.rank(tallies), repeat)
    tbase = best(lambda: baseline_totals(tallies), repeat)
    tmine = best(lambda: tongbao.totals(tallies), repeat)
    print(f"n={n:>9,}")
    print(f"  rank    baseline {base:7.3f}s  tongbao {mine:7.3f}s  ratio {mine / base:5.2f}x")
    print(f"  totals  baseline {tbase:7.3f}s  tongbao {tmine:7.3f}s  ratio {tmine / tbase:5.2f}x")
    if reference:
        cmp_time = best(lambda: cmp_rank(tallies), 1)
        frac_time = best(lambda: fraction_rank(tallies), 1)
        print(
            f"  reference: cmp_to_key {cmp_time:.3f}s ({cmp_time / base:.2f}x), "
            f"Fraction keys {frac_time:.3f}s ({frac_time / base:.2f}x)"
        )


if __name__ == "__main__":
    main()
