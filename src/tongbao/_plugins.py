"""Finding renderers: the built-ins and the plugins installed under entry-point group ``tongbao``.

Nothing here is global: each :class:`Renderers` builds its own plugin manager, so a
caller can make one per call or keep one. Built-in renderers register through the same
hook as third parties (they are plugins too), so switching off autoload never removes
them. A broken plugin is reported by name and distribution and skipped, and every other
format keeps working; ``TONGBAO_STRICT_PLUGINS=1`` makes any plugin problem fatal.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from typing import Any

import attrs
import pluggy

from . import hookspecs
from ._compose import compose
from ._notice import Notice
from .document import Document
from .errors import OptionError, PluginError, PluginWarning, RenderError, TongbaoError
from .hookspecs import Option, Renderer, declared_options

__all__ = ["BUILTIN_RENDERERS", "Format", "Provider", "Renderers", "formats", "render"]

BUILTIN_RENDERERS = ("tongbao.renderers.text", "tongbao.renderers.docx", "tongbao.renderers.pdf")
"""Modules of the built-in renderers, registered as plugins in this order."""

DISABLE_AUTOLOAD = "TONGBAO_DISABLE_PLUGIN_AUTOLOAD"
STRICT = "TONGBAO_STRICT_PLUGINS"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


@attrs.frozen
class Provider:
    """Where a renderer comes from: tongbao itself, or a plugin and its distribution."""

    plugin: str
    distribution: str | None = None
    version: str | None = None
    builtin: bool = False

    def __str__(self) -> str:
        if self.builtin:
            return "built in"
        dist = f"{self.distribution} {self.version}".strip() if self.distribution else "?"
        return f"plugin {self.plugin!r} ({dist})"


@attrs.frozen
class Format:
    """A renderer as :func:`formats` lists it."""

    name: str
    suffix: str
    media_type: str
    provider: Provider
    renderer: Renderer = attrs.field(eq=False, repr=False)

    @property
    def options(self) -> tuple[Option, ...] | None:
        """The options the renderer declares, or ``None`` when it declares none."""
        return declared_options(self.renderer)


class Renderers(Mapping[str, Format]):
    """The renderers available: built-ins plus installed plugins, by format name.

    Args:
        autoload: load every plugin installed under the ``tongbao`` entry-point group
            (default: yes, unless ``TONGBAO_DISABLE_PLUGIN_AUTOLOAD=1``).
        plugins: entry-point names to load even when autoload is off (``-p NAME``).
        strict: make any plugin problem an error (default: ``TONGBAO_STRICT_PLUGINS``).
        extra: plugin objects to register directly, e.g. in tests.

    Raises:
        PluginError: with ``strict``, the first plugin problem; and always for a name in
            ``plugins`` that no installed entry point has.
    """

    def __init__(
        self,
        *,
        autoload: bool | None = None,
        plugins: Iterable[str] = (),
        strict: bool | None = None,
        extra: Iterable[object] = (),
    ) -> None:
        self.autoload = not _flag(DISABLE_AUTOLOAD) if autoload is None else autoload
        self.strict = _flag(STRICT) if strict is None else strict
        self.problems: list[str] = []
        """Every plugin problem found, as the warnings said."""
        self._formats: dict[str, Format] = {}
        self._clashes: dict[str, list[Provider]] = {}
        self._providers: dict[str, Provider] = {}
        self._registered: list[Provider] = []
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        version = _version("tongbao")
        for module_name in BUILTIN_RENDERERS:
            provider = Provider(module_name, "tongbao", version, builtin=True)
            self._add(import_module(module_name), module_name, provider)
        for number, plugin in enumerate(extra):
            name = getattr(plugin, "__name__", None) or f"extra-{number}"
            self._add(plugin, name, Provider(name))
        self._load_entry_points(set(plugins))
        self._collect()

    # --- loading ------------------------------------------------------------------

    def _problem(self, message: str) -> None:
        if self.strict:
            raise PluginError(message)
        self.problems.append(message)
        warnings.warn(message, PluginWarning, stacklevel=4)

    def _add(self, plugin: object, name: str, provider: Provider) -> None:
        try:
            self._pm.register(plugin, name=name)
            self._pm.check_pending()
        except (pluggy.PluginValidationError, ValueError) as exc:
            if self._pm.is_registered(plugin):
                self._pm.unregister(plugin)
            self._problem(f"{provider} is not a valid tongbao plugin: {exc}")
            return
        self._providers[name] = provider
        if not provider.builtin and not self._pm.get_hookcallers(plugin):
            self._problem(
                f"{provider} implements no tongbao hook: is @hookimpl missing from its "
                "register_renderers?"
            )

    def _load_entry_points(self, wanted: set[str]) -> None:
        if not self.autoload and not wanted:
            return
        from importlib.metadata import entry_points  # noqa: PLC0415 - only when scanning

        found = sorted(entry_points(group=hookspecs.PROJECT), key=lambda ep: ep.name)
        missing = wanted - {ep.name for ep in found}
        if missing:
            installed = ", ".join(ep.name for ep in found) or "none"
            raise PluginError(
                f"no plugin named {', '.join(sorted(missing))}; installed plugins: {installed}"
            )
        for ep in found:
            if not self.autoload and ep.name not in wanted:
                continue
            dist = ep.dist
            provider = Provider(
                ep.name,
                dist.metadata["Name"] if dist is not None else None,
                dist.version if dist is not None else None,
            )
            try:
                plugin = _load(ep, _import_timeout())
            except Exception as exc:
                self._problem(
                    f"{provider} failed to load ({ep.value}): {type(exc).__name__}: {exc}"
                )
                continue
            self._add(plugin, ep.name, provider)

    def _collect(self) -> None:
        for impl in self._pm.hook.register_renderers.get_hookimpls():
            provider = self._providers[impl.plugin_name]
            register = self._registrar(provider)
            arguments = {"register": register}
            calls = len(self._registered)
            try:
                impl.function(*(arguments[a] for a in impl.argnames))
            except (Exception, SystemExit) as exc:
                self._problem(f"{provider} failed to register: {type(exc).__name__}: {exc}")
                continue
            if len(self._registered) == calls and not provider.builtin:
                self._problem(
                    f"{provider} registers no format: register_renderers never called register()"
                )

    def _registrar(self, provider: Provider) -> Callable[[Renderer], None]:
        def register(renderer: Renderer) -> None:
            self._registered.append(provider)
            problem = _invalid(renderer)
            if problem:
                self._problem(f"{provider} registered an invalid renderer: {problem}")
                return
            name = renderer.name
            entry = Format(name, renderer.suffix, renderer.media_type, provider, renderer)
            if name in self._clashes:
                self._clashes[name].append(provider)
                self._problem(f"format {name!r} is registered by {_and(self._clashes[name])}")
            elif name in self._formats:
                first = self._formats[name].provider
                if first.builtin:
                    self._problem(
                        f"{provider} registers format {name!r}, which is built in; "
                        "the built-in renderer is kept"
                    )
                    return
                del self._formats[name]
                self._clashes[name] = [first, provider]
                self._problem(f"format {name!r} is registered by {_and(self._clashes[name])}")
            else:
                self._formats[name] = entry

        return register

    # --- the mapping --------------------------------------------------------------

    def __getitem__(self, name: str) -> Format:
        return self._formats[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._formats))

    def __len__(self) -> int:
        return len(self._formats)

    def get_format(self, name: str) -> Format:
        """The format called ``name``.

        Raises:
            PluginError: two plugins register ``name``; the message names both.
            OptionError: no renderer has that name; the message lists those there are.
        """
        if name in self._clashes:
            raise PluginError(
                f"format {name!r} is registered by {_and(self._clashes[name])}; "
                "uninstall one of them"
            )
        if name not in self._formats:
            raise OptionError(f"unknown format {name!r}; available: {', '.join(self) or 'none'}")
        return self._formats[name]

    def for_suffix(self, suffix: str) -> Format:
        """The one format whose files end in ``suffix`` (``.pdf``); built-in formats win."""
        matches = [f for f in self._formats.values() if f.suffix.lower() == suffix.lower()]
        builtin = [f for f in matches if f.provider.builtin]
        if builtin:
            matches = builtin  # a plugin claiming .pdf does not take it from the built-in
        if len(matches) != 1:
            which = "no format writes" if not matches else "several formats write"
            raise OptionError(
                f"{which} {suffix or 'files without a suffix'!r}; choose one with -f "
                f"({', '.join(self)})"
            )
        return matches[0]

    def option_problems(self, options: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
        """``(place, message)`` for each ``[options.FORMAT]`` entry its format would refuse.

        An unknown format is a problem; the options of a format that declares them (see
        :class:`~tongbao.hookspecs.Option`) are checked key by key, each message naming
        the format. A format that declares none is checked when it renders.
        """
        from .hookspecs import read_options  # noqa: PLC0415

        found: list[tuple[str, str]] = []
        for fmt, values in options.items():
            if fmt not in self._formats and fmt not in self._clashes:
                found.append(
                    (f"options.{fmt}", f"no format named {fmt!r}; available: {', '.join(self)}")
                )
                continue
            declared = self._formats[fmt].options if fmt in self._formats else None
            if declared is None:
                continue
            for key, value in values.items():
                try:
                    read_options({key: value}, declared, renderer=fmt)
                except OptionError as exc:
                    found.append((f"options.{fmt}.{key}", str(exc)))
        return found

    def render(self, notice: Notice | Document, name: str, **options: Any) -> bytes:
        """``notice`` in format ``name``: the bytes of a whole file.

        Raises:
            OptionError: an unknown format or option.
            RenderError: the renderer failed or returned something other than bytes; the
                message names the format and its provider.
            TongbaoError: what the renderer raised on purpose (e.g. a character its
                font lacks).
        """
        entry = self.get_format(name)
        if isinstance(notice, Notice):
            options = {**notice.options.get(name, {}), **options}
            document = compose(notice)
        else:
            document = notice
        try:
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
                f"the {name!r} renderer ({entry.provider}) returned "
                f"{type(data).__name__}, not bytes"
            )
        return data


IMPORT_TIMEOUT = "TONGBAO_PLUGIN_IMPORT_TIMEOUT"


def _import_timeout() -> float:
    try:
        return float(os.environ.get(IMPORT_TIMEOUT, "") or 10)
    except ValueError:
        raise PluginError(f"{IMPORT_TIMEOUT} must be a number of seconds") from None


def _load(entry_point: Any, seconds: float) -> Any:
    """Import a plugin, giving up after ``seconds``: a hanging plugin must not hang tongbao."""
    import threading  # noqa: PLC0415

    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["plugin"] = entry_point.load()
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name=f"tongbao-{entry_point.name}")
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"its import did not finish within {seconds:g} s")
    if "error" in result:
        raise result["error"]
    return result["plugin"]


def _invalid(renderer: object) -> str | None:
    name = getattr(renderer, "name", None)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return f"name {name!r} is not lowercase letters, digits, - or _"
    suffix = getattr(renderer, "suffix", None)
    if not isinstance(suffix, str) or not suffix.startswith(".") or len(suffix) < 2:
        return f"{name}: suffix {suffix!r} must start with a dot, like '.pdf'"
    media_type = getattr(renderer, "media_type", None)
    if not isinstance(media_type, str) or "/" not in media_type:
        return f"{name}: media_type {media_type!r} is not a media type like 'text/plain'"
    if not callable(getattr(renderer, "render", None)):
        return f"{name}: it has no render(document, options) method"
    return None


def _and(providers: list[Provider]) -> str:
    return " and ".join(str(p) for p in providers)


def _version(distribution: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def render(
    notice: Notice | Document,
    format: str,
    *,
    renderers: Renderers | None = None,
    **options: Any,
) -> bytes:
    """``notice`` (loaded, built in code, or already composed) in ``format``, as bytes.

    ``options`` are the renderer's own (see ``tongbao formats``). A fresh
    :class:`Renderers` is made for the call unless one is passed in.
    """
    return (renderers or Renderers()).render(notice, format, **options)


def formats(renderers: Renderers | None = None) -> list[Format]:
    """Every available format, sorted by name."""
    found = renderers or Renderers()
    return [found[name] for name in found]
