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
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

import attrs

from ._data import paused_gc
from ._files import Source, read_input
from ._limits import Limits, check_notice, limited
from ._notice import Notice
from ._noticefile import _Parser
from ._resolve import Loaded, _Resolver
from ._toml import _Locator, _parse_toml
from .errors import InputError

__all__ = ["Loaded", "load", "load_with_sources", "loads", "read_notice"]

MAX_NOTICE_BYTES = 4 * 1024 * 1024
"""The largest notice file read (4 MiB)."""


def load(
    source: Source,
    *,
    kind: str | None = None,
    name: str | None = None,
    root: str | os.PathLike[str] | None = None,
    files: Mapping[str, bytes | BinaryIO] | None = None,
    limits: Limits | None = None,
    allow_databases: bool | None = None,
) -> Notice:
    """Read a notice file (TOML) and the data files it names.

    Args:
        source: the notice file: a path (``str`` or path-like), its bytes, or a binary
            file object. Its data files are beside it on disk when it is a path, and in
            ``files`` otherwise.
        kind: ``"toml"``, the only kind of notice file (the default).
        name: the notice's name in every message (default: the path as given, else
            ``<notice file>``).
        root: when given, refuse data, comparison and font files outside this folder
            (symlinks and ``..`` resolved): for servers loading notices written by others.
        files: the data files by the name the notice gives them (``data =
            "counts.csv"``): bytes or binary file objects, their kind from that name's
            suffix. When given (always, for a notice given as bytes or a file object),
            nothing is read from disk, and a notice naming a font file is refused.
        limits: a :class:`~tongbao.Limits` to hold the notice and its files to.
        allow_databases: whether the notice may read its items from a database
            (``data = { url = … }``). By default a notice read from a path may, and
            one given as bytes, a file object, with ``files`` or under ``root`` may
            not: a server must not let a posted notice open databases.

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    return read_notice(
        source,
        kind=kind,
        name=name,
        root=root,
        files=files,
        limits=limits,
        allow_databases=allow_databases,
    ).notice


def loads(
    text: str,
    *,
    files: Mapping[str, bytes | BinaryIO] | None = None,
    name: str | None = None,
    limits: Limits | None = None,
    allow_databases: bool = False,
) -> Notice:
    """A notice from its TOML text, its data files handed over with it.

    ``data = "counts.csv"`` in the text names ``files["counts.csv"]``; nothing is read
    from disk. ``tongbao.loads(toml_text, files={"counts.csv": b"..."},
    name="notice.toml")``.

    Args:
        text: the notice file's text.
        files: the data files by name (bytes or binary file objects), their kind from
            the name's suffix (``.csv``, ``.xlsx``).
        name: the notice's name in every message (default ``<notice file>``).
        limits: a :class:`~tongbao.Limits` to hold the notice and its files to.
        allow_databases: let the notice read its items from the database its ``data
            = { url = … }`` or ``url_env`` names. Off by default: a notice posted to a
            server is refused, with its line, when it names a database.

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    if not isinstance(text, str):
        raise InputError.of("toml.not_text", name or "<notice file>", kind=type(text).__name__)
    shown = name or "<notice file>"
    bound = MAX_NOTICE_BYTES if limits is None else min(MAX_NOTICE_BYTES, limits.file_bytes)
    if len(text) > bound:  # every character is at least a byte: refused before encoding
        raise InputError.of(
            "file.too_large",
            shown,
            what="notice file",
            limit=f"{bound:,}",
            hint="keep the counts in a data file",
        )
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate
        raise InputError.of("toml.not_unicode", shown, f"character {exc.start + 1}") from None
    return load(
        raw,
        kind="toml",
        name=shown,
        files=files or {},
        limits=limits,
        allow_databases=allow_databases,
    )


def load_with_sources(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
) -> tuple[Notice, tuple[Path, ...]]:
    """:func:`load`, and every file it read: the notice, data, comparison and font files."""
    loaded = read_notice(path, root=root)
    return loaded.notice, loaded.sources


def read_notice(
    source: Source,
    *,
    kind: str | None = None,
    name: str | None = None,
    root: str | os.PathLike[str] | None = None,
    files: Mapping[str, bytes | BinaryIO] | None = None,
    limits: Limits | None = None,
    allow_databases: bool | None = None,
) -> Loaded:
    """:func:`load`, and which data column was read as which figure (``check -v``), and
    every file read (:func:`load_with_sources`).

    Raises:
        InputError: every problem found, each with the file and the line or cell.
    """
    folder = Path(root) if root is not None else None
    with limited(limits):
        given = read_input(
            source,
            MAX_NOTICE_BYTES,
            "notice file",
            kind=kind or "toml",
            name=name,
            kinds={".toml": "toml"},
            hint="keep the counts in a data file",
        )
        name = given.name
        try:
            text = given.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError.of("toml.not_utf8", name, f"byte {exc.start}") from None
        data = _parse_toml(text, name)
        if given.path is None and files is None:
            files = {}  # a notice from bytes or a stream: its files come with it, or not at all
        locate = _Locator(text)
        parsed = _Parser(name, locate, data, root=folder, on_disk=files is None).parse()
        beside = given.path.parent if given.path is not None else Path()
        if allow_databases is None:
            allow_databases = files is None and folder is None
        with paused_gc():  # 100,000 tallies and their checks: no cycles to collect
            loaded = _Resolver(
                parsed,
                beside,
                name,
                locate,
                root=folder,
                given=files,
                allow_databases=allow_databases,
            ).resolve()
    if limits is not None:
        check_notice(loaded.notice, limits)
    own = (given.path,) if given.path is not None else ()
    return attrs.evolve(loaded, sources=(*own, *loaded.sources))
