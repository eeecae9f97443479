"""Mutation check of the PDF layout: change each layout constant, run the tests, count kills.

Each mutant is one change in a copy of ``src/`` (the worktree is never touched): a
numeric layout constant of the PDF renderer (``renderers/pdf/*.py``, ``renderers/_layout.py``,
module level, a ``PageGeometry`` field, a value of ``PAGE_OPTIONS`` or ``COLUMN_WEIGHTS``)
multiplied by 1.1, or a change to the output-suffix handling (``-o NOTICE.PDF``) or to
``target_of``. The tests that guard each are run with the copy first on ``sys.path``;
a mutant is killed when they fail. Not run in CI: it takes minutes.

    python benchmarks/mutate_layout.py            # every mutant
    python benchmarks/mutate_layout.py --list     # what would be mutated
    python benchmarks/mutate_layout.py --only CHART_ROW PageGeometry.top
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(os.environ.get("TONGBAO_MUTATE_ROOT") or Path(__file__).resolve().parent.parent)
"""The checkout whose src/, tests/ and examples/ are copied (another one, e.g. an older
commit's, to count what its tests kill)."""
SRC = ROOT / "src"
PDF_FILES = [
    *sorted((SRC / "tongbao/renderers/pdf").glob("*.py")),
    SRC / "tongbao/renderers/_layout.py",
]
PDF_TESTS = ["tests/test_pdf.py", "tests/test_layout.py"]
SECOND_TESTS = ["tests/test_docx.py"]
"""Run when a mutant of a shared constant survives the PDF tests."""
OUTPUT_TESTS = ["tests/test_pdf.py", "tests/test_output.py", "tests/test_cli.py"]
NO_TESTS = 5
"""pytest's exit status when no test was selected: nothing failed."""
QUICK = "to_the_point or standard_puts or takes_its_share or upper_case or chain_of_links"
"""The tests that read the layout's numbers, run before the rest."""
NOT_LAYOUT = {"WIDTH_CACHE", "HEADING_KEPT", "CHARS_PER_LINE"}
"""Numeric constants left alone: a cache's size (no output depends on it), and counts
whose change by 10% is no integer (mutated by hand: see the report in the issue)."""
DICTS = {"PAGE_OPTIONS", "COLUMN_WEIGHTS"}


@dataclass(frozen=True)
class Mutant:
    name: str
    file: Path
    old: str
    new: str
    tests: tuple[str, ...]
    line: int
    start: int = -1
    """Where ``old`` starts in the file; -1: its first occurrence."""


def _number(node: ast.expr) -> bool:
    """An expression of numbers and names, no call: ``4 * MM``, ``16.0``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return all(
            isinstance(n, ast.Constant | ast.Name | ast.Attribute | ast.BinOp)
            for n in (node.left, node.right)
        ) and any(_number(n) for n in (node.left, node.right))
    return False


def _segment(text: str, node: ast.expr) -> tuple[int, int]:
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: node.lineno - 1]) + node.col_offset
    end = sum(len(line) for line in lines[: node.end_lineno - 1]) + node.end_col_offset  # type: ignore[operator]
    return start, end


def layout_mutants() -> list[Mutant]:
    found = []
    for path in PDF_FILES:
        text = path.read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            pairs: list[tuple[str, ast.expr]] = []
            if isinstance(node, ast.Assign | ast.AnnAssign):
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                if isinstance(target, ast.Name) and node.value is not None:
                    name = target.id
                    if name in DICTS and isinstance(node.value, ast.Dict):
                        for key, value in zip(node.value.keys, node.value.values, strict=True):
                            if isinstance(key, ast.Constant) and _number(value):
                                pairs.append((f"{name}[{key.value}]", value))
                    elif name.isupper() and name not in NOT_LAYOUT and _number(node.value):
                        pairs.append((name, node.value))
            elif isinstance(node, ast.ClassDef) and node.name == "PageGeometry":
                for item in node.body:
                    if (
                        isinstance(item, ast.AnnAssign)
                        and isinstance(item.target, ast.Name)
                        and item.value is not None
                        and _number(item.value)
                    ):
                        pairs.append((f"PageGeometry.{item.target.id}", item.value))
            for name, value in pairs:
                start, end = _segment(text, value)
                old = text[start:end]
                found.append(
                    Mutant(name, path, old, f"({old}) * 1.1", tuple(PDF_TESTS), value.lineno, start)
                )
    return found


def output_mutants() -> list[Mutant]:
    plugins = SRC / "tongbao/_plugins.py"
    output = SRC / "tongbao/_output.py"
    tests = tuple(OUTPUT_TESTS)
    return [
        Mutant(
            "for_suffix: the suffix as typed",
            plugins,
            "f.suffix.lower() == suffix.lower()",
            "f.suffix.lower() == suffix",
            tests,
            0,
        ),
        Mutant(
            "target_of: a symlink not followed",
            output,
            "return Path(os.path.realpath(path)) if path.is_symlink() else path",
            "return path",
            tests,
            0,
        ),
        Mutant(
            "target_of: one link followed, not the chain",
            output,
            "return Path(os.path.realpath(path)) if path.is_symlink() else path",
            "return path.parent / path.readlink() if path.is_symlink() else path",
            tests,
            0,
        ),
    ]


def run(mutant: Mutant, copy: Path, tests: tuple[str, ...], basetemp: Path) -> bool:
    """Whether ``tests`` fail with ``mutant`` applied to the copy (the mutant is killed)."""
    target = copy / mutant.file.relative_to(SRC)
    original = target.read_text(encoding="utf-8")
    if mutant.start >= 0:
        if original[mutant.start : mutant.start + len(mutant.old)] != mutant.old:
            raise SystemExit(f"{mutant.name}: {mutant.old!r} is not at its place in {target}")
        end = mutant.start + len(mutant.old)
        changed = original[: mutant.start] + mutant.new + original[end:]
    elif mutant.old in original:
        changed = original.replace(mutant.old, mutant.new, 1)
    else:
        raise SystemExit(f"{mutant.name}: {mutant.old!r} not found in {mutant.file}")
    target.write_text(changed, encoding="utf-8")
    for cached in target.parent.glob("__pycache__"):
        shutil.rmtree(cached)
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--basetemp={basetemp}",
                *tests,
            ],
            cwd=copy.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        target.write_text(original, encoding="utf-8")
    return result.returncode not in (0, NO_TESTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--only", nargs="*", default=None, help="mutant names to run")
    args = parser.parse_args()
    mutants = layout_mutants() + output_mutants()
    if args.only:
        mutants = [m for m in mutants if m.name in args.only]
    if args.list:
        for mutant in mutants:
            print(f"{mutant.name:45} {mutant.file.relative_to(ROOT)}:{mutant.line}  {mutant.new}")
        print(f"{len(mutants)} mutants")
        return
    survivors = []
    with tempfile.TemporaryDirectory(prefix="tongbao-mutants-") as scratch:
        # src, tests and examples copied as they are now: editing them meanwhile is safe
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
        for part in ("src", "tests", "examples"):
            shutil.copytree(ROOT / part, Path(scratch) / part, ignore=ignore)
        shutil.copy(ROOT / "pyproject.toml", Path(scratch) / "pyproject.toml")
        copy = Path(scratch) / "src"
        for number, mutant in enumerate(mutants, start=1):
            basetemp = Path(scratch) / "pytest"
            # the page-geometry tests first: most mutants fail there within seconds
            killed = run(mutant, copy, ("-k", QUICK, *mutant.tests), basetemp)
            killed = killed or run(mutant, copy, mutant.tests, basetemp)
            if not killed and mutant.file.name == "_layout.py":
                killed = run(mutant, copy, tuple(SECOND_TESTS), basetemp)
            print(f"[{number}/{len(mutants)}] {'killed  ' if killed else 'SURVIVED'} {mutant.name}")
            sys.stdout.flush()
            if not killed:
                survivors.append(mutant.name)
    print(f"{len(mutants) - len(survivors)} of {len(mutants)} mutants killed")
    if survivors:
        print("survived: " + ", ".join(survivors))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
