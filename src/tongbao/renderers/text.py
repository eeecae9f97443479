"""Plain text: tables drawn by tabulate, aligned by display width (wcwidth).

Chinese characters take two columns in a terminal; tabulate measures them with wcwidth
so the columns line up.
"""

from __future__ import annotations

from ..document import Table

__all__ = ["format_table"]


def format_table(table: Table, tablefmt: str = "simple") -> str:
    """``table`` as text in tabulate's ``tablefmt``; group rows span no columns here."""
    import tabulate  # noqa: PLC0415 - ~50 ms; only when a table is drawn

    width = len(table.columns)
    rows = [list(row.cells) + [""] * (width - len(row.cells)) for row in table.rows]
    return tabulate.tabulate(
        rows,
        headers=[c.heading for c in table.columns],
        tablefmt=tablefmt,
        colalign=[c.align for c in table.columns],
        disable_numparse=True,
    )
