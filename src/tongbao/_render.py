"""Rendering: a notice composed once and handed to the renderer its registry names.

:func:`render` is the one place a notice becomes bytes: it looks the format up in a
:class:`~tongbao.Renderers`, merges the options (the registry's defaults, the notice's
``[options.FORMAT]``, the call's), holds the notice to the registry's limits, composes
it, and calls the renderer with the registry's date source in force.

Without a ``renderers``, :func:`render` and :func:`formats` use a default registry made
on first use and kept while the environment variables it read and ``sys.path`` stay as
they were, so installed plugins are found and imported once, not on every call.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from ._compose import compose
from ._limits import check_document, check_notice
from ._notice import Notice
from ._plugins import Format, Renderers
from ._settings import date_source, raw_environment
from .document import Document
from .errors import OptionError, RenderError, TongbaoError

__all__ = ["default_renderers", "formats", "render"]

_LOCK = threading.Lock()
_DEFAULT: dict[tuple[object, ...], Renderers] = {}


def default_renderers() -> Renderers:
    """The registry :func:`render` uses when given none: made once, then reused.

    It is made again when one of tongbao's environment variables or ``sys.path``
    changes (a plugin installed into the running interpreter's path is then found).
    """
    key = (raw_environment(), tuple(sys.path))
    with _LOCK:
        found = _DEFAULT.get(key)
    if found is None:
        found = Renderers()
        with _LOCK:
            _DEFAULT.clear()
            _DEFAULT[key] = found
    return found


def render(
    notice: Notice | Document,
    format: str,
    *,
    renderers: Renderers | None = None,
    **options: Any,
) -> bytes:
    """``notice`` (loaded, built in code, or already composed) in ``format``, as bytes.

    ``options`` are the renderer's own (see ``tongbao formats``); they win over the
    notice's ``[options.FORMAT]``, which win over the registry's defaults. Without
    ``renderers``, the default registry (:func:`default_renderers`) is used: built-ins
    plus installed plugins, found once.

    Raises:
        InputError: the notice is beyond the registry's :class:`~tongbao.Limits`.
        OptionError: an unknown format or option.
        RenderError: the renderer failed or returned something other than bytes; the
            message names the format and its provider.
        TongbaoError: what the renderer raised on purpose (e.g. a character its
            font lacks).
    """
    registry = default_renderers() if renderers is None else renderers
    entry = registry.get_format(format)
    merged = dict(registry.options.get(format, {}))
    limits = registry.limits
    if isinstance(notice, Notice):
        if limits is not None:
            check_notice(notice, limits)
        merged.update(notice.options.get(format, {}))
        document = compose(notice)
    else:
        document = notice
    if limits is not None:
        check_document(document, limits)
    merged.update(options)
    return _call(entry, document, merged, registry)


def _call(entry: Format, document: Document, options: dict[str, Any], registry: Renderers) -> bytes:
    name = entry.name
    try:
        with date_source(registry.source_date):
            data = entry.renderer.render(document, options)
    except OptionError as exc:
        if name in str(exc):
            raise
        raise OptionError(f"{name}: {exc}") from exc
    except TongbaoError:
        raise
    except (Exception, SystemExit) as exc:
        # A plugin calling sys.exit() is a plugin fault like any other, never success.
        raise RenderError(
            f"the {name!r} renderer ({entry.provider}) failed: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(data, bytes):
        raise RenderError(
            f"the {name!r} renderer ({entry.provider}) returned {type(data).__name__}, not bytes"
        )
    return data


def formats(renderers: Renderers | None = None) -> list[Format]:
    """Every available format, sorted by name (the default registry unless one is given)."""
    found = default_renderers() if renderers is None else renderers
    return [found[name] for name in found]
