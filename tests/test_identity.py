"""Identity rules (docs/rdf.md, "Identity"): one IRI per real-world thing.

Documents by jurisdiction, type, year and number; a plan cited by another plan is the
plan's own node; assignments, citations, deadlines and recipients named from what they
say, so an edit elsewhere in the plan renames nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

import ttdn_graph
from ttdn_graph import Plan
from ttdn_graph.namespace import ELI, TTDN
from ttdn_graph.rdf import DEFAULT_BASE, document_iri, plan_iri, to_rdf

CORPUS = Path(__file__).parent / "assets" / "corpus"


@pytest.fixture(scope="module")
def corpus() -> list[Plan]:
    return [ttdn_graph.parse(p) for p in sorted(CORPUS.glob("*.txt"))]


def _moved_to(text: str, province: str, upper: str) -> str:
    """The bundled plan as another province would write it (same numbers, same words)."""
    return text.replace("Hưng Yên", province).replace("HƯNG YÊN", upper)


def test_same_local_number_in_two_provinces_is_two_documents(seed: Plan, seed_text: str) -> None:
    other = ttdn_graph.parse_text(_moved_to(seed_text, "Quảng Ninh", "QUẢNG NINH"))
    assert other.province == "Quảng Ninh"
    g = to_rdf([seed, other])
    docs = sorted(str(d) for d in g.subjects(ELI.number, Literal("27/2019/QĐ-UBND")))
    assert docs == [f"{DEFAULT_BASE}eli/vn-hung-yen/qd-ubnd/2019/27",
                    f"{DEFAULT_BASE}eli/vn-quang-ninh/qd-ubnd/2019/27"]
    for doc in docs:  # each province's decision: one plan based on it, one issuer
        assert len(set(g.subjects(ELI.based_on, URIRef(doc)))) == 1
        assert len(set(g.objects(URIRef(doc), ELI.passed_by))) == 1
    # the national decree both cite stays one node
    nd = URIRef(f"{DEFAULT_BASE}eli/vn/nd-cp/2015/72")
    assert set(g.subjects(ELI.based_on, nd)) == {plan_iri(seed), plan_iri(other)}


def test_a_local_number_without_issuer_belongs_to_the_citing_plans_province(corpus: list[Plan]) -> None:
    # Đồng Tháp 556 cites "Kế hoạch số 371/KH-UBND ... của Ủy ban nhân dân tỉnh Tiền Giang":
    # the issuer names its province, which wins over the citing plan's
    plan = next(p for p in corpus if p.number == "556/KH-UBND")
    iris = {r.number: str(document_iri(r, plan=plan)) for r in (*plan.legal_bases, *plan.citations)}
    assert iris["371/KH-UBND"] == f"{DEFAULT_BASE}eli/vn-tien-giang/kh-ubnd/2023/371"
    assert iris["310/KH-UBND"] == f"{DEFAULT_BASE}eli/vn-dong-thap/kh-ubnd/2024/310"
    # with no issuer at all, the citing plan's province
    bare = next(r for r in plan.citations if r.number == "310/KH-UBND").model_copy(
        update={"issuer": None, "issuer_id": None})
    assert str(document_iri(bare, plan=plan)) == f"{DEFAULT_BASE}eli/vn-dong-thap/kh-ubnd/2024/310"


def test_one_national_resolution_cited_by_six_plans_is_one_node(corpus: list[Plan]) -> None:
    # "71/NQ-CP" (Hà Nội writes "71/NQ -CP"), cited by six plans of five provinces and
    # the Prime Minister (one of them misdates it: 01/5/2025 for 01/4/2025)
    g = to_rdf(corpus)
    nodes = {d for d in g.subjects(RDF.type, ELI.LegalResource)
             if str(d).startswith(f"{DEFAULT_BASE}eli/vn/nq-cp/") and str(d).endswith("/71")}
    assert nodes == {URIRef(f"{DEFAULT_BASE}eli/vn/nq-cp/2025/71")}
    doc = nodes.pop()
    assert list(g.objects(doc, ELI.number)) == [Literal("71/NQ-CP")]
    citing = set(g.subjects(ELI.based_on, doc)) | set(g.subjects(ELI.cites, doc))
    assert len(citing) == 6


def test_a_plan_cited_by_another_plan_is_the_plans_own_node(seed: Plan, seed_text: str) -> None:
    # a later plan of the same province, based on the bundled plan
    later = seed_text.replace("Số: *187*/KH-UBND", "Số: *25*/KH-UBND").replace(
        "ngày *13* tháng *12* năm 2021", "ngày *10* tháng *02* năm 2022").replace(
        "Thực hiện Nghị định số 72/2015/NĐ-CP",
        "Căn cứ Kế hoạch số 187/KH-UBND ngày 13/12/2021 của UBND tỉnh về hoạt động thông tin"
        " đối ngoại tỉnh Hưng Yên năm 2022; Nghị định số 72/2015/NĐ-CP", 1)
    citing = ttdn_graph.parse_text(later)
    assert citing.number == "25/KH-UBND"
    assert "187/KH-UBND" in [b.number for b in citing.legal_bases]
    g = to_rdf([seed, citing])
    assert (plan_iri(citing), ELI.based_on, plan_iri(seed)) in g
    assert len(set(g.subjects(ELI.number, Literal("187/KH-UBND")))) == 1


def test_numbers_have_one_spelling(seed_text: str) -> None:
    typed = seed_text.replace("72/2015/NĐ-CP", "72/2015/ND-CP").replace("27/2019/QĐ-UBND", "27/2019/QD-UBND")
    plan = ttdn_graph.parse_text(typed)
    assert [b.number for b in plan.legal_bases][:3] == ["72/2015/NĐ-CP", "22/2016/TT-BTTTT", "27/2019/QĐ-UBND"]


def _named_nodes(g: Graph) -> dict[URIRef, set[URIRef]]:
    return {cls: {URIRef(str(n)) for n in g.subjects(RDF.type, cls)}
            for cls in (TTDN.Assignment, TTDN.Citation, TTDN.Deadline, TTDN.Recipient)}


def test_removing_one_supporting_agency_renames_no_other_node(seed: Plan, seed_text: str) -> None:
    cue = "Chủ trì, phối hợp với Sở Thông tin và Truyền thông, Công an tỉnh"
    assert seed_text.count(cue) == 1
    edited = ttdn_graph.parse_text(seed_text.replace(cue, "Chủ trì, phối hợp với Sở Thông tin và Truyền thông"))
    gone = {(a.section, a.agency, a.role) for a in seed.assignments} - {
        (a.section, a.agency, a.role) for a in edited.assignments}
    assert gone == {("IV.1.e", "hung-yen/cong-an-tinh", "support")}
    before, after = _named_nodes(to_rdf(seed)), _named_nodes(to_rdf(edited))
    p = plan_iri(seed)
    assert plan_iri(edited) == p
    assert before[TTDN.Assignment] - after[TTDN.Assignment] == {
        URIRef(f"{p}/assignment/IV.1.e/support/hung-yen/cong-an-tinh")}
    assert after[TTDN.Assignment] <= before[TTDN.Assignment]
    for cls in (TTDN.Citation, TTDN.Deadline, TTDN.Recipient):
        assert after[cls] == before[cls] and before[cls]


def test_equal_contents_get_stable_suffixes(seed: Plan) -> None:
    # the bundled plan has two report deadlines of different dates and no collision;
    # a plan that cites one document twice names the second citation "-2"
    twice = seed.model_copy(update={"citations": (seed.legal_bases[0].model_copy(update={"is_basis": False}),)})
    g = to_rdf(twice)
    p = plan_iri(twice)
    cites = sorted(str(c) for c in g.objects(p, TTDN.citation))
    assert f"{p}/citation/vn-nd-cp-2015-72" in cites and f"{p}/citation/vn-nd-cp-2015-72-2" in cites


def test_a_draft_is_named_by_title_issuer_and_year(lao_cai: Plan) -> None:
    assert lao_cai.number is None
    iri = str(plan_iri(lao_cai))
    assert iri.startswith(f"{DEFAULT_BASE}eli/vn-lao-cai/ke-hoach/2026/draft-")
    body_edit = lao_cai.model_copy(update={"text": lao_cai.text + "\nmột dòng thêm", "source": None})
    assert str(plan_iri(body_edit)) == iri
    retitled = lao_cai.model_copy(update={"title": (lao_cai.title or "") + " (sửa)"})
    assert str(plan_iri(retitled)) != iri


def test_one_vietnamese_label_per_agency_across_plans() -> None:
    """Hà Nội's plans call their committee "Ủy ban nhân dân thành phố"; a Government
    resolution names it "Ủy ban nhân dân thành phố Hà Nội". Merged, the node has one
    Vietnamese prefLabel (SKOS allows one per language), and each plan keeps its own
    spelling on its link to the agency."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from ttdn_graph import parse_file
    from ttdn_graph.namespace import TTDN
    from ttdn_graph.rdf import agency_iri, from_rdf, to_rdf

    from .conftest import ASSETS

    own = parse_file(ASSETS / "corpus" / "ha_noi_308_KH-UBND_2025_du_lieu_chuyen_doi_so.txt")
    national = parse_file(ASSETS / "corpus" / "national_380_NQ-CP_2025_thien_tai_mien_trung.txt")
    merged = Graph()
    merged += to_rdf(own)
    merged += to_rdf(national)
    node = agency_iri("ha-noi/uy-ban-nhan-dan-tinh")
    labels = [str(x) for x in merged.objects(node, SKOS.prefLabel) if x.language == "vi"]
    assert labels == ["Ủy ban nhân dân thành phố Hà Nội"]
    written = {str(x) for x in merged.objects(None, TTDN.nameInPlan)} & {
        "Ủy ban nhân dân thành phố", "Ủy ban nhân dân thành phố Hà Nội"}
    assert written == {"Ủy ban nhân dân thành phố", "Ủy ban nhân dân thành phố Hà Nội"}
    assert from_rdf(to_rdf(own)) == own  # the plan's own spelling comes back
