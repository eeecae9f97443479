"""Writing output files atomically: the only place tongbao writes a file.

The bytes go to a new temporary file in the target's folder, are flushed to disk, and
the temporary file is renamed over the target. A failure at any point leaves the old
file as it was and no temporary file behind. On Linux the temporary file has no name
until it is complete (``O_TMPFILE``), so even a killed process leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from .errors import TongbaoError

__all__ = ["OutputError", "write_atomic"]


class OutputError(TongbaoError):
    """The output file could not be written (folder missing or read-only, disk full)."""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _unnamed(folder: Path, path: Path, data: bytes) -> bool:
    """Write through an unnamed O_TMPFILE, link it under a temporary name, rename it.

    Returns False where the system has no O_TMPFILE, so the caller uses a named file.
    """
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return False
    try:
        fd = os.open(folder, flag | os.O_WRONLY, 0o666)
    except OSError:
        return False  # the file system does not support it (e.g. some network mounts)
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        _write_all(fd, data)
        # With a directory fd, os.link uses linkat(AT_SYMLINK_FOLLOW), which gives the
        # unnamed file a name; plain link() would try to link the /proc symlink itself.
        root = os.open("/", os.O_RDONLY)
        try:
            os.link(f"/proc/self/fd/{fd}", temporary, src_dir_fd=root, follow_symlinks=True)
        finally:
            os.close(root)
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    try:
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return True


def _named(folder: Path, path: Path, data: bytes) -> None:
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    # 0o666 lets the umask decide the final permissions, as for any new file.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, or not at all.

    Raises:
        OutputError: the file could not be written; ``path`` is unchanged.
    """
    try:
        if not _unnamed(path.parent, path, data):
            _named(path.parent, path, data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
