"""Quick start: parse the bundled plan and print who leads and who supports each task.

Run it with ``python examples/quickstart.py [PLAN]``; without an argument it reads the
plan bundled with the package (Hưng Yên 187/KH-UBND, 2022).
"""

from __future__ import annotations

import sys

import ttdn_graph


def main(argv: list[str]) -> None:
    plan = ttdn_graph.parse(argv[0]) if argv else ttdn_graph.datasets.hung_yen_2022()
    print(plan.summary())
    names = {a.id: a.name for a in plan.agencies}
    for section in plan.sections:
        roles = plan.roles_in(section.id)
        if roles["lead"] or roles["support"]:
            lead = ", ".join(names[x] for x in roles["lead"]) or "-"
            support = ", ".join(names[x] for x in roles["support"]) or "-"
            print(f"{section.id:10} chủ trì: {lead} | phối hợp: {support}")


if __name__ == "__main__":
    main(sys.argv[1:])
