"""A progress line on standard error while a long command runs (``tongbao render``, ``check``).

When a command takes longer than :data:`DELAY` seconds, a line on standard error names
it and counts the time elapsed (``tongbao render notice.toml: 00:03``), redrawn a few
times a second and erased when the command ends, so its own messages and output are
untouched. Nothing at all is written when standard error is not a terminal (a pipe, a
file, a CI log) or when the command ends sooner. tqdm draws the line (it sizes and
erases it on every terminal, Windows' included); it is imported only when a line is
drawn, so neither ``import tongbao`` nor a short command loads it.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from typing import TextIO

__all__ = ["DELAY", "progress"]

DELAY = 2.0
"""Seconds a command runs before its progress line appears."""
INTERVAL = 0.25
"""Seconds between redraws of the line."""


@contextlib.contextmanager
def progress(
    label: str, *, stream: TextIO | None = None, delay: float | None = None
) -> Iterator[None]:
    """Show ``label`` and the time elapsed on ``stream`` while the block runs long.

    Args:
        label: what runs: ``tongbao render notice.toml``.
        stream: where the line goes (default: standard error); it must be a terminal.
        delay: seconds before the line appears (default: :data:`DELAY`).
    """
    out = sys.stderr if stream is None else stream
    if not _is_terminal(out):
        yield
        return
    done = threading.Event()
    wait = DELAY if delay is None else delay
    line = threading.Thread(target=_draw, args=(label, out, wait, done, time.time()), daemon=True)
    line.start()
    try:
        yield
    finally:
        done.set()
        line.join()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _draw(label: str, stream: TextIO, delay: float, done: threading.Event, started: float) -> None:
    """Wait ``delay`` seconds; then draw the line until ``done``, and erase it."""
    if done.wait(delay):
        return
    from tqdm import tqdm  # noqa: PLC0415 - only when a line is drawn

    # Created with a delay, tqdm draws nothing yet; the first refresh below counts
    # from when the command started, and without the delay close() erases the line.
    bar = tqdm(desc=label, bar_format="{desc}: {elapsed}", file=stream, leave=False, delay=1)
    bar.start_t = started
    bar.delay = 0
    try:
        bar.refresh()
        while not done.wait(INTERVAL):
            bar.refresh()
    finally:
        bar.close()
