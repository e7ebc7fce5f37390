"""Parse time against input size on an adversarial text: one paragraph that repeats
"X chủ trì, phối hợp với Y ...". Role extraction used to look at every agency mention of
the paragraph for every cue (quadratic: 3 s at 0.5 MB, 77 s at 2 MB); it should now grow
linearly. Prints seconds per size (median of --repeat runs) and the ratio of each size to
the one before (about 2.0 when linear).

    python benchmarks/bench_scaling.py            # 0.5, 1, 2 and 4 MB
    python benchmarks/bench_scaling.py 0.25 0.5 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import time

from ttdn_graph import parse_text

HEAD = "KẾ HOẠCH\nSố: 1/KH-UBND\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n"
UNIT = "Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức tuyên truyền; "


def text_of(megabytes: float) -> str:
    return HEAD + UNIT * int(megabytes * 1e6 / len(UNIT.encode("utf-8"))) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=float, default=[0.5, 1, 2, 4], metavar="MB")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
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
