"""The documentation's examples run, and say what tongbao does.

Every command shown in README.md, docs/*.md and examples/*/README.md runs here, in a
sandbox holding a copy of examples/ and tests/bad/ plus the seed notice as notice.toml:
``sh`` blocks line by line (``cd`` moves within the sandbox), ``$`` lines of the CLI
page with their shown output, and inline ``tongbao …``/``python …`` commands. A command
with placeholders (``NOTICE.toml``, ``FORMAT``) is a synopsis: its subcommand and every
option it shows must be in ``--help``. Installing commands are checked for what they
name; CI runs them for real.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT

DOCS = ROOT / "docs"
PAGES = [
    ROOT / "README.md",
    *sorted(DOCS.glob("*.md")),
    ROOT / "examples" / "README.md",
    *sorted((ROOT / "examples").glob("*/README.md")),
]
PLACEHOLDER = re.compile(r"[A-Z]{2,}|[\[…|]|\bN\b|\bP\b|\bS\b")


def python_blocks(name: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / name).read_text("utf-8"), re.S)


def shown_commands() -> list[tuple[str, list[str]]]:
    """(where, commands) for each sh block and each inline command of every page."""
    shown = []
    for page in PAGES:
        text = page.read_text("utf-8")
        where = str(page.relative_to(ROOT))
        for number, block in enumerate(re.findall(r"```sh\n(.*?)```", text, re.S), 1):
            lines = [re.split(r"\s+#\s", line)[0].strip() for line in block.splitlines()]
            shown.append((f"{where} sh block {number}", [line for line in lines if line]))
        for command in re.findall(r"`((?:tongbao|python) [^`]*)`", text):
            shown.append((f"{where}: `{command}`", [command.replace("\\|", "|")]))
    return shown


SHOWN = shown_commands()


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "tests" / "bad", tmp_path / "tests" / "bad")
    for name in ("notice.toml", "counts.csv"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path


def tongbao(words: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tongbao", *words], capture_output=True, text=True, cwd=cwd
    )


def docs_command() -> str:
    """The README's command that builds the site, which .ci/run finds and runs as it is."""
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    pattern = re.search(r"grep -o '(.+?)' README\.md", ci)
    assert pattern is not None
    assert 'eval "$docs_command"' in ci
    shown = re.findall(pattern[1], (ROOT / "README.md").read_text("utf-8"))
    assert len(shown) == 1
    return str(shown[0]).strip("`")


def check_install(words: list[str]) -> None:
    """``python -m pip install TARGET …``: each target is an extra of ours or a project."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    for target in (w for w in words[4:] if not w.startswith("-")):
        path, _, extra = target.partition("[")
        assert (ROOT / path / "pyproject.toml").is_file(), target
        for name in filter(None, extra.rstrip("]").split(",")):
            assert name in extras, f"{target}: no extra {name!r} in pyproject.toml"


def check_synopsis(words: list[str], cwd: Path) -> None:
    """A command with placeholders: the subcommand exists and knows every option shown."""
    subcommand = [w for w in words[1:2] if not PLACEHOLDER.search(w)]
    result = tongbao([*subcommand, "--help"], cwd)
    assert result.returncode == 0, result.stderr
    for option in re.findall(r"(?<![\w-])--?[a-z][\w-]*", " ".join(words[1:])):
        assert option in result.stdout, f"{option} is not in `tongbao {words[1]} --help`"


def check_markers(words: list[str]) -> None:
    """``python -m pytest -m EXPR``: every marker EXPR names is registered in pyproject."""
    options = words[3:]
    if "-m" not in options:
        return
    expression = options[options.index("-m") + 1]
    ini = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]
    registered = {line.split(":")[0] for line in ini["ini_options"]["markers"]}
    named = set(re.findall(r"\w+", expression)) - {"not", "and", "or"}
    assert named <= registered, f"-m {expression!r}: no marker {named - registered}"


def run(command: str, cwd: Path) -> Path:
    """Run one shown command in the sandbox; the folder the next one runs in."""
    for part in (p.strip() for p in command.split("&&")):
        words = shlex.split(part)
        if words[0] == "cd":
            cwd = cwd / words[1]
            assert cwd.is_dir(), part
        elif words[:4] == ["python", "-m", "pip", "install"]:
            check_install(words)
        elif words[:3] == ["python", "-m", "pytest"]:
            check_markers(words)  # this is it: not run again, but what it selects exists
        elif words[0] in ("sphinx-build", "python") and words[:3] != ["python", "-m", "tongbao"]:
            # The documentation build: .ci/run runs the README's docs command as shown.
            assert part in docs_command(), f"{part!r}: neither tongbao nor the docs build"
        else:
            if words[0] == "python":
                words = words[2:]
            assert words[0] == "tongbao", part
            named_only = words[1:2] in (["check"], ["render"], ["rank"]) and all(
                w.startswith("-") for w in words[2:]
            )
            if PLACEHOLDER.search(" ".join(words[1:])) or named_only:
                check_synopsis(words, cwd)  # `tongbao check -v` in prose: an option named
                continue
            if len(words) == 1:
                words.append("--help")
            result = tongbao(words[1:], cwd)
            assert result.returncode == 0, f"{part}\n{result.stderr}"
            for word in words:
                if re.fullmatch(r"[\w-]+\.(docx|pdf|txt|html)", word):
                    assert (cwd / word).stat().st_size > 0, word
    return cwd


@pytest.mark.slow
@pytest.mark.parametrize(("where", "commands"), SHOWN, ids=[w for w, _ in SHOWN])
def test_every_shown_command_runs(where: str, commands: list[str], sandbox: Path) -> None:
    cwd = sandbox
    for command in commands:
        cwd = run(command, cwd)


def test_the_pages_show_commands() -> None:
    pages = {where.split(" ")[0].rstrip(":") for where, _ in SHOWN}
    assert {"README.md", "docs/cli.md", "docs/tutorial.md", "examples/README.md"} <= pages


@pytest.mark.slow
@pytest.mark.parametrize(
    "code", python_blocks("tutorial.md"), ids=lambda c: c.strip().splitlines()[-1][:40]
)
def test_tutorial_code_runs(code: str) -> None:
    exec(compile(code, "docs/tutorial.md", "exec"), {})


@pytest.mark.parametrize(
    "code", python_blocks("embedding.md"), ids=lambda c: c.strip().splitlines()[-1][:40]
)
@pytest.mark.slow
def test_embedding_code_runs(code: str) -> None:
    exec(compile(code, "docs/embedding.md", "exec"), {})


def test_readme_code_runs() -> None:
    for code in re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S):
        exec(compile(code, "README.md", "exec"), {})


@pytest.mark.slow
def test_the_cli_page_shows_real_output(sandbox: Path) -> None:
    page = (DOCS / "cli.md").read_text("utf-8")
    sessions = re.findall(r"^\$ (.+)\n((?:(?!\$ |```).*\n)*)", page, re.M)
    assert len(sessions) >= 2
    for command, shown in sessions:
        result = tongbao(shlex.split(command)[1:], sandbox)
        real = (result.stdout + result.stderr).strip().splitlines()
        expected = shown.strip().splitlines()
        assert len(real) == len(expected), (command, real)
        for line, want in zip(real, expected, strict=True):
            pattern = ".*".join(re.escape(piece) for piece in want.split("…"))
            assert re.fullmatch(pattern, line), (command, line, want)


def test_the_cli_page_lists_every_rank_by_value() -> None:
    from tongbao.cli import _parser

    page = (DOCS / "cli.md").read_text("utf-8")
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    by = next(a for a in commands["rank"]._actions if a.dest == "by")
    assert by.choices
    listed = re.search(r"--by ([a-z\\|]+)\]", page)
    assert listed is not None
    assert listed[1].split("\\|") == list(by.choices)
    for choice in by.choices:
        assert f"`{choice}`" in page


def test_the_document_fields_on_the_plugins_page_are_current() -> None:
    sys.path.insert(0, str(DOCS))
    try:
        from make_fields import page_with_table
    finally:
        sys.path.remove(str(DOCS))
    page = (DOCS / "plugins.md").read_text("utf-8")
    assert page_with_table(page) == page, "run: python docs/make_fields.py"
    import attrs

    from tongbao import document

    for name in document.__all__:
        cls = getattr(document, name)
        for field in attrs.fields(cls) if attrs.has(cls) else ():
            assert f"| `{field.name}` |" in page, f"{name}.{field.name}"


def test_the_entry_point_toml_in_hookspecs_is_valid() -> None:
    from tongbao import hookspecs

    doc = hookspecs.__doc__ or ""
    block = doc.split(".. code-block:: toml", 1)[1].split(".. code-block::", 1)[0]
    parsed = tomllib.loads(textwrap.dedent(block))
    assert parsed["project"]["entry-points"]["tongbao"] == {"html": "tongbao_html"}
