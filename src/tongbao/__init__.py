"""tongbao: information-submission notices (信息报送情况通报) from tallies.

The public surface is what ``__all__`` lists; everything in ``_``-modules is private.
"""

from ._model import Tally, Unit
from ._numfmt import format_date, format_rate, round_half_up
from ._period import Period
from ._stats import Ranked, Ranking, Totals, combine, rank, rate, totals, totals_by_group
from .errors import InputError, Location, Problem, RenderError, TongbaoError

__all__ = [
    "InputError",
    "Location",
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
    "format_date",
    "format_rate",
    "rank",
    "rate",
    "round_half_up",
    "totals",
    "totals_by_group",
]
