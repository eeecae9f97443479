"""tongbao: information-submission notices (信息报送情况通报) from tallies.

The public surface is what ``__all__`` lists, plus the public modules
:mod:`tongbao.document` (the resolved document renderers read), :mod:`tongbao.pageplan`
(the order of its parts and the layout rules renderers share) and :mod:`tongbao.errors`.
Everything in ``_``-modules is private.
"""

from typing import TYPE_CHECKING, Any

from ._model import Tally, Unit
from ._numfmt import format_date, format_rate, round_half_up
from ._period import Period
from ._stats import Ranked, Ranking, Totals, combine, rank, rate, totals, totals_by_group
from .errors import (
    InputError,
    Location,
    OptionError,
    PluginError,
    PluginWarning,
    Problem,
    RenderError,
    TongbaoError,
)

if TYPE_CHECKING:
    from ._audit import Finding, audit
    from ._compose import compose
    from ._data import read_counts
    from ._import import Imported, import_published
    from ._limits import Limits
    from ._load import load, loads
    from ._notice import AttachmentSpec, Excluded, Notice
    from ._plugins import Format, Provider, Renderers
    from ._published import (
        Published,
        PublishedAttachment,
        PublishedRow,
        PublishedTable,
        read_published,
    )
    from ._render import formats, render
    from ._renderable import check_renderable
    from ._template import PLACEHOLDERS

# Loaders, composition and plugins load on first use, so ``import tongbao`` stays as
# light as the pure core (see benchmarks/bench_import.py).
_LAZY = {
    "Finding": "._audit",
    "audit": "._audit",
    "check_renderable": "._renderable",
    "compose": "._compose",
    "read_counts": "._data",
    "Imported": "._import",
    "import_published": "._import",
    "load": "._load",
    "loads": "._load",
    "AttachmentSpec": "._notice",
    "Excluded": "._notice",
    "Notice": "._notice",
    "Limits": "._limits",
    "Format": "._plugins",
    "Provider": "._plugins",
    "Renderers": "._plugins",
    "formats": "._render",
    "render": "._render",
    "Published": "._published",
    "PublishedAttachment": "._published",
    "PublishedRow": "._published",
    "PublishedTable": "._published",
    "read_published": "._published",
    "PLACEHOLDERS": "._template",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tongbao' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "PLACEHOLDERS",
    "AttachmentSpec",
    "Excluded",
    "Finding",
    "Format",
    "Imported",
    "InputError",
    "Limits",
    "Location",
    "Notice",
    "OptionError",
    "Period",
    "PluginError",
    "PluginWarning",
    "Problem",
    "Provider",
    "Published",
    "PublishedAttachment",
    "PublishedRow",
    "PublishedTable",
    "Ranked",
    "Ranking",
    "RenderError",
    "Renderers",
    "Tally",
    "TongbaoError",
    "Totals",
    "Unit",
    "audit",
    "check_renderable",
    "combine",
    "compose",
    "format_date",
    "format_rate",
    "formats",
    "import_published",
    "load",
    "loads",
    "rank",
    "rate",
    "read_counts",
    "read_published",
    "render",
    "round_half_up",
    "totals",
    "totals_by_group",
]
