"""The progress line of long commands: drawn on a terminal only, erased, never on a pipe."""

from __future__ import annotations

import fcntl
import io
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from typing import TextIO

import pytest

import tongbao
from tongbao import cli
from tongbao import progress as _progress
from tongbao.progress import progress

from .conftest import EXAMPLE

NOTICE = str(EXAMPLE / "notice.toml")


@pytest.fixture
def terminal() -> Iterator[tuple[int, TextIO]]:
    """A pseudo-terminal of 80 columns: its reading end, and a text stream writing to it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    stream = os.fdopen(slave, "w", encoding="utf-8")
    yield master, stream
    stream.close()
    os.close(master)


def shown(master: int, wait: float = 1.0) -> str:
    """What reached the terminal (a pty hands data on asynchronously: wait for it)."""
    data = b""
    while select.select([master], [], [], wait)[0]:
        chunk = os.read(master, 65536)
        if not chunk:
            break
        data += chunk
        wait = 0.2
    return data.decode("utf-8")


@pytest.mark.slow
def test_a_long_block_shows_its_label_and_time_then_erases_it(
    terminal: tuple[int, TextIO],
) -> None:
    master, stream = terminal
    with progress("tongbao render notice.toml", stream=stream, delay=0.05):
        time.sleep(1.3)
    text = shown(master)
    assert "tongbao render notice.toml: 00:01" in text  # counted from the start
    # The last thing written blanks the line and returns to its start.
    last = text.rsplit("\r", 2)[-2]
    assert last.strip() == ""
    assert len(last) >= len("tongbao render notice.toml: 00:01")
    assert text.endswith("\r")


@pytest.mark.slow
def test_a_short_block_writes_nothing(terminal: tuple[int, TextIO]) -> None:
    master, stream = terminal
    with progress("tongbao check notice.toml", stream=stream, delay=1.0):
        time.sleep(0.1)
    assert shown(master, wait=0.3) == ""


@pytest.mark.slow
def test_nothing_is_written_where_standard_error_is_no_terminal() -> None:
    stream = io.StringIO()
    with progress("tongbao render notice.toml", stream=stream, delay=0.0):
        time.sleep(0.5)
    assert stream.getvalue() == ""


@pytest.mark.slow
def test_a_pipe_gets_nothing_and_tqdm_is_not_even_imported() -> None:
    code = (
        "import sys, time\n"
        "from tongbao.progress import progress\n"
        "with progress('tongbao render x', delay=0.0):\n"
        "    time.sleep(0.5)\n"
        "print('tqdm' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
    assert result.stderr == ""


def _slow_compose(notice: tongbao.Notice) -> tongbao.document.Document:
    time.sleep(1.2)
    return tongbao.compose(notice)


@pytest.mark.slow
def test_tongbao_check_runs_long_under_a_line_on_a_terminal(
    terminal: tuple[int, TextIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    master, stream = terminal
    monkeypatch.setattr(_progress, "DELAY", 0.05)
    monkeypatch.setattr(cli, "compose", _slow_compose)
    monkeypatch.setattr(sys, "stderr", stream)
    # A short relative path: the line is cut at the terminal's 80 columns, and the
    # checkout's own folder may be long.
    monkeypatch.chdir(EXAMPLE)
    assert cli.main(["check", "notice.toml"]) == 0
    assert "tongbao check notice.toml: 00:01" in shown(master)


@pytest.mark.slow
def test_tongbao_check_runs_long_silently_on_a_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    monkeypatch.setattr(cli, "compose", _slow_compose)
    assert cli.main(["check", NOTICE]) == 0
    out, err = capsys.readouterr()
    assert "ok" in out
    assert err == ""
