"""The exceptions tongbao raises on purpose.

Everything derives from :class:`TongbaoError`. Bad input is an :class:`InputError`
carrying one or more :class:`Problem` s. Each problem has

- a :class:`Location`: the file and the place (line, row, cell, key) as text, the row
  and column as numbers where the input has them, and the path of the field in the
  notice (``("tallies", 1, "adopted")``);
- a stable ``code`` (``data.rate_mismatch``) and the ``params`` its message is made of;
- an English ``message``, and the same in Chinese from :func:`Problem.text`.

The codes and both wordings are in :data:`CATALOGUE` (listed in ``docs/errors.md``);
a code's meaning and its parameters' names do not change across releases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, get_args

from ._catalogue import MESSAGES, ZH_TERMS
from ._frozen import FrozenMapping

__all__ = [
    "CATALOGUE",
    "Catalogued",
    "FontError",
    "InputError",
    "Language",
    "Location",
    "MissingGlyphError",
    "OptionError",
    "OutputError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "RenderError",
    "TongbaoError",
    "chosen_language",
    "locale_language",
    "located",
]

Language = Literal["en", "zh"]
"""The languages problems are worded in: English (``str(error)``) and Chinese."""

LANGUAGES: tuple[Language, ...] = get_args(Language)


class Catalogued(NamedTuple):
    """One code of :data:`CATALOGUE`: its message in English and in Chinese.

    Both are :meth:`str.format` templates over the problem's ``params``.
    """

    en: str
    zh: str


CATALOGUE: Mapping[str, Catalogued] = {code: Catalogued(*pair) for code, pair in MESSAGES.items()}
"""Every problem code tongbao gives, with its English and Chinese message templates."""


def locale_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language the user's locale asks for: ``"zh"`` for a Chinese locale, else ``"en"``.

    ``TONGBAO_LANG`` (``en`` or ``zh``) comes first, then the POSIX locale variables
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` in that order (``zh_CN.UTF-8`` is Chinese).
    Nothing reads this unless asked: :meth:`Problem.text` takes the language per call,
    and the command line's ``--lang`` defaults to it.
    """
    env = _language_environment() if environ is None else environ
    chosen = env.get("TONGBAO_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def chosen_language(asked: str | None = None, environ: Mapping[str, str] | None = None) -> Language:
    """The command line's rule: the language ``asked`` (``--lang``), else ``TONGBAO_LANG``,
    else English; ``auto`` (either way) is the locale's (:func:`locale_language`)."""
    env = _language_environment() if environ is None else environ
    chosen = (asked or env.get("TONGBAO_LANG", "")).strip().lower()
    if chosen == "auto":
        return locale_language({k: v for k, v in env.items() if k != "TONGBAO_LANG"})
    return "zh" if chosen == "zh" else "en"


def _language_environment() -> Mapping[str, str]:
    from ._settings import language_variables  # noqa: PLC0415 - the one place it is read

    return language_variables()


class TongbaoError(Exception):
    """Base of every error tongbao raises on purpose."""


PathPart = str | int


class _FilePlace(NamedTuple):
    file: str | None = None
    place: str | None = None


class Location(_FilePlace):
    """Where in the input a problem is: a file and, when known, a place inside it.

    ``place`` is human text in the file's own terms: ``line 12``, ``row 7``,
    ``cell B7``, ``key attachment.order``. ``row`` and ``column`` are the same place as
    1-based numbers (the line of a CSV or TOML file, the row of a sheet; a column
    counts from 1 = A), ``None`` where the input has none (a notice built in Python).
    ``path`` is the field of the notice the problem is about, e.g.
    ``("tallies", 1, "adopted")`` or ``("attachment", "order")``; empty when the
    problem is about the file as a whole.

    A location is the pair ``(file, place)``, as it always was: it unpacks, compares
    and hashes as that pair; ``row``, ``column`` and ``path`` ride along.
    """

    row: int | None
    column: int | None
    path: tuple[PathPart, ...]

    def __new__(
        cls,
        file: str | None = None,
        place: str | None = None,
        row: int | None = None,
        column: int | None = None,
        path: tuple[PathPart, ...] = (),
    ) -> Location:
        # tuple.__new__ and one update of the instance's dict: problems come by the
        # 100,000 (every unit of a notice of another period), so each is made cheaply.
        self = tuple.__new__(cls, (file, place))
        self.__dict__.update(row=row, column=column, path=tuple(path))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Location cannot be changed (its {name}); use _replace")

    def _replace(self, **changes: Any) -> Location:
        """A copy with ``changes`` (any of file, place, row, column, path)."""
        fields: dict[str, Any] = {"file": self.file, "place": self.place, "row": self.row}
        fields |= {"column": self.column, "path": self.path}
        return type(self)(**{**fields, **changes})

    def __reduce__(self) -> tuple[type[Location], tuple[Any, ...]]:
        return (type(self), (self.file, self.place, self.row, self.column, self.path))

    def __repr__(self) -> str:
        return (
            f"Location(file={self.file!r}, place={self.place!r}, row={self.row!r}, "
            f"column={self.column!r}, path={self.path!r})"
        )

    def __str__(self) -> str:
        file, place = self
        if file and place:
            return f"{file}, {place}"
        return file or place or "<input>"

    def text(self, lang: Language = "en") -> str:
        """The location worded in ``lang``: ``str(location)`` in English; in Chinese
        ``line 3, column 2`` reads 第3行第2列, ``row 7`` 第7行, ``cell B7`` B7单元格."""
        if lang != "zh" or not self.place:
            return str(self)
        import re  # noqa: PLC0415 - only when a problem is shown; keeps import tongbao light

        place = re.sub(r"\bline (\d+), column (\d+)", r"第\1行第\2列", self.place)
        place = re.sub(r"\b(?:line|row) (\d+)", r"第\1行", place)
        place = re.sub(r"\bcell ([A-Z]+\d+)", r"\1单元格", place)
        return "，".join(p for p in (self.file, place) if p)


class _Said(NamedTuple):
    location: Location
    message: str


class Problem(_Said):
    """One thing wrong with the input: where, what was expected, and its code.

    ``message`` is the English text (what ``str()`` shows). ``code`` names the kind of
    problem for machines (:data:`CATALOGUE`); ``params`` holds the values its message
    is made of (read-only). A problem is the pair ``(location, message)``, as it always
    was (it unpacks, compares and hashes as that pair); ``code`` and ``params`` ride
    along.
    """

    code: str
    params: Mapping[str, Any]

    def __new__(
        cls,
        location: Location,
        message: str,
        code: str = "input",
        params: Mapping[str, Any] | None = None,
    ) -> Problem:
        self = tuple.__new__(cls, (location, message))  # as Location: made cheaply
        frozen = params if type(params) is FrozenMapping else FrozenMapping(params)
        self.__dict__.update(code=code, params=frozen)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Problem cannot be changed (its {name}); use _replace")

    def _replace(self, **changes: Any) -> Problem:
        """A copy with ``changes`` (any of location, message, code, params)."""
        fields: dict[str, Any] = {"location": self.location, "message": self.message}
        fields |= {"code": self.code, "params": self.params}
        return type(self)(**{**fields, **changes})

    def __reduce__(self) -> tuple[type[Problem], tuple[Any, ...]]:
        return (type(self), (self.location, self.message, self.code, dict(self.params)))

    def __repr__(self) -> str:
        return (
            f"Problem(location={self.location!r}, message={self.message!r}, "
            f"code={self.code!r}, params={dict(self.params)!r})"
        )

    def __str__(self) -> str:
        location, message = self
        file, place = location
        if not (file or place):
            return message  # a value built in Python: its path says where
        return f"{location}: {message}"

    @classmethod
    def of(cls, code: str, location: Location | None = None, /, **params: Any) -> Problem:
        """The problem ``code`` at ``location``, its English message from :data:`CATALOGUE`.

        Raises:
            KeyError: ``code`` is not in the catalogue.
        """
        message = CATALOGUE[code].en.format(**params)
        # ``params`` is this call's own dict: it is wrapped, not copied.
        return cls(location or Location(), message, code, FrozenMapping._owning(params))

    @property
    def path(self) -> tuple[PathPart, ...]:
        """The field of the notice the problem is about (``location.path``)."""
        return self.location.path

    def text(self, lang: Language = "en", *, located: bool = False) -> str:
        """The message in ``lang`` (``"en"`` or ``"zh"``), with the location first when
        ``located``. An unknown code (from code outside tongbao) keeps its message."""
        message = self.message
        if lang == "zh" and (entry := CATALOGUE.get(self.code)) is not None:
            shown = {
                k: ZH_TERMS.get(v, v) if isinstance(v, str) else v for k, v in self.params.items()
            }
            try:
                message = entry.zh.format(**shown)
            except (KeyError, IndexError, ValueError):  # params from outside tongbao
                message = self.message
        if not located or not (self.location.file or self.location.place):
            return message
        return f"{self.location.text(lang)}: {message}"

    def as_dict(self, lang: Language = "en") -> dict[str, Any]:
        """The problem as plain data for a JSON response: code, params, message in
        ``lang``, and the location's file, place, row, column and path."""
        return {
            "code": self.code,
            "message": self.text(lang),
            "params": dict(self.params),
            "file": self.location.file,
            "place": self.location.place,
            "row": self.location.row,
            "column": self.location.column,
            "path": list(self.location.path),
        }


class InputError(TongbaoError, ValueError):
    """The input is wrong. ``problems`` lists every problem found, in input order."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems = (problems,) if isinstance(problems, Problem) else tuple(problems)
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, message: str, file: str | None = None, place: str | None = None) -> InputError:
        """An error with one problem at ``file``/``place``, of the generic code ``input``.

        For code outside tongbao; tongbao itself uses :meth:`of`.
        """
        return cls(Problem(Location(file, place), message))

    @classmethod
    def of(
        cls, code: str, file: str | None = None, place: str | None = None, /, **params: Any
    ) -> InputError:
        """An error with the one problem ``code`` (:meth:`Problem.of`) at ``file``/``place``."""
        return cls(Problem.of(code, located(file, place), **params))

    def text(self, lang: Language = "en") -> str:
        """Every problem, located, one a line, worded in ``lang`` (``str()`` is English)."""
        return "\n".join(p.text(lang, located=True) for p in self.problems)

    def __reduce__(self) -> tuple[type[InputError], tuple[Sequence[Problem]]]:
        return (type(self), (self.problems,))


def located(
    file: str | None = None, place: str | None = None, path: tuple[PathPart, ...] = ()
) -> Location:
    """A location with its row and column read from ``place`` (``line 3, column 2``,
    ``row 7``, ``cell B7``, ``Sheet1 row 7``) where it names them."""
    row = column = None
    if place and ("line " in place or "row " in place or "cell " in place):
        row, column = _numbers(place)
    return Location(file, place, row, column, path)


def _numbers(place: str) -> tuple[int | None, int | None]:
    import re  # noqa: PLC0415 - only when a problem is found; keeps import tongbao light

    if found := re.search(r"\bcell ([A-Z]{1,3})(\d+)\b", place):
        column = 0
        for letter in found[1]:
            column = column * 26 + ord(letter) - 64
        return int(found[2]), column
    if found := re.search(r"\b(?:line|row) (\d+)(?:, column (\d+))?", place):
        return int(found[1]), int(found[2]) if found[2] else None
    return None, None


class FontError(TongbaoError):
    """A font cannot be used: a named file is missing, unreadable or not TrueType."""


class MissingGlyphError(InputError, FontError):
    """The notice has characters its fonts cannot print (𠮷 in a unit's name).

    An :class:`InputError` whose problems name each place (``title``, ``paragraph 3``,
    ``attachment 1, row 12, column 单位``, ``signature`` …) and the characters, with
    their code points. ``hint`` says how to name other fonts, and which font files are
    in use: advice for the person running tongbao, kept out of the problems a form may
    show to the person who typed the text. :func:`tongbao.check_renderable` finds the
    same problems before rendering.
    """

    hint: str

    def __init__(self, problems: Problem | Iterable[Problem], hint: str = "") -> None:
        super().__init__(problems)
        self.hint = hint

    def __reduce__(self) -> tuple[type[InputError], tuple[Sequence[Problem], str]]:  # type: ignore[override]
        return (type(self), (self.problems, self.hint))


class OptionError(TongbaoError, ValueError):
    """An unknown format or renderer option, or an option value of the wrong kind."""


class RenderError(TongbaoError):
    """A renderer failed; the message names the format and the plugin that provides it."""


class OutputError(TongbaoError):
    """The output file could not be written (folder missing or read-only, disk full)."""


class PluginError(TongbaoError):
    """A plugin is broken: it failed to load, or registered something invalid or clashing.

    Raised only when ``TONGBAO_STRICT_PLUGINS=1`` (or ``strict=True``) or when the
    broken renderer is asked for; otherwise a :class:`PluginWarning` is issued and
    every other format keeps working.
    """


class PluginWarning(UserWarning):
    """A plugin was skipped; the message names the entry point and its distribution."""
