"""The bundled plan's JSON and N-Triples equal the golden files (see tests/golden/README.md).

A failure here means an output changed. If the change is meant (a change of meaning, not
a refactoring), rewrite the files with ``python tests/test_golden.py --write`` and say why
in the commit.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def _outputs() -> dict[str, str]:
    from ttdn_graph import datasets
    from ttdn_graph.rdf import to_rdf

    plan = datasets.hung_yen_2022()
    nt = to_rdf(plan).serialize(format="nt")
    lines = sorted(line for line in nt.splitlines() if line.strip())
    return {"hung_yen_2022.json": plan.to_json() + "\n", "hung_yen_2022.nt": "\n".join(lines) + "\n"}


def _diff(name: str, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{name}", "now",
                                 lineterm="", n=1)
    return "\n".join(list(lines)[:60])


def test_bundled_plan_outputs_equal_the_golden_files() -> None:
    for name, actual in _outputs().items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert actual == expected, f"{name} changed:\n{_diff(name, expected, actual)}"


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    for name, text in _outputs().items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN / name}")
