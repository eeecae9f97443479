"""Notice files (TOML) → :class:`~tongbao.Notice`, with every problem located.

A notice file holds the texts and options, and the units either inline
(``[[units]]``) or in a CSV/XLSX file named by ``data``. Unknown keys are errors with
a did-you-mean; wrong types name the key and its line; problems are collected so one
run reports them all.

Loading has two stages. **Parse** (:mod:`tongbao._noticefile`) turns the TOML into a
:class:`~tongbao._noticefile.NoticeFile`, a plain immutable description: every key
checked, no data file read. **Resolve** (:mod:`tongbao._resolve`) reads each data file
once for every period it serves (this one, the previous, a year ago, the year to date),
drops the excluded units in one place and builds the Notice. Neither stage depends on
the order in which its steps run: each step reads the TOML (or the description) and
returns a value. This module runs the two, from the notice file's bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from ._data import paused_gc
from ._files import read_bounded
from ._notice import Notice
from ._noticefile import _Parser
from ._resolve import Loaded, _Resolver
from ._toml import _Locator, _parse_toml
from .errors import InputError

__all__ = ["Loaded", "load", "load_with_sources", "read_notice"]

MAX_NOTICE_BYTES = 4 * 1024 * 1024
"""The largest notice file read (4 MiB)."""


def load(path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None) -> Notice:
    """Read a notice file (TOML) and the data file it names.

    Args:
        path: the notice file.
        root: when given, refuse data, comparison and font files outside this folder
            (symlinks and ``..`` resolved): for servers loading notices written by others.

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    return read_notice(path, root=root).notice


def load_with_sources(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
) -> tuple[Notice, tuple[Path, ...]]:
    """:func:`load`, and every file it read: the notice, data, comparison and font files."""
    loaded = read_notice(path, root=root)
    return loaded.notice, loaded.sources


def read_notice(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
) -> Loaded:
    """:func:`load`, and which data column was read as which figure (``check -v``), and
    every file read (:func:`load_with_sources`).

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    file = Path(path)
    name = str(file)
    raw = read_bounded(file, MAX_NOTICE_BYTES, "notice file", hint="keep the counts in a data file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            "a notice file must be UTF-8 text (save it as UTF-8)", name, f"byte {exc.start}"
        ) from None
    data = _parse_toml(text, name)
    folder = Path(root) if root is not None else None
    locate = _Locator(text)
    parsed = _Parser(name, locate, data, root=folder).parse()
    with paused_gc():  # 100,000 tallies and their checks: no cycles to collect
        loaded = _Resolver(parsed, file.parent, name, locate, root=folder).resolve()
    return attrs.evolve(loaded, sources=(file, *loaded.sources))
