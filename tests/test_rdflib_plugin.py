"""The rdflib parser plugin registered by entry point: format="ttdn-plan"."""

from __future__ import annotations

import io
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ttdn_graph import PlanInputError, datasets, parse
from ttdn_graph.rdf import to_rdf


def test_registered_by_entry_point() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="rdf.plugins.parser")}
    assert names.get("ttdn-plan") == "ttdn_graph.rdflib_plugin:PlanParser"


def test_a_path_gives_the_same_triples_as_to_rdf() -> None:
    path = datasets.hung_yen_2022_path()
    g = Graph().parse(path, format="ttdn-plan")
    assert len(g) > 500
    assert isomorphic(g, to_rdf(parse(path)))


def test_data_and_options(tmp_path: Path) -> None:
    text = datasets.hung_yen_2022_path().read_text(encoding="utf-8")
    g = Graph().parse(data=text, format="ttdn-plan", base="https://example.org/id/")
    assert {str(s) for s in g.subjects() if "/eli/vn-hung-yen/kh-ubnd/2021/187" in str(s)}
    assert not [s for s in g.subjects() if "w3id.org/ttdn-graph/id/" in str(s)]
    assert isomorphic(g, to_rdf(parse(text), base="https://example.org/id/"))
    # a plan in cp1258 read through a file object, with its encoding named
    from .test_decode import cp1258

    f = tmp_path / "plan.txt"
    f.write_bytes(cp1258(text))
    with pytest.raises(PlanInputError, match="cp1258"):  # not UTF-8: the error names the fix
        Graph().parse(f, format="ttdn-plan")
    g2 = Graph().parse(f, format="ttdn-plan", encoding="cp1258")
    assert isomorphic(g2, to_rdf(parse(f, encoding="cp1258")))
    # bytes with no file behind them, decoded as named
    g3 = Graph().parse(io.BytesIO(cp1258(text)), format="ttdn-plan", encoding="cp1258")
    assert isomorphic(g3, to_rdf(parse(cp1258(text), encoding="cp1258")))


def test_adds_to_a_graph_that_holds_other_plans() -> None:
    g = to_rdf(parse(datasets.hung_yen_2022_path()))
    n = len(g)
    g.parse(datasets.hung_yen_2022_path(), format="ttdn-plan")  # same plan: same triples
    assert len(g) == n


def test_not_a_plan_is_a_plan_input_error(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("Danh sách mua sắm tuần này: gạo, muối, nước mắm.\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"notes\.txt"):
        Graph().parse(f, format="ttdn-plan")
