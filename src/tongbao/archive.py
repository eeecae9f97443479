"""Same bytes from ZIP-based formats (XLSX, DOCX, ODT, EPUB): timestamps from the notice.

A ZIP archive stores a modification time for every member, and the usual writers take
it from the clock: :mod:`zipfile`'s ``writestr(name, data)`` stamps the current local
time, and openpyxl's ``Workbook.save`` does the same — and writes the clock into
``docProps/core.xml`` as ``dcterms:modified`` at every save, whatever the workbook's
properties say. Two renders a second apart, or in another time zone, then differ.
:func:`fix_zip_timestamps` rewrites an archive with every member stamped at the
notice's date and an Office document's ``dcterms:created``/``dcterms:modified`` set to
it, everything else kept::

    book.save(out)
    return fix_zip_timestamps(out.getvalue(), document_time(document))
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from ._settings import metadata_time
from .document import Document

__all__ = ["document_time", "fix_zip_timestamps"]


def document_time(document: Document) -> datetime.datetime:
    """The time to write into a file's metadata: never the clock.

    The date source of the :class:`~tongbao.Renderers` rendering (its ``source_date``,
    or ``SOURCE_DATE_EPOCH`` when it was made), else the 成文日期
    (:attr:`Document.issued`) at 00:00, as a naive datetime (what ZIP and openpyxl take).

    Raises:
        OptionError: called outside a render with ``SOURCE_DATE_EPOCH`` malformed.
    """
    return metadata_time(document).replace(tzinfo=None)


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def fix_zip_timestamps(data: bytes, when: datetime.date | datetime.datetime) -> bytes:
    """``data``, a ZIP archive, rewritten with every member stamped ``when``.

    Members keep their order, names, contents and compression; the stamp is clamped to
    1980 (the earliest a ZIP can hold); file attributes are made uniform (``rw-r--r--``,
    made on Unix), so the host that wrote the archive leaves no trace either. In an
    Office document (``docProps/core.xml``), ``dcterms:created`` and
    ``dcterms:modified`` become ``when`` too.

    Raises:
        ValueError: ``data`` is not a ZIP archive.
    """
    if not isinstance(when, datetime.datetime):
        when = datetime.datetime(when.year, when.month, when.day)  # noqa: DTZ001
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a ZIP archive: {exc}") from None
    iso = f"{when:%Y-%m-%dT%H:%M:%S}Z".encode()
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.create_system = 3
            entry.external_attr = (0o40755 if info.is_dir() else 0o100644) << 16
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()
