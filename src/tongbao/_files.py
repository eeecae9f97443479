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
from pathlib import Path

from ._limits import file_limit
from .errors import InputError

__all__ = ["confine", "read_bounded", "regular_file"]


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
