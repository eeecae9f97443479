"""Time tongbao.read_items() of a CSV item log against a plain csv.reader + Counter loop.

The log is generated with a fixed seed: a year of a district's submissions, one row per
item (序号, 单位, 类别, 信息标题, 报送时间, 是否采用, 采用级别, 领导批示), unit names and
titles as offices write them, timestamps to the second, some with an offset (+08:00 or
Z), a third of the items adopted at one of three levels, a few with an instruction.

Baseline, measured in the same run over the same file: ``csv.reader`` over the file
opened as text and a ``collections.Counter`` of (unit, the date's first 7 characters,
the adoption cell) of every row, the least any count of items must do (it checks
nothing and converts no offset). Measured: ``read_items(path).counts()``, every row
checked. The two run in turn ``--repeat`` times; the ratio of the best runs and the
median ratio of the pairs are both reported (on a shared machine whose speed drifts,
a pair meets the same drift). The goal (issue #17) is a ratio of at most 1.5 at a
million rows. Peak memory of each (tracemalloc, Python allocations) is reported too:
the file is read whole, so tongbao's peak is about its size.

    python benchmarks/bench_items.py                   # 1,000,000 rows
    python benchmarks/bench_items.py --rows 100000 --repeat 5
    python benchmarks/bench_items.py --quoted          # some titles hold a comma (quoted)
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
import tempfile
from collections import Counter
from pathlib import Path

from _timing import paired, peak

import tongbao

TOWNS = ["城东", "城西", "城南", "城北", "总寨", "南川", "彭家寨", "大堡子", "多巴", "甘河滩"]
KINDS = ["镇", "乡", "街道"]
BUREAUS = [
    "发展和改革局", "教育局", "科学技术局", "公安分局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "生态环境分局", "住房和城乡建设局", "交通运输局",
    "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "信访局", "城市管理局", "行政审批服务局",
]  # fmt: skip
TOPICS = [
    "春耕生产", "防汛抗旱", "安全生产大检查", "优化营商环境", "乡村振兴", "疫情防控",
    "重点项目建设", "招商引资", "民生实事", "生态环境保护", "文明城市创建", "扫黑除恶专项斗争",
    "河湖长制", "秸秆禁烧", "冬季供暖", "农民工工资清欠", "食品安全", "消防安全",
]  # fmt: skip
FORMS = [
    "{unit}扎实推进{topic}工作",
    "{unit}召开{topic}专题会议",
    "{unit}“三个到位”抓好{topic}",
    "{topic}工作简报（第{n}期）",
    "{unit}多措并举做好{topic}，成效明显",
    "关于{unit}{topic}工作进展情况的报告",
    "{unit}：{topic}取得阶段性成果",
]
LEVELS = ["市政府网", "省政府网", "国务院网"]
HEADINGS = ["序号", "单位", "类别", "信息标题", "报送时间", "是否采用", "采用级别", "领导批示"]


def units() -> list[tuple[str, str]]:
    towns = [(f"{t}{KINDS[i % 3]}", "镇街") for i, t in enumerate(TOWNS)]
    bureaus = [(f"区{b}", "部门") for b in BUREAUS]
    return towns + bureaus


def write(path: Path, rows: int, *, quoted: bool = False, seed: int = 20180510) -> None:
    rnd = random.Random(seed)
    pool = units()
    weights = [rnd.randint(1, 20) for _ in pool]
    start = datetime.datetime(2018, 1, 1)  # noqa: DTZ001 - local times, as offices write them
    seconds = 365 * 86400
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADINGS)
        for n in range(1, rows + 1):
            unit, group = rnd.choices(pool, weights)[0]
            title = rnd.choice(FORMS).format(unit=unit, topic=rnd.choice(TOPICS), n=n % 60 + 1)
            if quoted and rnd.random() < 0.01:
                title += "，投入资金1,200万元"
            moment = start + datetime.timedelta(seconds=rnd.randrange(seconds))
            kind = rnd.random()
            if kind < 0.85:
                when = moment.strftime("%Y-%m-%d %H:%M:%S")
            elif kind < 0.95:
                when = moment.strftime("%Y-%m-%dT%H:%M:%S+08:00")
            else:
                when = (moment - datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
            adopted = rnd.random() < 0.35
            level = rnd.choice(LEVELS) if adopted else ""
            note = "区长批示：请各单位学习借鉴" if adopted and rnd.random() < 0.05 else ""
            writer.writerow([n, unit, group, title, when, "是" if adopted else "否", level, note])


def baseline(path: Path) -> Counter[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        next(reader)
        return Counter((row[1], row[4][:7], row[5]) for row in reader)


def measured(path: Path) -> object:
    return tongbao.read_items(path, levels=LEVELS).counts()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quoted", action="store_true", help="1%% of titles hold a comma")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.csv"
        write(path, args.rows, quoted=args.quoted)
        size = path.stat().st_size
        counts = tongbao.read_items(path, levels=LEVELS).counts()
        total = sum(m.submitted for m in counts.months.values())
        assert total == args.rows, (total, args.rows)
        assert sum(baseline(path).values()) == args.rows
        base, ours, median = paired(lambda: baseline(path), lambda: measured(path), args.repeat)
        quoted = " (quoted titles)" if args.quoted else ""
        print(f"item log: {args.rows:,} rows, {size / 1e6:.1f} MB{quoted}")
        print(f"baseline csv.reader + Counter: {base:.3f} s (CPU, best of {args.repeat})")
        print(f"read_items(...).counts():      {ours:.3f} s")
        print(f"ratio of the best runs: {ours / base:.2f} (goal: at most 1.5)")
        print(f"median ratio of {args.repeat} pairs run in turn: {median:.2f}")
        if not args.no_memory:
            print(f"peak memory, baseline:   {peak(lambda: baseline(path)) / 1e6:.1f} MB")
            print(f"peak memory, read_items: {peak(lambda: measured(path)) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
