"""The NetworkX views."""

from __future__ import annotations

import io
from collections import Counter

import networkx as nx

from ttdn_graph import Plan
from ttdn_graph.nxgraph import agency_network, to_networkx


def test_kinds_and_relations(seed: Plan) -> None:
    g = to_networkx(seed)
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"plan", "section", "legal_document", "agency"}
    relations = Counter(d["relation"] for _, _, d in g.edges(data=True))
    assert relations["part_of"] == 91
    assert relations["based_on"] == 4
    assert relations["reports_to"] == 2


def test_each_assignment_is_exactly_one_edge(seed: Plan, tphcm: Plan, lao_cai: Plan) -> None:
    for plan in (seed, tphcm, lao_cai):
        g = to_networkx(plan)
        role_edges = [(g.nodes[u]["agency_id"], g.nodes[v]["section_id"], d["relation"])
                      for u, v, d in g.edges(data=True) if d["relation"] in ("lead", "support")]
        assert sorted(role_edges) == sorted((a.agency, a.section, a.role) for a in plan.assignments)


def test_agency_network_weights(seed: Plan) -> None:
    net = agency_network(seed)
    names = {n: d["label"] for n, d in net.nodes(data=True)}
    edges = {frozenset((names[u], names[v])): d for u, v, d in net.edges(data=True)}
    vp_tttt = edges[frozenset(("Văn phòng Ủy ban nhân dân tỉnh", "Sở Thông tin và Truyền thông"))]
    assert vp_tttt["weight"] == 2 and vp_tttt["tasks"] == "IV.1.e; IV.2.f"
    hub = max(nx.degree_centrality(net).items(), key=lambda kv: kv[1])[0]
    assert names[hub] == "Sở Thông tin và Truyền thông"


def test_graphml_round_trip(seed: Plan) -> None:
    g = to_networkx(seed)
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    back = nx.read_graphml(io.BytesIO(buf.getvalue()), force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()


def test_many_plans_merge_on_shared_nodes(seed: Plan, lao_cai: Plan) -> None:
    g = to_networkx([seed, lao_cai])
    plans = [n for n, d in g.nodes(data=True) if d["kind"] == "plan"]
    assert len(plans) == 2
    assert g.number_of_nodes() < to_networkx(seed).number_of_nodes() + to_networkx(lao_cai).number_of_nodes()
