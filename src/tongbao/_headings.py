"""Which figure a data file's column holds, from its heading as offices write it.

Real sheets head their columns 报送数, 报送条数, 本季度报送, 1-6月累计采用, 考核得分,
市政府网采用 …: this module names the figure behind each (``submitted``,
``ytd_adopted``, ``score``, ``level:市政府网``), a leading period word read as the
notice's period (本月, 本季度 …) or the year to date (本年, 累计, 1-6月 …). Pure: text in,
figures out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

__all__ = [
    "COUNT_FIGURES",
    "FIELD_OF",
    "FIGURE_NAMES",
    "ITEM_FIELD_OF",
    "PRINTED_ALIASES",
    "Header",
    "clean_heading",
    "figure_name",
    "level_fields",
    "recognise",
]

FIGURE_NAMES: dict[str, str] = {
    "unit": "单位",
    "group": "类别",
    "no": "序号",
    "submitted": "报送数",
    "adopted": "采纳数",
    "rate": "采纳率",
    "month": "月份",
    "score": "得分",
    "quota": "任务数",
    "instructions": "批示数",
    "completion": "完成率",
    "parent": "上级单位",
    "title": "标题",
    "submitted_on": "报送日期",
    "level": "采用级别",
}
"""Each figure a data column can hold, by the name notices give it."""

COUNT_FIGURES = ("submitted", "adopted", "score", "quota", "instructions")
"""Figures that are counts (or a score) of a unit, summed by 合计 rows and months."""

# A heading's leading qualifier says which period its figure covers: the notice's own
# (本月, 本季度 …) or the year to date (本年, 累计, 1-3月累计 …). Year to date first:
# 本年累计 must not stop at 本年.
_YTD_QUALIFIER = re.compile(
    r"^(本年度?累计|年度累计|本年度?|全年|累计|1?\d(?:-|—|~|至)1?\d月份?(?:累计)?)"
)
_CURRENT_QUALIFIER = re.compile(r"^(本月份?|本季度?|本期|本周|当月|当期|1?\d月份?)")
_YTD_SUFFIX = "累计"


def figure_name(figure: str) -> str:
    """A figure as a notice names it: ``报送数``, ``市政府网采用``, ``累计得分``."""
    if figure.startswith("ytd_"):
        return "累计" + figure_name(figure.removeprefix("ytd_"))
    kind, _, level = figure.partition(":")
    if kind == "level":
        return f"{level}采用"
    return FIGURE_NAMES.get(figure, figure)


def clean_heading(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).lower()
    text = "".join(text.split())
    return re.sub(r"\((条|个|%|％|件|篇|分)\)$", "", text)


_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("单位", "单位名称", "报送单位", "单位(部门)", "部门", "unit", "name", "unitname"),
    "submitted": (
        "报送数",
        "报送条数",
        "报送数量",
        "报送信息数",
        "报送信息条数",
        "报送",
        "上报数",
        "上报条数",
        "上报",
        "submitted",
    ),
    "adopted": (
        "采纳数",
        "采纳条数",
        "采纳数量",
        "采用数",
        "采用条数",
        "采用数量",
        "采纳",
        "采用",
        "采纳发布数",
        "采用发布数",
        "采用信息数",
        "adopted",
    ),
    "group": ("类别", "分类", "类型", "分组", "单位类别", "group", "category"),
    "no": ("序号", "编号", "no", "no.", "#", "number"),
    "rate": ("采纳率", "采用率", "采发率", "信息采发率", "rate", "adoptionrate"),
    "month": ("月份", "月", "统计月份", "month"),
    "score": ("得分", "分数", "考核得分", "总得分", "合计得分", "综合得分", "积分", "score"),
    "quota": ("任务数", "任务", "任务条数", "目标任务数", "任务量", "quota"),
    "instructions": ("批示", "批示数", "批示件数", "领导批示", "批示条数", "instructions"),
    "completion": ("完成率", "任务完成率", "completion"),
    "parent": ("上级单位", "所属单位", "主管单位", "parent"),
}
FIELD_OF = {alias: field for field, names in _ALIASES.items() for alias in names}

_ITEM_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": (
        *_ALIASES["unit"],
        "上报单位",
        "报送部门",
        "来稿单位",
        "供稿单位",
        "投稿单位",
        "信息来源",
        "来源单位",
    ),
    "group": (*_ALIASES["group"], "单位类型", "单位分类"),
    "title": (
        "标题",
        "信息标题",
        "题目",
        "稿件标题",
        "文章标题",
        "信息名称",
        "信息题目",
        "title",
        "subject",
    ),
    "submitted_on": (
        "报送日期",
        "报送时间",
        "上报时间",
        "上报日期",
        "提交时间",
        "提交日期",
        "报送日期时间",
        "投稿时间",
        "来稿时间",
        "发送时间",
        "日期",
        "submitted_on",
        "submittedon",
        "date",
    ),
    "adopted": (
        "是否采用",
        "是否采纳",
        "采用情况",
        "采纳情况",
        "采用状态",
        "采纳状态",
        "是否录用",
        "adopted",
    ),
    "level": (
        "采用级别",
        "采用栏目",
        "采用层级",
        "采用等级",
        "采纳级别",
        "发布栏目",
        "采用刊物",
        "level",
    ),
    "instructions": (
        "批示",
        "领导批示",
        "批示情况",
        "是否批示",
        "批示内容",
        "instructions",
        "instructed",
    ),
}
ITEM_FIELD_OF = {alias: field for field, names in _ITEM_ALIASES.items() for alias in names}
"""An item log's headings (one row per submitted item), each with the figure it holds:
``unit``, ``group``, ``title``, ``submitted_on``, ``adopted`` (是否采用), ``level``
(采用级别) and ``instructions`` (批示). A header with a title and a date column is an
item log's."""

_PRINTED_ONLY: dict[str, tuple[str, ...]] = {
    "rank": ("排名", "名次", "排序", "rank"),
    "rate": ("采纳比例",),
}
"""Headings read in a published table and not in a data file: tongbao ranks the units
itself (a data file's 排名 is not read), and 采纳比例 was never a data file's heading."""
PRINTED_ALIASES: dict[str, tuple[str, ...]] = {
    figure: _ALIASES.get(figure, ()) + _PRINTED_ONLY.get(figure, ())
    for figure in ("no", "rank", "unit", "group", "submitted", "adopted", "rate", "score")
}
"""The headings of a published table's columns, by the figure each holds; the first is
the usual one. A data file's headings for the same figures, and :data:`_PRINTED_ONLY`."""
_QUALIFIED = frozenset({"submitted", "adopted", "score", "quota", "instructions"})
"""Figures a period qualifier may precede (本季度报送, 1-3月累计采用)."""


def level_fields(levels: Sequence[str]) -> dict[str, str]:
    """Headings that name a level's adoptions: the level, or it with 采用/采纳 (条数)."""
    fields = {}
    for level in levels:
        name = clean_heading(level)
        for suffix in ("", "采用", "采纳", "采用数", "采纳数", "采用条数", "采纳条数"):
            fields[name + suffix] = f"level:{level}"
    return fields


def recognise(heading: str, named: dict[str, str]) -> str | None:
    """The figure a cleaned heading names, with a leading period qualifier understood."""
    field = named.get(heading)
    if field is not None or not heading:
        return field
    for pattern, whole_year in ((_YTD_QUALIFIER, True), (_CURRENT_QUALIFIER, False)):
        match = pattern.match(heading)
        if match is None:
            continue
        rest = heading[match.end() :]
        ytd = whole_year or rest.startswith(_YTD_SUFFIX)
        rest = rest.removeprefix(_YTD_SUFFIX)
        field = named.get(rest)
        if field is not None and (field in _QUALIFIED or field.startswith("level:")):
            return f"ytd_{field}" if ytd else field
    if heading.startswith(_YTD_SUFFIX):
        field = named.get(heading.removeprefix(_YTD_SUFFIX))
        if field is not None and (field in _QUALIFIED or field.startswith("level:")):
            return f"ytd_{field}"
    return None


@attrs.frozen
class Header:
    """A data file's header row as read: each column's heading and the figure it holds.

    ``figure`` is ``None`` for a column tongbao does not read (备注 …).
    """

    file: str
    place: str
    headings: tuple[tuple[str, str | None], ...]

    @property
    def figures(self) -> frozenset[str]:
        """The figures the file holds."""
        return frozenset(figure for _, figure in self.headings if figure is not None)

    def written(self) -> str:
        """The headings as written: ``单位, 市政府办采用, 得分``."""
        return ", ".join(heading for heading, _ in self.headings if heading)

    def explained(self) -> list[str]:
        """Which heading was read as which figure: ``本季度报送 → 报送数 (submitted)``."""
        lines = []
        for heading, figure in self.headings:
            if not heading:
                continue
            if figure is None:
                lines.append(f"{heading} → not read")
            else:
                lines.append(f"{heading} → {figure_name(figure)} ({figure})")
        return lines
