"""The ``tongbao`` command: a thin shell over the public API.

Exit status: 0 success, 2 bad input or usage (a message on stderr, no traceback),
1 only for a bug, 3 when ``tongbao audit`` finds a disagreement.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from . import (
    AttachmentSpec,
    ColumnSpec,
    ItemSummary,
    Loaded,
    Period,
    RankKey,
    RankOn,
    Renderers,
    Tally,
    Ties,
    build_table,
    compose,
    format_rate,
    load,
    read_counts,
    read_items,
    read_notice,
    scored,
    totals,
    write_atomic,
)
from . import __name__ as _package
from .errors import (
    InputError,
    Language,
    MissingGlyphError,
    PluginWarning,
    Problem,
    RenderError,
    TongbaoError,
    chosen_language,
    located,
)
from .progress import progress
from .renderers.text import TABLE_FORMATS
from .settings import DEBUG, VARIABLES, read_environment

__all__ = ["main"]

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_FINDINGS = 0, 1, 2, 3
LANGUAGE_CHOICES = ("en", "zh", "auto")


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
    lang_help = (
        "the language of error messages: en (English), zh (中文), or auto (from the "
        "locale: LC_ALL, LC_MESSAGES, LANG); default: TONGBAO_LANG, else en"
    )
    parser.add_argument("--lang", choices=LANGUAGE_CHOICES, help=lang_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lang_option = _Parser(add_help=False)
    # SUPPRESS: a subcommand's --lang only when given, else the one before the command
    lang_option.add_argument(
        "--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=lang_help
    )
    plugin_options = _Parser(add_help=False)
    plugin_options.add_argument(
        "--no-plugins",
        action="store_true",
        help="load only the built-in formats (as TONGBAO_DISABLE_PLUGIN_AUTOLOAD=1)",
    )
    plugin_options.add_argument(
        "-p",
        "--plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="load this installed plugin even with --no-plugins (repeatable)",
    )

    root_option = _Parser(add_help=False)
    root_option.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="refuse data, comparison and font files outside DIR (symlinks and .. resolved)",
    )
    render = commands.add_parser(
        "render",
        parents=[plugin_options, root_option, lang_option],
        help="write the notice in an output format",
        description="Write the notice in an output format. Each format's options, with "
        "defaults, allowed values and help: 'tongbao formats' (or 'tongbao formats --json').",
    )
    render.add_argument("notice", type=Path, help="the notice file (.toml)")
    render.add_argument("-f", "--format", help="output format (default: from OUT's suffix)")
    render.add_argument(
        "-o", "--output", help="the file to write (default, or '-': standard output)"
    )
    render.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a renderer option (repeatable); see 'tongbao formats'",
    )
    render.add_argument(
        "--traceback",
        action="store_true",
        help="when a renderer fails, show its traceback (as TONGBAO_DEBUG=1)",
    )

    formats = commands.add_parser(
        "formats", parents=[plugin_options], help="list the output formats and their origin"
    )
    formats.add_argument("--json", action="store_true", help="print JSON")

    fonts = commands.add_parser("fonts", help="show which font the PDF uses for each role")
    fonts.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="ROLE_font_file=PATH",
        help="a font file for a role, as for 'render -f pdf' (repeatable)",
    )

    check = commands.add_parser(
        "check",
        parents=[plugin_options, root_option, lang_option],
        help="validate a notice file and its data; print every problem",
    )
    check.add_argument("notice", type=Path, help="the notice file (.toml)")
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say which data column was read as which figure",
    )
    check.add_argument(
        "--duplicates",
        type=_shown,
        default=_DUPLICATES_SHOWN,
        metavar="N|all",
        help=f"list the first N duplicates of each item log (default {_DUPLICATES_SHOWN}), or all",
    )

    imports = commands.add_parser(
        "import",
        parents=[lang_option],
        help="read a published notice (DOCX, HTML, PDF, text) into notice.toml and counts.csv",
    )
    imports.add_argument("file", type=Path, help="the published notice")
    imports.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the folder to write notice.toml and counts.csv to, made if missing "
        "(default: the current one); files there of those names are replaced",
    )
    audit = commands.add_parser(
        "audit",
        parents=[lang_option],
        help="recompute every figure of a published notice; exit 3 on a disagreement",
    )
    audit.add_argument("file", type=Path, help="the published notice (DOCX, HTML, PDF, text)")
    audit.add_argument("--json", action="store_true", help="print the findings as JSON")

    rank = commands.add_parser(
        "rank",
        parents=[root_option, lang_option],
        help="print the ranked table of a notice or a data file",
    )
    rank.add_argument("source", type=Path, help="a notice (.toml) or a data file (.csv, .xlsx)")
    rank.add_argument(
        "--by",
        choices=get_args(RankKey),
        default="rate",
        help="what to rank on (score: a scoring notice's 得分; wilson: the rate's Wilson bound)",
    )
    rank.add_argument(
        "--ties",
        choices=get_args(Ties),
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
        choices=get_args(RankOn),
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
        choices=TABLE_FORMATS,
        metavar="FORMAT",
        help="table format (default: simple): a text layout, or html or latex, which "
        f"escape names; one of {', '.join(TABLE_FORMATS)}",
    )
    return parser


def _check(args: argparse.Namespace) -> int:
    loaded = read_notice(args.notice, root=args.root)
    notice = loaded.notice
    compose(notice)
    _check_options(args, loaded)
    whole = totals(notice.tallies)
    figures = [f"{notice.period.label()}", f"{whole.units} units"]
    if whole.submitted is not None:
        figures.append(f"报送 {whole.submitted}")
    figures.append(f"采纳 {whole.adopted}")
    if whole.submitted is not None:
        figures.append(f"采纳率 {format_rate(whole.rate, 1)}")
    print(f"{args.notice}: ok — {', '.join(figures)}")
    for summary in loaded.items:
        _print_items(summary, args.duplicates)
    if args.verbose:
        for header in loaded.headers:
            print(f"{header.file}, {header.place}:")
            for line in header.explained():
                print(f"  {line}")
    return EXIT_OK


_SIDES = {
    "tallies": "this period",
    "previous": "previous",
    "year_ago": "a year ago",
    "year_to_date": "year to date",
}


def _plural(number: int, word: str, words: str | None = None) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {words or word + 's'}"


_DUPLICATES_SHOWN = 20
"""The duplicates ``check`` lists of a log unless asked for more (a year's log of a
province can hold tens of thousands)."""


def _shown(value: str) -> int | None:
    """``--duplicates``: a number of duplicates to list, or ``all`` (``None``)."""
    if value == "all":
        return None
    if not value.isdigit() or not value.isascii():
        raise argparse.ArgumentTypeError(f"{value!r} is no number of duplicates (or all)")
    return int(value)


def _print_items(summary: ItemSummary, shown: int | None = _DUPLICATES_SHOWN) -> None:
    """What an item log gave the notice: counts, items not counted, duplicates (the
    first ``shown`` of them; ``None``: all)."""
    print(f"{summary.source}: {_plural(summary.items, 'item')} read")
    for field, period, number in summary.counted:
        print(f"  {period.label()} ({_SIDES.get(field, field)}): {number} counted")
    labels = ", ".join(p.label() for p in summary.periods)
    print(f"  {_plural(summary.outside, 'item')} outside {labels}: not counted")
    if summary.added:
        print(f"  not in the unit list, added: {'、'.join(summary.added)}")
    what = {
        "list": "each counted",
        "count_once": f"counted once: {_plural(summary.not_counted, 'copy', 'copies')} not counted",
        "error": "refused",
    }[summary.mode]
    print(f"  {_plural(len(summary.duplicates), 'duplicate')} ({what})")
    for duplicate in summary.duplicates[:shown]:
        similar = summary.similarities(duplicate)
        kind = "exact" if duplicate.exact else "near; similarity to the first"
        print(f"    {duplicate.unit}, {kind}:")
        for item, alike in zip(duplicate.items, similar, strict=True):
            place = f"  {item.place}" if item.place else ""
            score = "" if duplicate.exact else f"  {float(alike):.2f}"
            print(f"      {item.submitted_on.isoformat()}{place}  {item.title}{score}")
    more = len(summary.duplicates) - (len(summary.duplicates) if shown is None else shown)
    if more > 0:
        print(f"    … and {more} more: tongbao check --duplicates all lists them")


def _check_options(args: argparse.Namespace, loaded: Loaded) -> None:
    """Hold ``[options.FORMAT]`` to the options each format declares (plugins' too)."""
    if not loaded.notice.options:
        return
    problems = _renderers(args).option_problems(loaded.notice.options)
    if problems:
        file = str(args.notice)
        raise InputError(
            Problem.of("option.invalid", located(file, loaded.place(p), _path(p)), detail=m)
            for p, m in problems
        )


def _path(key: str) -> tuple[str, ...]:
    return tuple(key.split("."))


def _tallies_for_rank(args: argparse.Namespace) -> list[Tally]:
    source: Path = args.source
    if source.suffix.lower() == ".toml":
        if args.period or args.sheet:
            raise _UsageError("--period and --sheet are for data files; the notice names its own")
        notice = load(source, root=args.root)
        return scored(notice.tallies, notice.scoring, notice.quota)
    period = None
    if args.period:
        try:
            period = Period.parse(args.period)
        except ValueError as exc:
            raise _UsageError(f"--period: {exc}") from None
    try:
        log = read_items(source, sheet=args.sheet, root=args.root)
    except InputError as exc:
        if all(p.code in _NOT_ITEMS for p in exc.problems):
            return read_counts(source, period, sheet=args.sheet, root=args.root)
        raise
    if period is None:
        raise _UsageError("--period: an item log holds items of any month; name the period")
    return log.counts().tallies(period)


_NOT_ITEMS = ("items.tally_file", "items.no_header")
"""read_items' refusals of a file that is no item log: it is read as tallies."""


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
            shown = "、".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise InputError.of("rank.no_group", str(args.source), units=shown)
    columns: tuple[ColumnSpec, ...] = ()
    held = all(t.submitted is not None for t in tallies)  # 报送数: not in every data file
    if not held and (args.by in ("rate", "submitted", "wilson") or args.min_submitted):
        what = f"--by {args.by}" if args.by != "score" else "--min-submitted"
        raise InputError.of("rank.needs_submitted", str(args.source), option=what)
    if not held:
        columns = tuple(ColumnSpec(f) for f in ("rank", "unit", "adopted"))
    if args.by == "score":
        if any(t.score is None for t in tallies):
            raise InputError.of("rank.no_scores", str(args.source))
        figures = ("rank", "unit", "submitted", "adopted", "score")
        columns = tuple(ColumnSpec(f) for f in figures if held or f != "submitted")
    spec = AttachmentSpec(
        title="排名",
        columns=columns,
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


def _import(args: argparse.Namespace) -> int:
    from . import import_published, read_published  # noqa: PLC0415

    imported = import_published(read_published(args.file))
    folder: Path = args.output
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise InputError.of("import.output_folder", str(folder), reason=reason) from None
    for name, data in imported.files.items():
        write_atomic(folder / name, data)
    for finding in imported.findings:
        print(f"note: {finding}", file=sys.stderr)
    whole = totals(imported.notice.tallies)
    print(
        f"{folder / 'notice.toml'}: {imported.notice.period.label()}, {whole.units} units, "
        f"报送 {whole.submitted}, 采纳 {whole.adopted}, 采纳率 {format_rate(whole.rate, 1)}"
    )
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from . import audit, read_published  # noqa: PLC0415

    findings = audit(read_published(args.file))
    if args.json:
        records = [finding.as_dict() for finding in findings]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        count = len(findings)
        print(
            f"{args.file}: {count} finding{'s' if count != 1 else ''}"
            if count
            else f"{args.file}: every figure agrees"
        )
    return EXIT_FINDINGS if findings else EXIT_OK


def _renderers(args: argparse.Namespace) -> Renderers:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        renderers = Renderers(autoload=False if args.no_plugins else None, plugins=args.plugin)
    for problem in renderers.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return renderers


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise _UsageError(f"--option {pair!r}: expected KEY=VALUE")
        options[key.strip()] = value
    return options


def _render(args: argparse.Namespace) -> int:
    options = _options(args.option)
    to_stdout = args.output in (None, "-")
    renderers = _renderers(args)
    if args.format:
        name = renderers.get_format(args.format).name
    elif to_stdout:
        raise _UsageError("give the format with -f FORMAT when writing to standard output")
    else:
        name = renderers.for_suffix(Path(args.output).suffix).name
    loaded = read_notice(args.notice, root=args.root)
    notice, sources = loaded.notice, loaded.sources
    fonts = [Path(v) for k, v in options.items() if k.endswith("_file") and v.strip()]
    if not to_stdout:
        _refuse_overwriting_inputs(Path(args.output), [*sources, *fonts])
    data = renderers.render(notice, name, **options)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(args.output), data)
    return EXIT_OK


def _refuse_overwriting_inputs(output: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output that is one of the files the notice reads (or links to one)."""
    for source in inputs:
        try:
            same = output.exists() and output.samefile(source)  # both follow symlinks
        except (OSError, ValueError):  # ValueError: a NUL in a path
            continue
        if same:
            raise _UsageError(
                f"-o {output}: that is {source}, which this notice reads; "
                "refusing to write over an input"
            )


def _formats(args: argparse.Namespace) -> int:
    renderers = _renderers(args)
    listed = [renderers[name] for name in renderers]
    if args.json:
        records = [
            {
                "name": f.name,
                "suffix": f.suffix,
                "media_type": f.media_type,
                "builtin": f.provider.builtin,
                "plugin": None if f.provider.builtin else f.provider.plugin,
                "distribution": f.provider.distribution,
                "version": f.provider.version,
                "options": None if f.options is None else [o.as_dict() for o in f.options],
            }
            for f in listed
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return EXIT_OK
    import tabulate  # noqa: PLC0415 - only when printing the table

    rows = [(f.name, f.suffix, f.media_type, str(f.provider)) for f in listed]
    print(tabulate.tabulate(rows, headers=["format", "suffix", "media type", "from"]))
    for f in listed:
        print(f"\n{f.name} options (--option KEY=VALUE, or [options.{f.name}] in a notice):")
        if f.options is None:
            print("  (not declared by the renderer)")
            continue
        if not f.options:
            print("  none")
        for option in f.options:
            default = option.default
            shown = str(default).lower() if isinstance(default, bool) else repr(default)
            print(f"  {option.name} = {shown}  ({option.allowed()}): {option.help}")
    return EXIT_OK


_ROLE_NAMES = {
    "title": "标题 小标宋",
    "body": "正文 仿宋",
    "heading": "标题 黑体",
    "kai": "标题 楷体",
    "page_number": "页码 宋体",
}


def _fonts(args: argparse.Namespace) -> int:
    import tabulate  # noqa: PLC0415

    from .renderers.fonts import ROLES, choose_fonts  # noqa: PLC0415

    options = _options(args.option)
    files = {}
    for key, value in options.items():
        role = key.removesuffix("_font_file")
        if role not in ROLES or not key.endswith("_font_file"):
            known = ", ".join(f"{r}_font_file" for r in ROLES)
            raise _UsageError(f"--option {key}: expected one of {known}")
        files[role] = value
    rows = []
    for role, choice in choose_fonts(files).items():
        where = str(choice.path) if choice.path else "STSong-Light (built in, not embedded)"
        rows.append((role, _ROLE_NAMES[role], where, choice.chosen_by))
    print(tabulate.tabulate(rows, headers=["role", "", "font", "from"]))
    return EXIT_OK


_signals: list[int] = []
"""Signals received by this process; libraries may turn the SystemExit into another error."""


def _terminate(signum: int, _frame: object) -> None:
    # SystemExit unwinds like an exception, so the output's temporary file is removed.
    _signals.append(signum)
    raise SystemExit(128 + signum)


def _tolerant_streams() -> None:
    """Let text the terminal cannot encode print as escapes rather than crash.

    With ``PYTHONIOENCODING=ascii`` or a non-UTF-8 locale, Chinese names in ``check`` and
    ``rank`` output would raise UnicodeEncodeError; ``\\u5408`` is legible and lossless.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    _tolerant_streams()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        status = _run(argv)
    except BaseException:
        if _signals:  # whatever a library made of the SystemExit: we were told to stop
            return 128 + _signals[-1]
        raise
    return 128 + _signals[-1] if _signals else status


def _debug(argv: Sequence[str] | None) -> bool:
    """Show a failing renderer's traceback: ``--traceback`` or ``TONGBAO_DEBUG=1``."""
    given = sys.argv[1:] if argv is None else argv
    try:
        flag = read_environment(ignore=frozenset(VARIABLES) - {DEBUG}).debug
    except TongbaoError:
        flag = True  # TONGBAO_DEBUG=maybe: someone asked for more, not less
    return flag or "--traceback" in given


def _language(args: argparse.Namespace | None) -> Language:
    """``--lang``, else ``TONGBAO_LANG``, else English; ``auto`` asks the locale."""
    return chosen_language(getattr(args, "lang", None))


_FOUND = {
    "en": lambda n: f"{n} problem{'s' if n != 1 else ''} found",
    "zh": lambda n: f"共发现 {n} 个问题",
}


def _run(argv: Sequence[str] | None) -> int:
    args = None
    try:
        args = _parser().parse_args(argv)
        handler = {
            "check": _check,
            "rank": _rank,
            "render": _render,
            "formats": _formats,
            "fonts": _fonts,
            "import": _import,
            "audit": _audit,
        }[args.command]
        if args.command in ("check", "render"):  # a line on a terminal when they run long
            with progress(f"{_package} {args.command} {args.notice}"):
                return handler(args)
        return handler(args)
    except InputError as exc:
        lang = _language(args)
        label = "错误" if lang == "zh" else "error"
        for problem in exc.problems:
            print(f"{label}: {problem.text(lang, located=True)}", file=sys.stderr)
        if isinstance(exc, MissingGlyphError) and exc.hint:
            print(f"{'提示' if lang == 'zh' else 'hint'}: {exc.hint}", file=sys.stderr)
        print(_FOUND[lang](len(exc.problems)), file=sys.stderr)
        return EXIT_INPUT
    except RenderError as exc:
        if _signals:
            raise
        # A renderer failed inside: the input was checked, so this is a bug, not bad input.
        if _debug(argv):
            traceback.print_exception(exc.__cause__ or exc)
        print(f"error: {exc}", file=sys.stderr)
        if not _debug(argv):
            print(
                "(run with --traceback, or TONGBAO_DEBUG=1, to see where it failed)",
                file=sys.stderr,
            )
        print(f"{_package}: internal error (a bug): please report it", file=sys.stderr)
        return EXIT_BUG
    except TongbaoError as exc:
        if _signals:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        if _signals:
            raise  # not a bug: a library turned our SystemExit into this
        traceback.print_exc()
        print(f"{_package}: internal error (a bug): please report it", file=sys.stderr)
        return EXIT_BUG
