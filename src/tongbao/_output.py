"""Writing output files atomically: the only place tongbao writes a file.

The bytes go to a new temporary file in the target's folder, are flushed to disk, and
the temporary file is renamed over the target. A failure at any point leaves the old
file as it was and no temporary file behind. On Linux the temporary file has no name
until it is complete (``O_TMPFILE``), so even a killed process leaves nothing behind.
Only regular files are replaced: a device or FIFO is written through, a symlink's
target is replaced and the link kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from .errors import OutputError

__all__ = ["OutputError", "target_of", "write_atomic"]


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _temporary_name(folder: Path) -> Path:
    # Short whatever the target's name: a name near the 255-byte limit still gets one.
    return folder / f".tongbao-{secrets.token_hex(8)}.tmp"


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
    temporary = _temporary_name(folder)
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
    temporary = _temporary_name(folder)
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


def _write_through(path: Path, data: bytes) -> None:
    """Write to a character device or FIFO as it is: it is never replaced by a file."""
    # Non-blocking open: a FIFO nobody reads is an error (ENXIO), not a hang.
    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def target_of(path: Path) -> Path:
    """Where writing ``path`` writes: a symlink's final target, else ``path`` itself."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:  # a name too long, a folder we may not read: writing it will say so
        return path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, or not at all.

    Only a regular file or a missing path is replaced (atomically). A symlink is
    followed and its target replaced, the link kept; a character device or FIFO
    (``/dev/null``, ``/dev/stdout``, a named pipe with a reader) is written through,
    never replaced. Anything else (a folder, a block device, a socket) is refused.

    Raises:
        OutputError: the file could not be written; ``path`` is unchanged.
    """
    try:
        try:
            mode = path.stat().st_mode  # what the path leads to, through any symlinks
        except FileNotFoundError:
            mode = None
        if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            # Opened by its own name: /dev/stdout leads to this process's fd 1, which
            # resolving the link by name (/proc/self/fd/pipe:[…]) would not.
            _write_through(path, data)
            return
        target = target_of(path)
        if mode is not None and not stat.S_ISREG(mode):
            raise OutputError(f"cannot write {path}: it is not a regular file")
        if not _unnamed(target.parent, target, data):
            _named(target.parent, target, data)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write {path}: no process reads this pipe") from None
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
