"""The DOCX package written with fixed times and modes, the body streamed into it."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

_PI = "tongbao-body"


class _FixedZipWriter:
    """python-docx's physical-package writer interface (``write``, ``close``) over a zip
    whose entries have fixed times, modes and origin, with the body spliced into
    ``word/document.xml`` and the parts named in ``replaced`` written as given (the
    font table, the styles made once per process): one compression pass,
    byte-identical output. The body is encoded and compressed piece by piece (a table
    row at a time), never joined."""

    def __init__(
        self,
        when: datetime.datetime,
        body: Iterable[str | Iterable[str]],
        replaced: Mapping[str, bytes],
    ) -> None:
        self.stamp = (
            max(when.year, 1980),
            when.month,
            when.day,
            when.hour,
            when.minute,
            when.second,
        )
        self.body = body
        self.replaced = replaced
        self.out = io.BytesIO()
        self.zip = zipfile.ZipFile(self.out, "w", zipfile.ZIP_DEFLATED)
        self.spliced = False

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.create_system = 3
        entry.external_attr = 0o644 << 16
        return entry

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        blob = self.replaced.get(name, blob)
        if name != "word/document.xml":
            self.zip.writestr(self._entry(name), blob)
            return
        marker = f"<?{_PI} here?>".encode()
        if blob.count(marker) != 1:
            raise AssertionError("the body's marker is missing from document.xml")
        before, _, after = blob.partition(marker)
        # writestr's deflate level, so the bytes are those of the joined body.
        with self.zip.open(self._entry(name), "w") as stream:
            stream.write(before)
            pending: list[bytes] = []
            size = 0
            for piece in self.body:
                for text in (piece,) if isinstance(piece, str) else piece:
                    chunk = text.encode("utf-8")
                    pending.append(chunk)
                    size += len(chunk)
                    if size >= 1 << 20:  # hand deflate a MiB at a time
                        stream.write(b"".join(pending))
                        pending, size = [], 0
            stream.write(b"".join(pending))
            stream.write(after)
        self.spliced = True

    def close(self) -> None:
        self.zip.close()


def _write_package(
    doc: DocxDocument,
    when: datetime.datetime,
    body: Iterable[str | Iterable[str]],
    replaced: Mapping[str, bytes],
) -> bytes:
    """What ``doc.save()`` writes, through :class:`_FixedZipWriter`.

    The same steps as python-docx's ``OpcPackage.save``, with its serialisers for the
    content types, relationships and parts; only the zip is ours, and the parts named
    in ``replaced`` (by their name in the zip) are written as given.
    """
    from docx.opc.pkgwriter import PackageWriter  # noqa: PLC0415

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _FixedZipWriter(when, body, replaced)
    phys: Any = writer  # duck-typed as python-docx's PhysPkgWriter
    PackageWriter._write_content_types_stream(phys, package.parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(phys, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(phys, package.parts)
    writer.close()
    if not writer.spliced:
        raise AssertionError("python-docx wrote no word/document.xml")
    return writer.out.getvalue()
