"""Corpus report: what the parser reads in each real plan of a folder, at a glance.

    python benchmarks/corpus_report.py ../shared/corpus        # or tests/assets/corpus
    python benchmarks/corpus_report.py DIR --gold tests/corpus_expected --details

For every ``*.txt`` plan of DIR it prints one row: sections, legal bases, agencies by
level, lead and support assignments, warnings, task coverage (the share of task units of
the implementation part that got a lead), and, where a hand-checked gold file
``<gold>/<stem>.json`` exists, precision, recall and F1 of the assignments against it.
An assignment matches a gold one when its section id and role are the same and its
agency is the gold one (by folded name or alias, as the plan's forgiving look-up
resolves the gold name, or as the name the gold's full wording opens with). Run it before and after every parser change. It prints; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import ttdn_graph
from ttdn_graph import Plan, PlanInputError
from ttdn_graph.agencies import AgencyMatcher
from ttdn_graph.normalize import fold, normalize

ROOT = Path(__file__).resolve().parent.parent


def _agency_matches(plan: Plan, gold_name: str, agency_id: str) -> bool:
    ag = plan.agency(agency_id)
    key = fold(gold_name)
    if key in {fold(ag.name), *(fold(a) for a in ag.aliases)}:
        return True
    found = plan.find_agency(gold_name)
    if found is not None and found.id == agency_id:
        return True
    # the gold writes the name in full with a qualifier the parser's canonical name leaves
    # out ("Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực
    # thuộc Trung ương"): the name the gold opens with is the agency
    opening = AgencyMatcher.for_province(plan.province).find(normalize(gold_name).text)
    return bool(opening) and opening[0].start == 0 and opening[0].agency.id == agency_id


def score(plan: Plan, gold: dict) -> tuple[float, float, float, list[str], list[str]]:
    """Precision, recall, F1 of the plan's assignments against a gold file; misses; extras."""
    predicted = [(a.section, a.agency, a.role) for a in plan.assignments]
    predicted = list(dict.fromkeys(predicted))
    expected = [(g["section"], g["agency"], g["role"], g.get("line")) for g in gold["assignments"]]
    expected = list({(s, fold(n), r): (s, n, r, ln) for s, n, r, ln in expected}.values())
    used: set[int] = set()
    missed: list[str] = []
    for sec, name, role, line in expected:
        hit = next((i for i, (ps, pa, pr) in enumerate(predicted)
                    if i not in used and ps == sec and pr == role and _agency_matches(plan, name, pa)),
                   None)
        if hit is None:
            missed.append(f"l.{line} {sec} {role} {name}")
        else:
            used.add(hit)
    extra = [f"{s} {r} {plan.agency(a).name}" for i, (s, a, r) in enumerate(predicted) if i not in used]
    tp = len(used)
    p = tp / len(predicted) if predicted else (1.0 if not expected else 0.0)
    r = tp / len(expected) if expected else (1.0 if not predicted else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, missed, extra


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "corpus_expected")
    ap.add_argument("--details", action="store_true", help="list missed and extra assignments")
    args = ap.parse_args()
    files = sorted(args.folder.glob("*.txt"))
    if not files:
        print(f"no .txt plans in {args.folder}", file=sys.stderr)
        return 2
    head = (f"{'plan':34} {'ms':>4} {'sec':>4} {'bas':>3} {'agencies (level)':24} {'lead':>4} {'sup':>3}"
            f" {'warn':>4} {'cover':>7} {'P':>5} {'R':>5} {'F1':>5}")
    print(head)
    print("-" * len(head))
    f1s: list[float] = []
    details: list[str] = []
    for path in files:
        t0 = time.perf_counter()
        try:
            plan = ttdn_graph.parse(path)
        except PlanInputError as exc:
            print(f"{path.stem[:34]:34} ERROR {exc}")
            gold_path = args.gold / f"{path.stem}.json"
            if gold_path.exists():
                f1s.append(0.0)
            continue
        ms = (time.perf_counter() - t0) * 1000
        levels = Counter(a.level for a in plan.agencies)
        lv = " ".join(f"{k[:4]}{v}" for k, v in sorted(levels.items()))
        leads = sum(a.role == "lead" for a in plan.assignments)
        cov = getattr(plan, "coverage", None)
        cover = f"{cov.led}/{cov.tasks}" if cov is not None else "-"
        prf = ("-", "-", "-")
        gold_path = args.gold / f"{path.stem}.json"
        if gold_path.exists():
            gold = json.loads(gold_path.read_text("utf-8"))
            p, r, f, missed, extra = score(plan, gold)
            f1s.append(f)
            prf = (f"{p:.2f}", f"{r:.2f}", f"{f:.2f}")
            if args.details and (missed or extra):
                details.append(f"\n{path.stem}:")
                details += [f"  missed {m}" for m in missed]
                details += [f"  extra  {e}" for e in extra]
        print(f"{path.stem[:34]:34} {ms:4.0f} {len(plan.sections):4} {len(plan.legal_bases):3}"
              f" {lv:24} {leads:4} {len(plan.assignments) - leads:3} {len(plan.warnings):4}"
              f" {cover:>7} {prf[0]:>5} {prf[1]:>5} {prf[2]:>5}")
    if f1s:
        print(f"\nmean assignment F1 over {len(f1s)} plans with gold: {sum(f1s) / len(f1s):.2f}")
    for line in details:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
