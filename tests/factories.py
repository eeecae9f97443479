"""The one notice with every optional part that the tests build on.

It is the seed notice as the project keeps it (examples/chengzhong-2018-03-04: its
title, texts and 27 units' counts, loaded as a user would), with each part a notice may
add: a red header and 发文字号, a 附注, a 版记 (抄送, 印发), the signature laid out
for a seal, a unit left out of the count, and the list of units that submitted nothing.
A test that asserts on a value names it: ``full_notice(cc=["区委办", "区人大办"])``.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

import attrs

import tongbao
from tongbao import Excluded, Notice

from .conftest import EXAMPLE

OPTIONAL_PARTS: dict[str, Any] = {
    "header": "西宁市城中区人民政府办公室文件",
    "doc_number": "城中政办〔2018〕12号",
    "note": "此件主动公开",
    "cc": ("区委办",),
    "printed_by": "区政府办公室",
    "printed_date": datetime.date(2018, 5, 11),
    "sealed": True,
    "excluded": (Excluded("区档案馆", "有独立网站"),),
}
"""The parts the seed notice does not have, as :func:`full_notice` adds them."""


@functools.cache
def _seed() -> Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def full_notice(**fields: Any) -> Notice:
    """The seed notice with every optional part; ``fields`` replace any of its fields."""
    seed = _seed()
    assert seed.attachment is not None
    parts = {
        **OPTIONAL_PARTS,
        "attachment": attrs.evolve(seed.attachment, list_zero_units=True),
    }
    return attrs.evolve(seed, **{**parts, **fields})
