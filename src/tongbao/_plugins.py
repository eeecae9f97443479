"""The registry of renderers: the built-ins and the plugins installed under group ``tongbao``.

A :class:`Renderers` registers renderers and looks them up, and carries the settings an
embedder chooses once (autoload, default options, fonts, the date written into file
metadata, limits); rendering itself, composing included, is :func:`tongbao.render`'s
(:mod:`._render`). Nothing here is global: each :class:`Renderers` builds its own plugin
manager and reads the environment once, when it is made. Built-in renderers register
through the same hook as third parties (they are plugins too), so switching off autoload
never removes them. A broken plugin is reported by name and distribution and skipped,
and every other format keeps working; ``TONGBAO_STRICT_PLUGINS=1`` makes any plugin
problem fatal.
"""

from __future__ import annotations

import datetime
import os
import re
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from . import hookspecs
from ._settings import (
    DEBUG,
    DISABLE_AUTOLOAD,
    SOURCE_DATE_EPOCH,
    STRICT,
    epoch_time,
    read_environment,
)
from .errors import OptionError, PluginError, PluginWarning
from .hookspecs import Option, Renderer, declared_options

if TYPE_CHECKING:
    from ._limits import Limits
    from ._notice import Notice
    from .document import Document

__all__ = ["BUILTIN_RENDERERS", "FONT_ROLES", "Format", "Provider", "Renderers"]

BUILTIN_RENDERERS = ("tongbao.renderers.text", "tongbao.renderers.docx", "tongbao.renderers.pdf")
"""Modules of the built-in renderers, registered as plugins in this order."""

FONT_ROLES = ("title", "body", "heading", "kai", "page_number")
"""The PDF's font roles (小标宋, 仿宋, 黑体, 楷体, 宋体): ``Renderers(fonts=…)`` keys."""

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


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
    """The renderers available, by format name, and the settings they render with.

    Made once and kept (by a server, at start-up), it is cheap to reuse: plugins are
    found and imported and the environment read when it is made, never again. It holds
    no per-render state, so one may serve many threads at once.

    Args:
        autoload: load every plugin installed under the ``tongbao`` entry-point group
            (default: yes, unless ``TONGBAO_DISABLE_PLUGIN_AUTOLOAD=1``).
        plugins: entry-point names to load even when autoload is off (``-p NAME``).
        strict: make any plugin problem an error (default: ``TONGBAO_STRICT_PLUGINS``).
        extra: plugin objects to register directly, e.g. in tests.
        options: default options by format (``{"pdf": {"find_fonts": False}}``); a
            notice's own ``[options.FORMAT]`` and the options given to a render win
            over them. Checked now against what each format declares.
        fonts: the PDF's font file by role (``title``, ``body``, ``heading``, ``kai``,
            ``page_number``): default ``<role>_font_file`` options for ``pdf``.
        source_date: the time written into file metadata (PDF ``CreationDate``, DOCX
            ``dcterms:created``, ZIP stamps): a ``datetime`` (naive is taken as UTC), a
            ``date`` (00:00 UTC) or seconds since 1970. Default: ``SOURCE_DATE_EPOCH``
            when set, else each notice's 成文日期. Never the clock.
        environ: where to read the variables above (default: the process's, read now
            and only now); ``{}`` makes the renderers independent of the environment.
        limits: a :class:`~tongbao.Limits` every notice rendered must keep to
            (default: none beyond the built-in bounds).

    Raises:
        OptionError: an environment variable is malformed (the message names it and
            the form expected), or ``options``/``fonts``/``source_date`` is invalid.
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
        options: Mapping[str, Mapping[str, Any]] | None = None,
        fonts: Mapping[str, str | os.PathLike[str]] | None = None,
        source_date: datetime.datetime | datetime.date | int | None = None,
        environ: Mapping[str, str] | None = None,
        limits: Limits | None = None,
    ) -> None:
        given = {
            DISABLE_AUTOLOAD: autoload is not None,
            STRICT: strict is not None,
            SOURCE_DATE_EPOCH: source_date is not None,
        }
        # TONGBAO_DEBUG is the command line's (tracebacks), never a renderer's.
        ignored = frozenset({DEBUG, *(k for k, v in given.items() if v)})
        env = read_environment(environ, ignore=ignored)
        self.autoload: bool = not env.disable_autoload if autoload is None else autoload
        self.strict: bool = env.strict_plugins if strict is None else strict
        self.source_date: datetime.datetime | None = (
            env.source_date if source_date is None else _as_time(source_date)
        )
        """The time written into file metadata; ``None``: each notice's 成文日期."""
        self.limits = limits
        self.problems: list[str] = []
        """Every plugin problem found, as the warnings said."""
        self._import_timeout = env.import_timeout
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
        self.options: Mapping[str, Mapping[str, Any]] = self._defaults(options or {}, fonts)
        """Default options by format, under a notice's and a call's own."""

    def _defaults(
        self,
        options: Mapping[str, Mapping[str, Any]],
        fonts: Mapping[str, str | os.PathLike[str]] | None,
    ) -> Mapping[str, Mapping[str, Any]]:
        merged = {name: dict(values) for name, values in options.items()}
        for role, path in (fonts or {}).items():
            if role not in FONT_ROLES:
                raise OptionError(
                    f"fonts: no font role {role!r}; the roles are {', '.join(FONT_ROLES)}"
                )
            merged.setdefault("pdf", {})[f"{role}_font_file"] = os.fspath(path)
        problems = self.option_problems(merged)
        if problems:
            raise OptionError("; ".join(f"{place}: {message}" for place, message in problems))
        return types.MappingProxyType(
            {name: types.MappingProxyType(values) for name, values in merged.items()}
        )

    def warm_up(self, formats: Iterable[str] | None = None) -> None:
        """Do now what the first render of each format would: a server calls it at start-up.

        Renders a small notice in each of ``formats`` (default: the built-in ones) with
        these settings, which imports the renderer's libraries (python-docx, reportlab,
        the word list for title breaks), finds the installed fonts (``fc-list``, once
        per process) and loads the PDF's font files. The bytes are thrown away. A DOCX
        chart needs a Chinese TrueType font: where none is installed or named, the DOCX
        sample has no chart, so a machine that renders notices without charts warms up.

        Raises:
            TongbaoError: what the render raised, e.g. a font file that cannot be used.
        """
        from ._render import render  # noqa: PLC0415
        from .testing import sample_document  # noqa: PLC0415

        names = [n for n in self if self[n].provider.builtin] if formats is None else formats
        document = sample_document(full=True)
        for name in names:
            sample = document
            if name == "docx" and not self._chart_has_font():
                sample = attrs.evolve(
                    document,
                    attachments=tuple(attrs.evolve(a, chart=None) for a in document.attachments),
                )
            render(sample, name, renderers=self)

    def _chart_has_font(self) -> bool:
        """Whether a DOCX chart has a font: one named in the options, or one installed."""
        from .renderers._chartpng import has_font  # noqa: PLC0415

        return has_font(str(self.options.get("docx", {}).get("chart_font_file", "")))

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
                plugin = _load(ep, self._import_timeout)
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
        """Shorthand for ``tongbao.render(notice, name, renderers=self, **options)``."""
        from ._render import render  # noqa: PLC0415

        return render(notice, name, renderers=self, **options)


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


def _as_time(value: datetime.datetime | datetime.date | int) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)
    if isinstance(value, int) and not isinstance(value, bool):
        return epoch_time(value, "source_date")
    raise OptionError(f"source_date={value!r}: expected a datetime, a date or seconds since 1970")


def _version(distribution: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None
