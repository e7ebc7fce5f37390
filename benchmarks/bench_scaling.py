"""Parse time against input size on an adversarial text: one paragraph that repeats
"X chủ trì, phối hợp với Y ...". Role extraction used to look at every agency mention of
the paragraph for every cue (quadratic: 3 s at 0.5 MB, 77 s at 2 MB); it should now grow
linearly. Prints seconds per size (median of --repeat runs) and the ratio of each size to
the one before (about 2.0 when linear).

    python benchmarks/bench_scaling.py            # 0.5, 1, 2 and 4 MB
    python benchmarks/bench_scaling.py 0.25 0.5 --repeat 3

With ``--plan-shaped MB`` it times instead a text shaped like a real plan, as large as
the default size limit allows (20 MB): the bundled plan's header and closing around
parts in capitals (task parts and implementation parts in turn), each holding numbered items taken in turn from
the bundled plan (their letters, agencies, roles, citations and deadlines with them).
Prints the seconds and what was found, so that a parse that silently found nothing
does not pass for a fast one. Goal (issue 14): 20 MB in under 60 s.

    python benchmarks/bench_scaling.py --plan-shaped 20
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from ttdn_graph import datasets, parse_text

HEAD = "KẾ HOẠCH\nSố: 1/KH-UBND\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n"
UNIT = "Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức tuyên truyền; "


def text_of(megabytes: float) -> str:
    return HEAD + UNIT * int(megabytes * 1e6 / len(UNIT.encode("utf-8"))) + "\n"


def roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def plan_shaped(megabytes: float) -> str:
    """About ``megabytes`` MB (UTF-8) of plan: numbered items of the bundled plan, renumbered
    and grouped under at most 80 parts (the parts a Roman numeral of 7 letters reaches)."""
    plan = datasets.hung_yen_2022()
    text = plan.text
    items = [text[s.span.start : s.span.end].strip() for s in plan.sections if s.kind == "number"]
    items = [re.sub(r"^\d{1,3}\s*[.)]\s*", "", item) for item in items]
    first = min(s.span.start for s in plan.sections)
    last = max(s.span.end for s in plan.sections)
    head, closing = text[:first], text[last:]
    target = int(megabytes * 1e6)
    per_item = sum(len(i.encode("utf-8")) for i in items) / len(items)
    count = max(1, int(target / per_item))
    parts = min(80, count)
    per_part = -(-count // parts)
    assert per_part <= 999, "items are numbered with at most three digits"
    body, k = [], 0
    for part in range(1, parts + 1):
        name = "TỔ CHỨC THỰC HIỆN" if part % 2 == 0 else "NHIỆM VỤ TRỌNG TÂM"
        body.append(f"{roman(part)}. {name} NHÓM {part}")
        for number in range(1, per_part + 1):
            body.append(f"{number}. {items[k % len(items)]}")
            k += 1
    return head + "\n\n".join(body) + "\n" + closing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=float, default=[0.5, 1, 2, 4], metavar="MB")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--plan-shaped", type=float, metavar="MB",
                    help="time one plan-shaped text of this size instead (goal: 20 MB in < 60 s)")
    args = ap.parse_args()
    if args.plan_shaped:
        text = plan_shaped(args.plan_shaped)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan = parse_text(text)
            times.append(time.perf_counter() - start)
        print(f"plan-shaped {len(text.encode('utf-8')) / 1e6:.1f} MB: {statistics.median(times):.1f} s"
              f" (median of {args.repeat}); {len(plan.sections)} sections,"
              f" {len(plan.assignments)} assignments, {len(plan.agencies)} agencies,"
              f" {len(plan.deadlines)} deadlines", flush=True)
        return
    previous = None
    for mb in args.sizes:
        text = text_of(mb)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            parse_text(text)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        ratio = f"  x{median / previous:.2f} of the size before" if previous else ""
        print(f"{mb:5.2f} MB  {median:7.2f} s{ratio}", flush=True)
        previous = median


if __name__ == "__main__":
    main()
