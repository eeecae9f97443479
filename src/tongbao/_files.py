"""Reading input files safely: bounded, regular files only, optionally inside one folder.

Every file tongbao reads from a user (a notice, its data and comparison files, font
files) comes through :func:`read_bounded`: a FIFO or a device is refused before it is
read (``check /dev/zero`` or a named pipe would otherwise read forever or hang), no more
than the limit is ever read (the size is checked while reading, not from ``stat``,
which a growing or special file can misstate), and with a ``root`` the file must lie
inside that folder once symlinks and ``..`` are resolved.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import attrs

from ._limits import file_limit
from .errors import InputError

__all__ = ["Input", "Source", "confine", "read_bounded", "read_input", "regular_file"]


def confine(path: Path, root: Path | None, what: str) -> None:
    """Refuse ``path`` unless it lies inside ``root`` (symlinks and ``..`` resolved).

    Raises:
        InputError: ``path`` resolves to somewhere outside ``root``.
    """
    if root is None:
        return
    try:
        real = path.resolve()
        inside = root.resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL
        raise InputError.of("file.unresolvable", str(path), what=what, reason=str(exc)) from None
    if not real.is_relative_to(inside):
        # Say only where it points, never what it holds.
        raise InputError.of("file.outside_root", str(path), what=what, root=repr(str(root)))


def regular_file(path: Path, what: str) -> None:
    """Refuse ``path`` unless it is a regular file (not a FIFO, device or folder).

    Raises:
        InputError: it is missing, unreadable or not a regular file.
    """
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = str(getattr(exc, "strerror", None) or exc)
        raise InputError.of("file.unreadable", str(path), what=what, reason=reason) from None
    if not stat.S_ISREG(mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise InputError.of("file.not_regular", str(path), what=what, kind=kind)


def read_bounded(
    path: Path, limit: int, what: str, *, root: Path | None = None, hint: str = ""
) -> bytes:
    """The bytes of the regular file ``path``, refusing it when longer than ``limit``.

    ``limit`` is tightened by the ``file_bytes`` of the :class:`~tongbao.Limits` of the
    load in progress, if any.

    The file is opened without blocking (a FIFO swapped in after the check cannot hang
    the read) and checked again on the open descriptor; at most ``limit + 1`` bytes
    are read.

    Raises:
        InputError: the file is missing, not a regular file, outside ``root``, or
            longer than ``limit`` bytes; the message names the file.
    """
    limit = file_limit(limit)
    name = str(path)
    if "\x00" in name:
        raise InputError.of("file.nul_in_path", name.replace("\x00", "\\0"), what=what)
    confine(path, root, what)
    regular_file(path, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise InputError.of("file.unreadable", name, what=what, reason=reason) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise InputError.of("file.swapped", name, what=what)
        chunks: list[bytes] = []
        size = 0
        # The size the file says it has read at once (one copy of it held, not the
        # pieces and their join), then on to the end, never past the limit.
        step = max(status.st_size + 1, 1 << 20)
        while size <= limit:
            chunk = os.read(fd, min(step, limit + 1 - size))
            step = 1 << 20
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise InputError.of("file.unreadable", name, what=what, reason=reason) from None
    finally:
        os.close(fd)
    if size > limit:
        hint = hint or "refusing to read it"
        raise InputError.of("file.too_large", name, what=what, limit=f"{limit:,}", hint=hint)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""What a loader takes: a path (``str`` or path-like), the file's bytes, or a binary
file object (an upload's ``.file``, ``open(…, "rb")``, ``io.BytesIO``)."""


@attrs.frozen
class Input:
    """A file's bytes as read, with the name every message shows and its kind."""

    data: bytes = attrs.field(repr=False)
    name: str
    """The display name: the path as given, or the caller's ``name=``."""
    kind: str
    path: Path | None = None
    """Where it is on disk, when it was given as a path (relative files are beside it)."""


def read_input(
    source: Source | Input,
    limit: int,
    what: str,
    *,
    kind: str | None,
    name: str | None,
    kinds: Mapping[str, str],
    root: Path | None = None,
    hint: str = "",
) -> Input:
    """``source`` read, bounded, with its display name and kind.

    Args:
        source: a path (read through :func:`read_bounded`), bytes, or a binary file
            object (read up to ``limit`` + 1 bytes, never more).
        limit: the most bytes accepted, tightened by the active :class:`~tongbao.Limits`.
        what: what the file is, for messages (``"data file"``).
        kind: the file's kind; required for bytes and file objects, whose name may say
            anything. Only a path given without a kind has it from its suffix.
        name: the name messages show (default: the path as given, else ``<what>``);
            an upload's temporary path never needs to appear.
        kinds: each suffix (``.csv``) and the kind it means; the kinds accepted are
            its values.

    Raises:
        InputError: too large, unreadable, a file object open in text mode, no kind or
            an unknown kind; the message names the file by its display name.
    """
    if isinstance(source, Input):
        return source
    accepted = sorted(set(kinds.values()))
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        shown = name or str(path)
        try:
            data = read_bounded(path, limit, what, root=root, hint=hint)
        except InputError as exc:
            if name is None:
                raise
            raise InputError(
                p._replace(location=p.location._replace(file=shown)) for p in exc.problems
            ) from None
        found = kind or kinds.get(path.suffix.lower())
        if found is None:
            raise InputError.of(
                "file.unknown_type",
                shown,
                what=what,
                suffix=repr(path.suffix or "(none)"),
                expected=" or ".join(f".{k}" for k in accepted),
            )
        _check_kind(found, accepted, what, shown)
        return Input(data, shown, found, path)
    shown = name or f"<{what}>"
    if kind is None:
        raise InputError.of("file.kind_needed", shown, what=what, kinds=", ".join(accepted))
    _check_kind(kind, accepted, what, shown)
    limit = file_limit(limit)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif callable(getattr(source, "read", None)):
        data = _read_stream(source, limit, what, shown)
    else:
        raise InputError.of("file.wrong_source", shown, what=what, kind=type(source).__name__)
    if len(data) > limit:
        hint = hint or "refusing to read it"
        raise InputError.of("file.too_large", shown, what=what, limit=f"{limit:,}", hint=hint)
    return Input(data, shown, kind)


def _check_kind(kind: str, accepted: Sequence[str], what: str, shown: str) -> None:
    if kind not in accepted:
        raise InputError.of(
            "file.unknown_kind", shown, kind=repr(kind), what=what, expected=" or ".join(accepted)
        )


def _read_stream(stream: BinaryIO, limit: int, what: str, shown: str) -> bytes:
    """At most ``limit + 1`` bytes of ``stream``, in chunks: a huge upload is never held."""
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            # Typed as bytes, but a caller may hand over a text-mode file all the same.
            chunk: object = stream.read(min(1 << 20, limit + 1 - size))
            if isinstance(chunk, str):
                raise InputError.of("file.text_mode", shown, what=what)
            if not isinstance(chunk, (bytes, bytearray, memoryview)):
                raise InputError.of(
                    "file.read_not_bytes", shown, what=what, kind=type(chunk).__name__
                )
            if not chunk:
                break
            chunks.append(bytes(chunk))
            size += len(chunk)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise InputError.of("file.unreadable", shown, what=what, reason=reason) from None
    except (ValueError, TypeError) as exc:  # a closed file; a read() of another kind
        raise InputError.of("file.unreadable", shown, what=what, reason=str(exc)) from None
    return b"".join(chunks)
