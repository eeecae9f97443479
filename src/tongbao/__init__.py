"""tongbao: information-submission notices (信息报送情况通报) from tallies.

The public surface is what ``__all__`` lists, plus the public modules
:mod:`tongbao.document` (the resolved document renderers read) and :mod:`tongbao.errors`.
Everything in ``_``-modules is private.
"""

from ._compose import compose
from ._data import read_counts
from ._load import load
from ._model import Tally, Unit
from ._notice import AttachmentSpec, Excluded, Notice
from ._numfmt import format_date, format_rate, round_half_up
from ._period import Period
from ._stats import Ranked, Ranking, Totals, combine, rank, rate, totals, totals_by_group
from ._template import PLACEHOLDERS
from .errors import InputError, Location, Problem, RenderError, TongbaoError

__all__ = [
    "PLACEHOLDERS",
    "AttachmentSpec",
    "Excluded",
    "InputError",
    "Location",
    "Notice",
    "Period",
    "Problem",
    "Ranked",
    "Ranking",
    "RenderError",
    "Tally",
    "TongbaoError",
    "Totals",
    "Unit",
    "combine",
    "compose",
    "format_date",
    "format_rate",
    "load",
    "rank",
    "rate",
    "read_counts",
    "round_half_up",
    "totals",
    "totals_by_group",
]
