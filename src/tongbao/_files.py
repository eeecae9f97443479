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
from .errors import InputError, Location, Problem

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
        raise InputError.at(f"cannot resolve the {what}'s path: {exc}", str(path)) from None
    if not real.is_relative_to(inside):
        # Say only where it points, never what it holds.
        raise InputError.at(
            f"the {what} is outside the allowed folder {str(root)!r}; "
            "refusing to read it (--root / root=)",
            str(path),
        )


def regular_file(path: Path, what: str) -> None:
    """Refuse ``path`` unless it is a regular file (not a FIFO, device or folder).

    Raises:
        InputError: it is missing, unreadable or not a regular file.
    """
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise InputError.at(
            f"cannot read the {what}: {getattr(exc, 'strerror', None) or exc}", str(path)
        ) from None
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
        raise InputError.at(f"the {what} is {kind}, not a regular file", str(path))


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
        raise InputError.at(f"the {what}'s path holds a NUL character", name.replace("\x00", "\\0"))
    confine(path, root, what)
    regular_file(path, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError.at(f"cannot read the {what}: {exc.strerror or exc}", name) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError.at(f"the {what} is not a regular file", name)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError.at(f"cannot read the {what}: {exc.strerror or exc}", name) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError.at(
            f"the {what} is more than the {limit:,} bytes allowed; {hint or 'refusing to read it'}",
            name,
        )
    return b"".join(chunks)


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
                Problem(Location(shown, p.location.place), p.message) for p in exc.problems
            ) from None
        found = kind or kinds.get(path.suffix.lower())
        if found is None:
            raise InputError.at(
                f"unknown {what} type {path.suffix or '(none)'!r}; expected "
                + " or ".join(f".{k}" for k in accepted),
                shown,
            )
        _check_kind(found, accepted, what, shown)
        return Input(data, shown, found, path)
    shown = name or f"<{what}>"
    if kind is None:
        raise InputError.at(
            f"the {what} was given as bytes or a file object: give its kind= "
            f"({', '.join(accepted)}), which its name is not trusted to say",
            shown,
        )
    _check_kind(kind, accepted, what, shown)
    limit = file_limit(limit)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif callable(getattr(source, "read", None)):
        data = _read_stream(source, limit, what, shown)
    else:
        raise InputError.at(
            f"cannot read the {what} from {type(source).__name__}: give a path, bytes or "
            "a binary file object",
            shown,
        )
    if len(data) > limit:
        raise InputError.at(
            f"the {what} is more than the {limit:,} bytes allowed; {hint or 'refusing to read it'}",
            shown,
        )
    return Input(data, shown, kind)


def _check_kind(kind: str, accepted: Sequence[str], what: str, shown: str) -> None:
    if kind not in accepted:
        raise InputError.at(
            f"kind={kind!r} is not a kind of {what} tongbao reads; expected "
            f"{' or '.join(accepted)}",
            shown,
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
                raise InputError.at(
                    f"the {what} is open in text mode; open it in binary mode ('rb') "
                    "or pass its bytes",
                    shown,
                )
            if not isinstance(chunk, (bytes, bytearray, memoryview)):
                raise InputError.at(
                    f"cannot read the {what}: its read() gave {type(chunk).__name__}, not bytes",
                    shown,
                )
            if not chunk:
                break
            chunks.append(bytes(chunk))
            size += len(chunk)
    except OSError as exc:
        raise InputError.at(f"cannot read the {what}: {exc.strerror or exc}", shown) from None
    except (ValueError, TypeError) as exc:  # a closed file; a read() of another kind
        raise InputError.at(f"cannot read the {what}: {exc}", shown) from None
    return b"".join(chunks)
