"""tongbao: information-submission notices (信息报送情况通报) from tallies.

The public surface is what ``__all__`` lists, plus the public modules
:mod:`tongbao.document` (the resolved document renderers read), :mod:`tongbao.pageplan`
(the order of its parts and the layout rules renderers share) and :mod:`tongbao.errors`
(every exception, and the problem codes). Everything in ``_``-modules is private; the
classes exported here say so in their repr (``tongbao.Tally``).
"""

from typing import TYPE_CHECKING, Any

from ._model import Tally, Unit
from ._numfmt import format_date, format_rate, round_half_up
from ._period import Period, PeriodStyle
from ._public import public as _public
from ._stats import (
    Order,
    Ranked,
    Ranking,
    RankKey,
    RankOn,
    Ties,
    Totals,
    combine,
    rank,
    rate,
    totals,
    totals_by_group,
)
from .errors import (
    InputError,
    Location,
    OptionError,
    OutputError,
    PluginError,
    PluginWarning,
    Problem,
    RenderError,
    TongbaoError,
)

_public(Period, Ranked, Ranking, Tally, Totals, Unit)

if TYPE_CHECKING:
    from ._audit import Finding, FindingKind, audit
    from ._build import notice_from, validate
    from ._compose import build_table, compose
    from ._data import read_counts
    from ._headings import Header
    from ._import import Imported, import_published
    from ._itemfile import read_items
    from ._items import CountRow, Duplicate, Item, ItemCounts, ItemList, ItemSource, find_duplicates
    from ._itemtallies import ItemSummary
    from ._limits import Limits
    from ._load import load, loads, read_notice
    from ._notice import Against, AttachmentSpec, ColumnSpec, ComparisonTable, Excluded, Notice
    from ._output import write_atomic
    from ._plugins import Format, Provider, Renderers
    from ._published import (
        Published,
        PublishedAttachment,
        PublishedRow,
        PublishedTable,
        read_published,
    )
    from ._quota import Quota, QuotaCounts
    from ._render import formats, render
    from ._renderable import check_renderable
    from ._resolve import Loaded
    from ._scoring import ScoringRules, scored
    from ._sql import open_database
    from ._template import PLACEHOLDERS

# Loaders, composition and plugins load on first use, so ``import tongbao`` stays as
# light as the pure core (see benchmarks/bench_import.py).
_LAZY = {
    "Finding": "._audit",
    "FindingKind": "._audit",
    "audit": "._audit",
    "notice_from": "._build",
    "validate": "._build",
    "build_table": "._compose",
    "check_renderable": "._renderable",
    "compose": "._compose",
    "read_counts": "._data",
    "read_items": "._itemfile",
    "open_database": "._sql",
    "Imported": "._import",
    "import_published": "._import",
    "CountRow": "._items",
    "Duplicate": "._items",
    "Item": "._items",
    "ItemCounts": "._items",
    "ItemList": "._items",
    "ItemSource": "._items",
    "find_duplicates": "._items",
    "load": "._load",
    "read_notice": "._load",
    "loads": "._load",
    "Loaded": "._resolve",
    "ItemSummary": "._itemtallies",
    "Header": "._headings",
    "Against": "._notice",
    "AttachmentSpec": "._notice",
    "ColumnSpec": "._notice",
    "ComparisonTable": "._notice",
    "Excluded": "._notice",
    "Notice": "._notice",
    "write_atomic": "._output",
    "Quota": "._quota",
    "QuotaCounts": "._quota",
    "ScoringRules": "._scoring",
    "scored": "._scoring",
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
    if name == "__version__":
        return _version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tongbao' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    value = getattr(import_module(module, __name__), name)
    if isinstance(value, type):
        _public(value)  # the repr names tongbao.X wherever the class is defined
    globals()[name] = value
    return value


def _version() -> str:
    """The installed distribution's version, read from its metadata on first use."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        found = version(__name__)
    except PackageNotFoundError:  # run from a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})


__all__ = [
    "PLACEHOLDERS",
    "Against",
    "AttachmentSpec",
    "ColumnSpec",
    "ComparisonTable",
    "CountRow",
    "Duplicate",
    "Excluded",
    "Finding",
    "FindingKind",
    "Format",
    "Header",
    "Imported",
    "InputError",
    "Item",
    "ItemCounts",
    "ItemList",
    "ItemSource",
    "ItemSummary",
    "Limits",
    "Loaded",
    "Location",
    "Notice",
    "OptionError",
    "Order",
    "OutputError",
    "Period",
    "PeriodStyle",
    "PluginError",
    "PluginWarning",
    "Problem",
    "Provider",
    "Published",
    "PublishedAttachment",
    "PublishedRow",
    "PublishedTable",
    "Quota",
    "QuotaCounts",
    "RankKey",
    "RankOn",
    "Ranked",
    "Ranking",
    "RenderError",
    "Renderers",
    "ScoringRules",
    "Tally",
    "Ties",
    "TongbaoError",
    "Totals",
    "Unit",
    "audit",
    "build_table",
    "check_renderable",
    "combine",
    "compose",
    "find_duplicates",
    "format_date",
    "format_rate",
    "formats",
    "import_published",
    "load",
    "loads",
    "notice_from",
    "open_database",
    "rank",
    "rate",
    "read_counts",
    "read_items",
    "read_notice",
    "read_published",
    "render",
    "round_half_up",
    "scored",
    "totals",
    "totals_by_group",
    "validate",
    "write_atomic",
]
