"""Shared fixtures: the bundled plan and the corpus plans, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import ttdn_graph
from ttdn_graph import Plan, datasets

ASSETS = Path(__file__).parent / "assets"
TPHCM = ASSETS / "tphcm_3210_QD-UBND_2014.txt"
LAO_CAI = ASSETS / "lao_cai_du_thao_KH-UBND_2026_khoang_san.txt"


@pytest.fixture(scope="session")
def seed() -> Plan:
    return datasets.hung_yen_2022()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return datasets.hung_yen_2022_text()


@pytest.fixture(scope="session")
def tphcm() -> Plan:
    return ttdn_graph.parse(TPHCM)


@pytest.fixture(scope="session")
def lao_cai() -> Plan:
    return ttdn_graph.parse(LAO_CAI)


def roles(plan: Plan, prefix: str = "") -> set[tuple[str, str, str]]:
    """(section, agency key without the province scope, role) of a plan's assignments."""
    return {
        (a.section, a.agency.split("/")[-1], a.role)
        for a in plan.assignments
        if a.section.startswith(prefix)
    }
