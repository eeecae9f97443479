"""Time tongbao.find_duplicates at scale against an exact-only hash grouping.

Two item sets, generated with a fixed seed from title templates as offices write them
(place, action, subject, kind, sometimes a date or a quarter), about 3% of them near
copies made the way offices make them (（更正） added, a date changed, punctuation or
full-width letters and digits changed, a word dropped) and some exact resubmissions:

* ``month``: 1,000,000 items over one month for 300 units (about 3,300 a unit);
* ``week``: the adversarial case, 100,000 items of ONE unit in one week, so every title
  is in every other's window and they share one place's vocabulary.

Baseline, measured in the same run over the same items: ``Counter`` of (unit, normal
form), exact duplicates only, ignoring dates — the least any duplicate finder must do.
Times are CPU seconds of this process (``time.process_time``: other work on a shared
machine disturbs them less than the wall clock), the best of ``--repeat`` runs. Peak
memory of each (tracemalloc, Python allocations, the items themselves not counted) is
measured in a separate run, since tracing slows both.

    python benchmarks/bench_dups.py                   # both sets
    python benchmarks/bench_dups.py --sets week --repeat 1
    python benchmarks/bench_dups.py --items 200000 --units 60   # a smaller month
"""

from __future__ import annotations

import argparse
import datetime
import random
import time
from collections import Counter

from _timing import peak

import tongbao
from tongbao._items import normalize_title


def words(text: str) -> list[str]:
    return text.split()


PLACES = [
    *(f"{name}镇" for name in words("城东 城西 南川 北山 总寨 彭家寨 大堡子 湟中 多巴 鲁沙尔")),
    *(f"{name}街道" for name in words("人民街 南滩 仓门街 礼让街 饮马街 兴海路 南山路 胜利路")),
]
VILLAGES = [f"{a}{b}村" for a in "上下东西南北前后" for b in "庄沟湾滩寨堡台营"]
ACTIONS = words("召开 开展 部署 推进 举办 启动 组织 扎实推进 全面开展 积极推进 深入开展 持续推进")
SUBJECTS = words("""
安全生产 脱贫攻坚 环境卫生整治 扫黑除恶专项斗争 河长制 森林防火 春季植树 防汛抗旱
人居环境整治 “两学一做”学习教育 食品安全 消防安全 禁毒宣传 普法宣传 创建全国文明城市
垃圾分类 农村饮水安全 医疗保障 社会救助 退役军人服务 征兵 人口普查 秸秆禁烧 大气污染防治
道路交通安全 校园安全 信访维稳 营商环境 “放管服”改革 乡村振兴 基层党建 党风廉政建设
民族团结进步创建 网格化管理 社区矫正 农村危房改造 高标准农田建设 农民工工资支付 疫苗接种
妇女儿童权益保障 老年人关爱 残疾人帮扶 文化惠民 全民健身 非法集资宣传 燃气安全 冬春火灾防控
农村“三资”清理 土地确权 城乡医保征缴 电信诈骗防范 未成年人保护 节能减排""")
KINDS = words("""
工作会议 专题培训 督导检查 宣传活动 动员大会 推进会 专项检查 集中整治行动 现场观摩会
座谈会 排查行动 应急演练 工作 志愿服务活动 主题党日活动""")
QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度", "上半年", "2018年"]


def title(rnd: random.Random, place: str, day: datetime.date) -> str:
    """A title as offices write them."""
    shape = rnd.random()
    action, subject, kind = rnd.choice(ACTIONS), rnd.choice(SUBJECTS), rnd.choice(KINDS)
    if shape < 0.3:
        return f"{place}{action}{subject}{kind}"
    if shape < 0.5:
        return f"{place}{rnd.choice(VILLAGES)}{action}{subject}{kind}"
    if shape < 0.7:
        return f"{place}于{day.month}月{day.day}日{action}{subject}{kind}"
    if shape < 0.85:
        return f"{place}{action}{rnd.choice(QUARTERS)}{subject}{kind}"
    return f"关于{place}{action}{subject}{kind}的情况报告"


def near_copy(rnd: random.Random, text: str, day: datetime.date) -> str:
    """A copy as offices resubmit it: corrected, redated, repunctuated, full-width."""
    change = rnd.randrange(5)
    if change == 0:
        return text + rnd.choice(["（更正）", "(更正稿)", "【更正】"])
    if change == 1 and f"{day.month}月{day.day}日" in text:
        return text.replace(f"{day.month}月{day.day}日", f"{day.month}月{day.day % 28 + 1}日")
    if change == 2:
        cut = rnd.randrange(1, len(text))
        return f"{text[:cut]}，{text[cut:]}。"
    if change == 3:
        return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + " "
    cut = rnd.randrange(len(text) - 1)
    return text[:cut] + text[cut + 1 :]


def make_items(
    count: int, units: int, first: datetime.date, days: int, seed: int = 20180510
) -> list[tongbao.Item]:
    rnd = random.Random(seed)
    names = [f"{rnd.choice(PLACES)}第{i + 1}单位" for i in range(units)]
    places = [rnd.choice(PLACES) for _ in range(units)]
    items: list[tongbao.Item] = []
    for _ in range(count):
        unit = rnd.randrange(units)
        if items and rnd.random() < 0.04:  # a copy of a recent item of the same unit
            source = items[-rnd.randint(1, min(len(items), 50 * units))]
            if source.unit == names[unit]:
                day = source.submitted_on + datetime.timedelta(days=rnd.randint(0, 3))
                text = source.title
                if rnd.random() < 0.75:  # about 3% near copies, 1% exact ones
                    text = near_copy(rnd, text, source.submitted_on)
                items.append(tongbao.Item(source.unit, text, day))
                continue
        day = first + datetime.timedelta(days=rnd.randrange(days))
        adopted = rnd.random() < 0.3
        items.append(tongbao.Item(names[unit], title(rnd, places[unit], day), day, adopted=adopted))
    return items


def baseline(items: list[tongbao.Item]) -> int:
    """Exact duplicates only: how many (unit, normal form) occur more than once."""
    seen = Counter((item.unit, normalize_title(item.title)) for item in items)
    return sum(1 for n in seen.values() if n > 1)


def run(label: str, items: list[tongbao.Item], repeat: int) -> None:
    base = found = float("inf")
    result: tuple[tongbao.Duplicate, ...] = ()
    for _ in range(repeat):  # interleaved, so a busy machine slows both alike
        start = time.process_time()
        exact_titles = baseline(items)
        base = min(base, time.process_time() - start)
        start = time.process_time()
        result = tongbao.find_duplicates(items)
        found = min(found, time.process_time() - start)
    base_peak = peak(lambda: baseline(items))
    found_peak = peak(lambda: tongbao.find_duplicates(items))
    exact = sum(1 for d in result if d.exact)
    copies = sum(len(d.items) for d in result)
    print(f"{label}: {len(items):,} items, {len({i.unit for i in items})} units, best of {repeat}")
    print(f"  Counter of normal forms  {base:8.2f} s   peak {base_peak / 2**20:7.1f} MiB")
    print(f"  find_duplicates          {found:8.2f} s   peak {found_peak / 2**20:7.1f} MiB")
    print(f"  ratio                    {found / base:8.1f}x")
    print(
        f"  {len(result):,} groups ({exact:,} exact) of {copies:,} items;"
        f" titles seen twice or more: {exact_titles:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=["month", "week"], default=["month", "week"])
    parser.add_argument("--items", type=int, default=1_000_000, help="items in the month set")
    parser.add_argument("--units", type=int, default=300, help="units in the month set")
    parser.add_argument("--week-items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if "month" in args.sets:
        items = make_items(args.items, args.units, datetime.date(2018, 3, 1), 31)
        run("month", items, args.repeat)
    if "week" in args.sets:
        items = make_items(args.week_items, 1, datetime.date(2018, 3, 5), 7)
        run("week (one unit)", items, args.repeat)


if __name__ == "__main__":
    main()
