"""The environment variables tongbao reads, read here and nowhere else.

A process's environment is read when a :class:`~tongbao.Renderers` is made (and by the
command line when it starts), never in the middle of a render: a malformed value is
reported then, once, as an :class:`~tongbao.OptionError` naming the variable and the
form it expects, rather than as every DOCX or PDF render failing. A caller that passes
a setting explicitly (``Renderers(source_date=…)``) is not affected by its variable.

The time written into a file's metadata (the PDF's ``CreationDate``, the DOCX's
``dcterms:created``, a ZIP member's stamp) is chosen by :func:`metadata_time`, from the
date source of the :class:`~tongbao.Renderers` doing the render.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import os
from collections.abc import Iterator, Mapping

import attrs

from .document import Document
from .errors import OptionError

__all__ = [
    "DEBUG",
    "DISABLE_AUTOLOAD",
    "IMPORT_TIMEOUT",
    "LANGUAGE",
    "LOCALE",
    "SOURCE_DATE_EPOCH",
    "STRICT",
    "VARIABLES",
    "Environment",
    "date_source",
    "epoch_time",
    "language_variables",
    "metadata_time",
    "raw_environment",
    "read_environment",
]

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
DISABLE_AUTOLOAD = "TONGBAO_DISABLE_PLUGIN_AUTOLOAD"
STRICT = "TONGBAO_STRICT_PLUGINS"
IMPORT_TIMEOUT = "TONGBAO_PLUGIN_IMPORT_TIMEOUT"
DEBUG = "TONGBAO_DEBUG"

VARIABLES: dict[str, str] = {
    SOURCE_DATE_EPOCH: "a whole number of seconds since 1970-01-01 00:00 UTC, e.g. 1525910400",
    DISABLE_AUTOLOAD: "1, true, yes or on (or 0, false, no, off, empty)",
    STRICT: "1, true, yes or on (or 0, false, no, off, empty)",
    IMPORT_TIMEOUT: "a positive number of seconds, e.g. 10",
    DEBUG: "1, true, yes or on (or 0, false, no, off, empty)",
    "TONGBAO_LANG": "en, zh or auto (or empty)",
}
"""Every variable tongbao reads, and the form its value must have."""

LANGUAGE = "TONGBAO_LANG"
"""The language of problems (``en``, ``zh``; ``auto``: the locale's). Another value is
refused where the other variables are (:func:`read_environment`)."""
_LANGUAGES = ("", "en", "zh", "auto")
LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The POSIX locale variables, first set first: ``zh_CN.UTF-8`` asks for Chinese."""

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


@attrs.frozen
class Environment:
    """What the environment says, every value checked."""

    source_date: datetime.datetime | None = None
    """``SOURCE_DATE_EPOCH`` as an aware UTC time, or ``None`` when unset."""
    disable_autoload: bool = False
    strict_plugins: bool = False
    import_timeout: float = 10.0
    debug: bool = False


def epoch_time(value: int | str, name: str = SOURCE_DATE_EPOCH) -> datetime.datetime:
    """Seconds since 1970 as an aware UTC time.

    Raises:
        OptionError: ``value`` is not a whole number of seconds a date can hold; the
            message names ``name`` and the form expected.
    """
    try:
        seconds = value if isinstance(value, int) else int(str(value).strip())
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise OptionError(
            f"{name}={value!r} is not valid: expected {VARIABLES[SOURCE_DATE_EPOCH]}"
        ) from None


def read_environment(
    environ: Mapping[str, str] | None = None, *, ignore: frozenset[str] = frozenset()
) -> Environment:
    """The settings in ``environ`` (default: the process's environment).

    Args:
        environ: where to read; ``{}`` reads nothing (every default).
        ignore: variables not to read, because the caller gave their values.

    Raises:
        OptionError: one or more variables are malformed; the message names each and
            the form it expects.
    """
    env = os.environ if environ is None else environ
    problems: list[str] = []

    def raw(name: str) -> str:
        return "" if name in ignore else env.get(name, "").strip()

    def flag(name: str) -> bool:
        value = raw(name).lower()
        if value in _TRUE:
            return True
        if value not in _FALSE:
            problems.append(f"{name}={raw(name)!r} is not valid: expected {VARIABLES[name]}")
        return False

    source_date = None
    if raw(SOURCE_DATE_EPOCH):
        try:
            source_date = epoch_time(raw(SOURCE_DATE_EPOCH))
        except OptionError as exc:
            problems.append(str(exc))
    timeout = 10.0
    if raw(IMPORT_TIMEOUT):
        try:
            timeout = float(raw(IMPORT_TIMEOUT))
        except ValueError:
            timeout = -1.0
        if not 0 < timeout < float("inf"):
            problems.append(
                f"{IMPORT_TIMEOUT}={raw(IMPORT_TIMEOUT)!r} is not valid: "
                f"expected {VARIABLES[IMPORT_TIMEOUT]}"
            )
            timeout = 10.0
    if raw(LANGUAGE).lower() not in _LANGUAGES:
        problems.append(
            f"{LANGUAGE}={raw(LANGUAGE)!r} is not valid: expected {VARIABLES[LANGUAGE]}"
        )
    found = Environment(
        source_date=source_date,
        disable_autoload=flag(DISABLE_AUTOLOAD),
        strict_plugins=flag(STRICT),
        import_timeout=timeout,
        debug=flag(DEBUG),
    )
    if problems:
        raise OptionError("; ".join(problems))
    return found


def language_variables() -> dict[str, str]:
    """:data:`LANGUAGE` and the :data:`LOCALE` variables, those set, as they are."""
    return {name: os.environ[name] for name in (LANGUAGE, *LOCALE) if name in os.environ}


def raw_environment() -> tuple[str | None, ...]:
    """The variables' values as they are, unchecked: to notice that one has changed."""
    return tuple(os.environ.get(name) for name in VARIABLES)


# --- the date source of the render in progress -----------------------------------------

_UNSET = object()


_CURRENT: contextvars.ContextVar[object] = contextvars.ContextVar(
    "tongbao_date_source", default=_UNSET
)
"""The date source of the render running in this thread or asyncio task."""


@contextlib.contextmanager
def date_source(when: datetime.datetime | None) -> Iterator[None]:
    """Within the block, :func:`metadata_time` gives ``when`` (``None``: the 成文日期).

    Set by :meth:`Renderers.render` around the renderer's call; per thread and per
    asyncio task, so concurrent renders with different settings do not meet.
    """
    token = _CURRENT.set(when)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def metadata_time(document: Document) -> datetime.datetime:
    """The time to write into a file's metadata (aware, UTC): never the clock.

    The date source of the :class:`~tongbao.Renderers` rendering (its ``source_date``,
    else ``SOURCE_DATE_EPOCH`` as read when it was made), else the 成文日期
    (:attr:`Document.issued`) at 00:00 UTC. A renderer called directly, outside
    :meth:`Renderers.render`, reads ``SOURCE_DATE_EPOCH`` here.

    Raises:
        OptionError: called outside a render with ``SOURCE_DATE_EPOCH`` malformed.
    """
    fixed = _CURRENT.get()
    if fixed is _UNSET:
        fixed = read_environment(ignore=frozenset(VARIABLES) - {SOURCE_DATE_EPOCH}).source_date
    if isinstance(fixed, datetime.datetime):
        return fixed
    issued = document.issued
    return datetime.datetime(issued.year, issued.month, issued.day, tzinfo=datetime.UTC)
