"""Writing output files atomically: the only place tongbao writes a file.

The bytes go to a new temporary file in the target's folder, are flushed to disk, and
the temporary file is renamed over the target. A failure at any point leaves the old
file as it was and no temporary file behind.
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


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, or not at all.

    Raises:
        OutputError: the file could not be written; ``path`` is unchanged.
    """
    folder = path.parent
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        # 0o666 lets the umask decide the final permissions, as for any new file.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
