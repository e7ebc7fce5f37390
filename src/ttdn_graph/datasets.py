"""The bundled dataset: Hưng Yên province's plan 187/KH-UBND for 2022.

Every feature works out of the box on it::

    >>> from ttdn_graph import datasets
    >>> plan = datasets.hung_yen_2022()
    >>> plan.number
    '187/KH-UBND'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from .models import Plan

__all__ = ["HUNG_YEN_2022", "hung_yen_2022", "hung_yen_2022_path", "hung_yen_2022_text"]

#: File name of the bundled plan inside the package's ``data`` folder.
HUNG_YEN_2022 = "hung_yen_187_KH-UBND_2021.txt"


def hung_yen_2022_path() -> Path:
    """Path of the bundled plan's text file."""
    return Path(str(resources.files("ttdn_graph").joinpath("data", HUNG_YEN_2022)))


def hung_yen_2022_text() -> str:
    """The bundled plan's text, exactly as shipped."""
    return hung_yen_2022_path().read_text(encoding="utf-8")


@cache
def hung_yen_2022() -> Plan:
    """The bundled plan, parsed (cached: plans are immutable)."""
    from .pipeline import parse_bytes

    return parse_bytes(hung_yen_2022_path().read_bytes(), source=f"ttdn_graph/data/{HUNG_YEN_2022}")
