"""Shared fixtures: the seed notice's figures, read from the real scraped copy."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

import tongbao

from . import tools

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "examples" / "chengzhong-2018-03-04"
SEED_PERIOD = tongbao.Period.parse("2018-03/2018-04")

settings.register_profile("ci", max_examples=200, derandomize=True, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("fuzz", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-tools",
        action="store_true",
        help="fail, rather than skip, a test whose system tool or font is missing "
        "(also TONGBAO_REQUIRE_TOOLS=1); CI runs with it",
    )


def pytest_configure(config: pytest.Config) -> None:
    tools.STRICT = bool(
        config.getoption("--require-tools") or os.environ.get("TONGBAO_REQUIRE_TOOLS")
    )


def read_seed_table() -> list[tuple[str, int, int, str]]:
    """The seed's attachment rows as printed: (name, submitted, adopted, printed rate).

    The scrape put pinyin in parentheses after some characters; it is removed here.
    Names stay in the scrape's traditional characters.
    """
    text = (DATA / "seed-scraped.txt").read_text(encoding="utf-8")
    text = re.sub(r"\([a-z\u00c0-\u024f]+\)", "", text)
    table = text[text.index("納率 |") + len("納率 |") :]
    cells = [c.strip() for c in table.replace("\n", "").split("|")]
    rows = []
    for i in range(0, len(cells) - 4, 5):
        _, name, submitted, adopted, printed = cells[i : i + 5]
        rows.append((name, int(submitted), int(adopted), printed))
    return rows


@pytest.fixture(scope="session")
def seed_rows() -> list[tuple[str, int, int, str]]:
    return read_seed_table()


@pytest.fixture(scope="session")
def seed_tallies() -> list[tongbao.Tally]:
    """The seed's 27 tallies, simplified names and groups, from the example's CSV."""
    with (EXAMPLE / "counts.csv").open(encoding="utf-8") as f:
        return [
            tongbao.Tally(
                tongbao.Unit(row["单位"], group=row["类别"]),
                SEED_PERIOD,
                int(row["报送数"]),
                int(row["采纳数"]),
            )
            for row in csv.DictReader(f)
        ]
