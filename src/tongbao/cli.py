"""The ``tongbao`` command: a thin shell over the public API.

Exit status: 0 success, 2 bad input or usage (a message on stderr, no traceback),
1 only for a bug.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __name__ as _package
from ._compose import build_table, compose
from ._data import read_counts
from ._load import load
from ._model import Tally
from ._notice import AttachmentSpec
from ._numfmt import format_rate
from ._period import Period
from ._stats import totals
from .errors import InputError, TongbaoError

__all__ = ["main"]

EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2


class _UsageError(TongbaoError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tongbao",
        description="Information-submission notices (信息报送情况通报): check, rank, render.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="validate a notice file and its data; print every problem"
    )
    check.add_argument("notice", type=Path, help="the notice file (.toml)")

    rank = commands.add_parser("rank", help="print the ranked table of a notice or a data file")
    rank.add_argument("source", type=Path, help="a notice (.toml) or a data file (.csv, .xlsx)")
    rank.add_argument(
        "--by", choices=("rate", "adopted", "submitted"), default="rate", help="what to rank on"
    )
    rank.add_argument(
        "--ties",
        choices=("competition", "dense"),
        default="competition",
        help="shared places: competition 1,2,2,4 or dense 1,2,2,3",
    )
    rank.add_argument(
        "--min-submitted",
        type=int,
        default=0,
        metavar="N",
        help="leave units with fewer items submitted unranked",
    )
    rank.add_argument("--group", action="store_true", help="rank within each group")
    rank.add_argument(
        "--rank-on",
        choices=("exact", "shown"),
        default="exact",
        help="compare exact rates, or rates as printed (equal printed rates tie)",
    )
    rank.add_argument("--places", type=int, default=0, help="decimals of the printed rates")
    rank.add_argument(
        "--period", help="the period of a data file without a 月份 column: 2018-03/2018-04"
    )
    rank.add_argument("--sheet", help="the workbook sheet to read (default: the first)")
    rank.add_argument(
        "--format",
        default="simple",
        dest="tablefmt",
        help="tabulate table format (default: simple)",
    )
    return parser


def _check(args: argparse.Namespace) -> int:
    notice = load(args.notice)
    compose(notice)
    whole = totals(notice.tallies)
    print(
        f"{args.notice}: ok — {notice.period.label()}, {whole.units} units, "
        f"报送 {whole.submitted}, 采纳 {whole.adopted}, 采纳率 {format_rate(whole.rate, 1)}"
    )
    return EXIT_OK


def _tallies_for_rank(args: argparse.Namespace) -> list[Tally]:
    source: Path = args.source
    if source.suffix.lower() == ".toml":
        if args.period or args.sheet:
            raise _UsageError("--period and --sheet are for data files; the notice names its own")
        return list(load(source).tallies)
    period = None
    if args.period:
        try:
            period = Period.parse(args.period)
        except ValueError as exc:
            raise _UsageError(f"--period: {exc}") from None
    return read_counts(source, period, sheet=args.sheet)


def _rank(args: argparse.Namespace) -> int:
    from .renderers.text import format_table  # noqa: PLC0415 - tabulate only when printing

    if args.min_submitted < 0:
        raise _UsageError("--min-submitted must be 0 or more")
    if not 0 <= args.places <= 4:
        raise _UsageError("--places must be from 0 to 4")
    tallies = _tallies_for_rank(args)
    if args.group:
        missing = [t.unit.name for t in tallies if t.unit.group is None]
        if missing:
            raise InputError.at(
                f"--group needs a group (类别) for every unit; none for {'、'.join(missing[:5])}"
                + (" …" if len(missing) > 5 else ""),
                str(args.source),
            )
    spec = AttachmentSpec(
        title="排名",
        order=args.by,
        ties=args.ties,
        min_submitted=args.min_submitted,
        rank_on=args.rank_on,
        rate_places=args.places,
        grouped=args.group,
        total=True,
    )
    print(format_table(build_table(tallies, spec), args.tablefmt))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    try:
        args = _parser().parse_args(argv)
        handler = {"check": _check, "rank": _rank}[args.command]
        return handler(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return EXIT_INPUT
    except TongbaoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        traceback.print_exc()
        print(f"{_package}: internal error (a bug): please report it", file=sys.stderr)
        return EXIT_BUG
