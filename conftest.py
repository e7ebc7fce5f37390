"""Doctest namespace for the examples in the package's docstrings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, object]) -> None:
    import ttdn_graph
    from ttdn_graph import datasets

    doctest_namespace["ttdn_graph"] = ttdn_graph
    doctest_namespace["datasets"] = datasets
