"""Auditing a published notice: every printed figure recomputed, every disagreement placed.

:func:`audit` takes a :class:`~tongbao._published.Published` notice and returns a
:class:`Finding` for each figure that disagrees with what its counts give: each rate
against its counts (naming the rounding that would explain a wrong one), totals in the
text and in 合计/小计 rows against the table's sums, ranks and ties, the 附件说明 against
the attachments' titles, unreadable cells, and any sentence whose percentage is near,
but not at, a ratio of two of its counts. Findings are worded in Chinese for the
office, with an English ``kind`` for machines. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

from ._model import Tally, Unit
from ._numfmt import round_half_up
from ._period import Period
from ._published import Published, PublishedRow, PublishedTable, parse_count, parse_rate
from ._stats import TIES, rank, totals

__all__ = [
    "KINDS",
    "Finding",
    "TextFigure",
    "audit",
    "explain_rounding",
    "rate_agrees",
    "table_tallies",
    "text_figures",
]

FindingKind = Literal[
    "rate",
    "count",
    "total_row",
    "text_total",
    "rank",
    "attachment_title",
    "unreadable",
    "sentence_rate",
    "inferred",
]

KINDS: dict[str, str] = {
    "rate": "a unit's printed rate is not its counts' rate",
    "count": "a unit's counts cannot be: more adopted than submitted, or adoptions by "
    "level that do not add up to its 采纳数",
    "total_row": "a 合计 or 小计 row is not the sum of its rows",
    "text_total": "a total in the body text is not the table's sum",
    "rank": "a printed rank is not the place the printed figures give",
    "attachment_title": "the 附件说明 names a title the attachment does not have",
    "unreadable": "a cell that should hold a figure cannot be read (?)",
    "sentence_rate": "a sentence's percentage is near, but not at, a ratio of its counts",
    "inferred": "(import only) a part the notice lacks, made up from the rest: check it",
}
"""Every finding kind, with what it means."""

# Any single period of one tally stands for the period the table counts: the audit
# compares counts only.
_ANY_PERIOD = Period.months_of(2000, 1)


@attrs.frozen
class Finding:
    """One figure of a published notice that disagrees with the others.

    ``place`` is in the notice's own terms (``附件第17行 区建设局 采纳率``,
    ``正文第2段``); ``printed`` is the figure as printed, ``computed`` what the counts
    give (``None`` when nothing can be computed); ``explanation`` names a rounding
    that would give the printed figure, if one does.
    """

    kind: FindingKind
    place: str
    printed: str
    computed: str | None
    message: str
    explanation: str | None = None

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str | None]:
        """The finding as plain data (``tongbao audit --json``)."""
        return {
            "kind": self.kind,
            "place": self.place,
            "printed": self.printed,
            "computed": self.computed,
            "explanation": self.explanation,
            "message": self.message,
        }


# --- rates and rounding -------------------------------------------------------------


def _percent(value: Fraction, places: int) -> Decimal:
    return round_half_up(value * 100, places)


def rate_agrees(exact: Fraction, printed: str, places: int) -> bool:
    """Whether ``printed`` (``"57.10"``, ``places`` decimals) is ``exact`` rounded half up.

    Trailing zeros are padding: ``57.10`` for 16/28 agrees, as 57.1 rounded to one
    decimal and printed with two.
    """
    value = Decimal(printed)
    shortest = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return any(_percent(exact, p) == value for p in range(min(shortest, places), places + 1))


def _truncate(value: Fraction, places: int) -> Decimal:
    scaled = value * 100 * 10**places
    return Decimal(scaled.numerator // scaled.denominator).scaleb(-places)


def _half_even(value: Fraction, places: int) -> Decimal:
    scaled = value * 100 * 10**places
    return Decimal(round(scaled)).scaleb(-places)  # Fraction rounds half to even, exactly


def explain_rounding(exact: Fraction, printed: str, places: int) -> str | None:
    """A rounding that turns ``exact`` into ``printed``, in Chinese, or ``None``.

    Tried in turn: truncation and half-to-even (banker's) at the printed precision
    (an exact half gives both), then half up or truncation at another precision.
    """
    value = Decimal(printed)
    truncated = _truncate(exact, places) == value
    even = _half_even(exact, places) == value
    if truncated and even:
        return f"截断（舍去）或四舍六入五成双到{places}位小数可得此数"
    if truncated:
        return f"截断（舍去）到{places}位小数可得此数"
    if even:
        return f"四舍六入五成双（银行家舍入）到{places}位小数可得此数"
    for other in range(5):
        if other != places and _percent(exact, other) == value:
            return f"四舍五入到{other}位小数可得此数"
        if other != places and _truncate(exact, other) == value:
            return f"截断到{other}位小数可得此数"
    return None


# --- the table ------------------------------------------------------------------------


def _row_name(table: PublishedTable, row: PublishedRow) -> str:
    return table.cell(row, "unit") or (row.cells[0] if row.cells else "")


def _where(label: str, table: PublishedTable, row: PublishedRow, field: str) -> str:
    return f"{label}第{row.number}行 {_row_name(table, row)} {table.heading(field)}"


def table_tallies(
    table: PublishedTable,
) -> list[tuple[PublishedRow, int | None, int | None]]:
    """Each unit row with its counts as printed (``None`` where a count cannot be read)."""
    out = []
    for row in table.rows:
        if row.kind != "unit":
            continue
        submitted = table.cell(row, "submitted")
        adopted = table.cell(row, "adopted")
        out.append(
            (
                row,
                parse_count(submitted) if submitted is not None else None,
                parse_count(adopted) if adopted is not None else None,
            )
        )
    return out


def _rate_findings(
    label: str, table: PublishedTable, row: PublishedRow, submitted: int, adopted: int
) -> Iterator[Finding]:
    cell = table.cell(row, "rate")
    if cell is None:
        return
    where = _where(label, table, row, "rate")
    parsed = parse_rate(cell)
    exact = Fraction(adopted, submitted) if submitted else None
    if parsed is None:
        yield Finding(
            "unreadable",
            where,
            cell,
            _shown(exact, 0),
            f'{where} "{cell}" 无法识别'
            + (
                f"（按 {adopted}/{submitted} 应为 {_shown(exact, 0)}）" if exact is not None else ""
            ),
        )
        return
    if isinstance(parsed, str):  # printed as undefined: a dash or nothing
        if exact is not None:
            yield Finding(
                "rate",
                where,
                cell,
                _shown(exact, 1),
                f'{where} 印为 "{cell}"，但 {adopted}/{submitted} 为 {_shown(exact, 1)}',
            )
        return
    digits, places = parsed
    if exact is None:
        if Decimal(digits) != 0:
            yield Finding(
                "rate",
                where,
                cell,
                None,
                f'{where} 印为 "{cell}"，但该单位未报送信息（0/0），采纳率无从计算',
            )
        return
    if not rate_agrees(exact, digits, places):
        computed = _shown(exact, places)
        explanation = explain_rounding(exact, digits, places)
        yield Finding(
            "rate",
            where,
            cell,
            computed,
            f'{where} 印为 "{cell}"，按 {adopted}/{submitted} 四舍五入应为 "{computed}"'
            + (f"；{explanation}" if explanation else "；没有哪种舍入能得出此数"),
            explanation,
        )


def _shown(exact: Fraction | None, places: int) -> str:
    return "—" if exact is None else f"{_percent(exact, places)}%"


def _table_findings(label: str, table: PublishedTable) -> Iterator[Finding]:
    counted: list[tuple[PublishedRow, int, int]] = []
    section: list[tuple[int, int]] = []
    groups: dict[int, int] = {}  # row number -> its group's index, for ranks within groups
    group = 0
    for row in table.rows:
        if row.kind == "group":
            section = []
            group += 1
            continue
        if row.kind in ("total", "subtotal"):
            scope = [(s, a) for _, s, a in counted] if row.kind == "total" else section
            yield from _sum_findings(label, table, row, scope)
            section = []
            continue
        numbers = {}
        for field in ("submitted", "adopted"):
            cell = table.cell(row, field)
            if cell is None:
                continue
            number = parse_count(cell)
            if number is None:
                where = _where(label, table, row, field)
                yield Finding("unreadable", where, cell, None, f'{where} "{cell}" 无法识别')
            numbers[field] = number
        submitted, adopted = numbers.get("submitted"), numbers.get("adopted")
        if submitted is None or adopted is None:
            continue
        if adopted > submitted:
            where = _where(label, table, row, "adopted")
            yield Finding(
                "count",
                where,
                str(adopted),
                None,
                f"{where} {adopted} 多于报送数 {submitted}",
            )
            continue
        yield from _level_findings(label, table, row, adopted)
        groups[row.number] = group
        counted.append((row, submitted, adopted))
        section.append((submitted, adopted))
        yield from _rate_findings(label, table, row, submitted, adopted)
    yield from _rank_findings(label, table, counted, groups)


def _level_findings(
    label: str, table: PublishedTable, row: PublishedRow, adopted: int
) -> Iterator[Finding]:
    """Adoptions by level (市级采用, 省级采用 …) against the row's 采纳数."""
    levels = [f for f in table.fields if f is not None and f.startswith("level:")]
    if not levels:
        return
    counts = []
    for field in levels:
        cell = table.cell(row, field) or ""
        number = parse_count(cell) if cell else 0
        if number is None:
            where = _where(label, table, row, field)
            yield Finding("unreadable", where, cell, None, f'{where} "{cell}" 无法识别')
            return
        counts.append(number)
    if sum(counts) != adopted:
        where = _where(label, table, row, "adopted")
        yield Finding(
            "count",
            where,
            str(adopted),
            str(sum(counts)),
            f"{where} 印为 {adopted}，但各级采用数相加为 {sum(counts)}",
        )


def _sum_findings(
    label: str, table: PublishedTable, row: PublishedRow, scope: Sequence[tuple[int, int]]
) -> Iterator[Finding]:
    name = "合计" if row.kind == "total" else "小计"
    sums = {"submitted": sum(s for s, _ in scope), "adopted": sum(a for _, a in scope)}
    for field, computed in sums.items():
        cell = table.cell(row, field)
        if not cell:
            continue
        number = parse_count(cell)
        where = f"{label}第{row.number}行 {name} {table.heading(field)}"
        if number is None:
            yield Finding("unreadable", where, cell, str(computed), f'{where} "{cell}" 无法识别')
        elif number != computed:
            yield Finding(
                "total_row",
                where,
                cell,
                str(computed),
                f"{where} 印为 {cell}，但各行相加为 {computed}",
            )
    cell = table.cell(row, "rate")
    if cell:
        fake = PublishedRow(row.number, row.cells, "unit")
        for finding in _rate_findings(label, table, fake, sums["submitted"], sums["adopted"]):
            yield attrs.evolve(
                finding,
                kind="total_row" if finding.kind == "rate" else finding.kind,
                place=finding.place.replace(f" {_row_name(table, row)} ", f" {name} "),
                message=finding.message.replace(f" {_row_name(table, row)} ", f" {name} "),
            )


def _rank_findings(
    label: str,
    table: PublishedTable,
    counted: list[tuple[PublishedRow, int, int]],
    groups: dict[int, int],
) -> Iterator[Finding]:
    """Printed ranks against the places the printed counts give (within each group).

    The table's own rule is taken to be the one, among ranking by rate (exact or as
    printed), adopted or submitted, with competition or dense ties, that explains the
    most rows; rows it does not explain are reported.
    """
    if table.column("rank") is None or not counted:
        return
    printed: list[int | None] = []
    for row, _, _ in counted:
        cell = table.cell(row, "rank") or ""
        printed.append(parse_count(cell.removeprefix("第").removesuffix("名")))
    tallies = [
        Tally(
            Unit(f"{k}#{_row_name(table, row)}", group=str(groups.get(row.number, 0))),
            _ANY_PERIOD,
            s,
            a,
        )
        for k, (row, s, a) in enumerate(counted)
    ]
    places = [
        p[1]
        for row, _, _ in counted
        if isinstance(p := parse_rate(table.cell(row, "rate") or ""), tuple)
    ]
    shown = max(places, default=0)
    best: tuple[int, str, dict[str, int | None]] | None = None
    for by in ("rate", "adopted", "submitted"):
        for ties in TIES:
            for rate_places in (None, shown) if by == "rate" else (None,):
                ranking = rank(tallies, by, ties=ties, rate_places=rate_places, per_group=True)
                places_of = {entry.tally.unit.name: entry.rank for entry in ranking}
                score = sum(
                    1 for t, p in zip(tallies, printed, strict=True) if places_of[t.unit.name] == p
                )
                rule = f"{by}/{ties}/{rate_places}"
                if best is None or score > best[0]:
                    best = (score, rule, places_of)
    assert best is not None
    _, rule, places_of = best
    by = rule.split("/")[0]
    basis = {"rate": "采纳率", "adopted": "采纳数", "submitted": "报送数"}[by]
    for tally, expected, (row, _, _) in zip(tallies, printed, counted, strict=True):
        computed = places_of[tally.unit.name]
        if computed != expected:
            cell = table.cell(row, "rank") or ""
            where = _where(label, table, row, "rank")
            shown_rank = "不排名" if computed is None else f"第{computed}名"
            yield Finding(
                "rank",
                where,
                cell,
                "—" if computed is None else str(computed),
                f'{where} 印为 "{cell}"，按印出的{basis}应为{shown_rank}',
            )


# --- the text -------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(%?)")
_NOT_A_COUNT = re.compile(r"\s*(年|月|日|号|季度|时|点|期|批|次|版|届|〕|]|岁)")
_ADOPTED_WORDS = ("采纳", "采用", "发布", "刊用", "录用", "刊发", "刊载")
_SUBMITTED_WORDS = ("报送", "上报", "报来", "提供", "投稿")


@attrs.frozen
class TextFigure:
    """A figure of the body text read as a total: where it is and what it claims."""

    paragraph: int
    start: int
    end: int
    figure: Literal["submitted", "adopted", "rate"]
    printed: str
    places: int


def _counts_in(sentence: str) -> list[int]:
    counts = []
    for match in _NUMBER.finditer(sentence):
        if match[2] or "." in match[1]:
            continue
        rest = sentence[match.end() :]
        before = sentence[: match.start()]
        if _NOT_A_COUNT.match(rest) or before.endswith(("第", "〔", "[")) or rest.startswith("-"):
            continue
        if before.endswith("-") and _NOT_A_COUNT.match(rest.lstrip("-0123456789")):
            continue
        counts.append(int(match[1].replace(",", "")))
    return counts


def text_figures(paragraphs: Sequence[str], unit_names: Sequence[str]) -> list[TextFigure]:
    """The figures in ``paragraphs`` that state a total: items submitted, adopted, the rate.

    A count is read as a total when the clause before it says 报送 (submitted) or
    采纳/采用/发布 (adopted, the word nearest the number deciding), a percentage when
    the clause says 率; clauses that name a unit of the table speak of that unit and
    are left out.
    """
    names = [n for n in unit_names if n]
    found = []
    for index, text in enumerate(paragraphs):
        for sentence in _SENTENCE.finditer(text):
            if any(name in sentence[0] for name in names):
                continue
            clause_start = sentence.start()
            for match in _NUMBER.finditer(text, sentence.start(), sentence.end()):
                before = text[clause_start : match.start()]
                cut = max(before.rfind(c) for c in "，,、：:")
                clause = before[cut + 1 :] if cut >= 0 else before
                rest = text[match.end() :]
                if match[2]:
                    if "率" in clause:
                        places = len(match[1].partition(".")[2])
                        found.append(
                            TextFigure(index, match.start(), match.end(), "rate", match[1], places)
                        )
                    continue
                if (
                    "." in match[1]
                    or _NOT_A_COUNT.match(rest)
                    or not rest.startswith(("条", "篇", "件"))
                ):
                    continue
                last = {
                    word: clause.rfind(word)
                    for word in (*_ADOPTED_WORDS, *_SUBMITTED_WORDS)
                    if word in clause
                }
                if not last:
                    continue
                nearest = max(last, key=lambda w: last[w])
                figure: Literal["submitted", "adopted"] = (
                    "adopted" if nearest in _ADOPTED_WORDS else "submitted"
                )
                found.append(TextFigure(index, match.start(), match.end(), figure, match[1], 0))
    return found


def _text_findings(published: Published, tallies: list[tuple[int, int]]) -> Iterator[Finding]:
    whole = totals(Tally("x", _ANY_PERIOD, s, a) for s, a in tallies)
    names = [
        _row_name(a.table, row)
        for a in published.attachments
        if a.table is not None
        for row in a.table.rows
    ]
    reported: set[tuple[int, int]] = set()
    for figure in text_figures(published.paragraphs, names):
        where = f"正文第{figure.paragraph + 1}段"
        if figure.figure == "rate":
            exact = whole.rate
            if exact is None or rate_agrees(exact, figure.printed, figure.places):
                continue
            if _near_own_ratio(published.paragraphs[figure.paragraph], figure):
                continue  # the sentence's own counts: the sentence check reports it
            computed = _shown(exact, figure.places)
            explanation = explain_rounding(exact, figure.printed, figure.places)
            reported.add((figure.paragraph, figure.start))
            yield Finding(
                "text_total",
                where,
                f"{figure.printed}%",
                computed,
                f"{where} 采纳率印为 {figure.printed}%，按附件合计 {whole.adopted}/"
                f"{whole.submitted} 应为 {computed}" + (f"；{explanation}" if explanation else ""),
                explanation,
            )
            continue
        computed_count = whole.submitted if figure.figure == "submitted" else whole.adopted
        printed = int(figure.printed.replace(",", ""))
        if printed != computed_count:
            heading = "报送数" if figure.figure == "submitted" else "采纳数"
            yield Finding(
                "text_total",
                where,
                figure.printed,
                str(computed_count),
                f"{where} {heading}合计印为 {figure.printed}，附件各行相加为 {computed_count}",
            )
    yield from _sentence_findings(published.paragraphs, reported)


def _near_own_ratio(text: str, figure: TextFigure) -> bool:
    """Whether the rate ``figure`` is within 0.1 points of a ratio of its sentence's counts."""
    for sentence in _SENTENCE.finditer(text):
        if sentence.start() <= figure.start < sentence.end():
            counts = _counts_in(sentence[0])
            printed = Fraction(Decimal(figure.printed))
            return any(
                abs(Fraction(a, b) * 100 - printed) <= Fraction(1, 10)
                for a in counts
                for b in counts
                if b and a <= b
            )
    return False


def _sentence_findings(
    paragraphs: Sequence[str], reported: set[tuple[int, int]]
) -> Iterator[Finding]:
    for index, text in enumerate(paragraphs):
        for sentence in _SENTENCE.finditer(text):
            counts = _counts_in(sentence[0])
            if len(counts) < 2:
                continue
            for match in _NUMBER.finditer(text, sentence.start(), sentence.end()):
                if not match[2] or (index, match.start()) in reported:
                    continue
                printed = match[1]
                places = len(printed.partition(".")[2])
                ratios = {Fraction(a, b) for a in counts for b in counts if b and a <= b and a != b}
                if any(rate_agrees(r, printed, places) for r in ratios):
                    continue
                near = [
                    r
                    for r in ratios
                    if abs(r * 100 - Fraction(Decimal(printed))) <= Fraction(1, 10)
                ]
                if not near:
                    continue
                closest = min(near, key=lambda r: abs(r * 100 - Fraction(Decimal(printed))))
                computed = _shown(closest, places)
                explanation = explain_rounding(closest, printed, places)
                where = f"正文第{index + 1}段"
                yield Finding(
                    "sentence_rate",
                    where,
                    f"{printed}%",
                    computed,
                    f"{where} “{sentence[0].strip()}”中 {printed}% 与 "
                    f"{_ratio_text(closest, counts)} 不符，应为 {computed}"
                    + (f"；{explanation}" if explanation else ""),
                    explanation,
                )


def _ratio_text(value: Fraction, counts: list[int]) -> str:
    for b in counts:
        for a in counts:
            if b and Fraction(a, b) == value:
                return f"{a}/{b}"
    return str(value)


def audit(published: Published) -> list[Finding]:
    """Every disagreement among the figures of ``published``, in reading order.

    The body first (totals in the text, sentences with counts and a percentage), then
    the 附件说明, then each attachment's rows. An empty list means every figure agrees.
    """
    findings: list[Finding] = []
    counted: list[tuple[int, int]] = []
    table_findings: list[Finding] = []
    for attachment in published.attachments:
        if attachment.table is None:
            continue
        table_findings.extend(_table_findings(attachment.label, attachment.table))
        for _, submitted, adopted in table_tallies(attachment.table):
            if submitted is not None and adopted is not None and adopted <= submitted:
                counted.append((submitted, adopted))
    findings.extend(_text_findings(published, counted))
    findings.extend(_title_findings(published))
    findings.extend(table_findings)
    return findings


def _title_findings(published: Published) -> Iterator[Finding]:
    titles = [a.title for a in published.attachments]
    notes = published.attachment_notes
    for k, note in enumerate(notes):
        title = titles[k] if k < len(titles) else None
        if title is None:
            yield Finding(
                "attachment_title",
                "附件说明",
                note,
                None,
                f"附件说明第{k + 1}项 “{note}” 没有对应的附件",
            )
        elif _same(note) != _same(title):
            label = published.attachments[k].label
            yield Finding(
                "attachment_title",
                "附件说明",
                note,
                title,
                f"附件说明为 “{note}”，但{label}的标题为 “{title}”",
            )
    for k in range(len(notes), len(titles)):
        if notes:
            yield Finding(
                "attachment_title",
                "附件说明",
                "",
                titles[k],
                f"附件说明未列出{published.attachments[k].label} “{titles[k]}”",
            )


def _same(text: str) -> str:
    return re.sub(r"[\s《》“”\"]", "", text).rstrip("。.")
