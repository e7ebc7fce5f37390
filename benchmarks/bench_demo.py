"""End-to-end time of the demo, with ``import matplotlib.pyplot`` timed in the same run
for scale. Prints figures; nothing is asserted.

    python benchmarks/bench_demo.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([*cmd, tmp] if cmd[-1] == "demo" else cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    demo = timed([sys.executable, "-m", "ttdn_graph", "demo"], args.repeat)
    mpl = timed([sys.executable, "-c", "import matplotlib.pyplot"], args.repeat)
    bare = timed([sys.executable, "-c", "pass"], args.repeat)
    print(f"ttdn-graph demo (all outputs): {demo:.2f} s median of {args.repeat}")
    print(f"python -c 'import matplotlib.pyplot': {mpl:.2f} s; python -c pass: {bare:.2f} s")
    print(f"demo / matplotlib import: {demo / mpl:.1f}x")


if __name__ == "__main__":
    main()
