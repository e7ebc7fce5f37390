"""Framed JSON-LD (issue 13, part 6): the plan as one tree, plan -> sections -> assignments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from rdflib import Graph

from ttdn_graph import Plan
from ttdn_graph.rdf import to_rdf

pytest.importorskip("pyld")

from ttdn_graph.framing import frame_context, framed_jsonld


@pytest.fixture(scope="module")
def tree(seed: Plan) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(framed_jsonld(seed))
    return data


def _sections(node: dict[str, Any], parent: str | None = None) -> list[tuple[str, str | None, list[str]]]:
    out = []
    for sec in node.get("hasPart", []):
        roles = [f"{a['hadRole'].split(':')[-1].lower()} {a['agent'].rsplit('/', 1)[-1]}"
                 for a in sec.get("assignments", [])]
        out.append((sec["sectionId"], parent, roles))
        out += _sections(sec, sec["sectionId"])
    return out


def test_task_iv_1_e_holds_its_three_assignments_as_the_text_says(tree: dict[str, Any]) -> None:
    # line 103, under item 1 (Văn phòng UBND tỉnh): "e) Chủ trì, phối hợp với Sở Thông tin
    # và Truyền thông, Công an tỉnh và các cơ quan liên quan hướng dẫn ..."
    found = {sid: roles for sid, _, roles in _sections(tree)}
    assert sorted(found["IV.1.e"]) == ["lead van-phong-uy-ban-nhan-dan-tinh", "support cong-an-tinh",
                                       "support so-thong-tin-va-truyen-thong"]


def test_every_section_once_under_its_parent_in_document_order(tree: dict[str, Any], seed: Plan) -> None:
    body = [s for s in seed.sections]
    got = _sections(tree)
    assert [(sid, parent) for sid, parent, _ in got] == [(s.id, s.parent) for s in body]
    by_section = {s.id: sorted(f"{a.role} {a.agency.rsplit('/', 1)[-1]}" for a in seed.assignments
                               if a.section == s.id) for s in body}
    assert {sid: sorted(roles) for sid, _, roles in got} == by_section


def test_the_tree_says_nothing_the_graph_does_not(tree: dict[str, Any], seed: Plan) -> None:
    framed = Graph().parse(data=json.dumps(tree), format="json-ld")
    full = to_rdf(seed)
    extra = [t for t in framed if t not in full]
    assert len(framed) > 1000 and extra == []


def test_no_remote_context_is_fetched(seed: Plan) -> None:
    assert all(not isinstance(v, str) or not v.startswith("http") or k[0] != "@"
               for k, v in frame_context().items())
    from pyld import jsonld

    from ttdn_graph import framing

    with pytest.raises(jsonld.JsonLdError, match="never fetches"):
        framing._refuse("https://example.org/context.jsonld")


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    code = ("import sys; from ttdn_graph import datasets; from ttdn_graph.framing import framed_jsonld;"
            " sys.stdout.buffer.write(framed_jsonld(datasets.hung_yen_2022()))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


def test_deep_nesting_keeps_every_section_and_its_assignments() -> None:
    # "1.1.1.1..." twelve levels under II.1, the deepest naming its lead: the frame
    # follows the plan's own depth, so the assignment sits under the deepest section
    from ttdn_graph import parse

    items = ["1." + ".".join(["1"] * k) + " Mục con" for k in range(1, 12)]
    items[-1] = items[-1].replace("Mục con", "Sở Tài chính chủ trì tổ chức hội nghị.")
    plan = parse("I. MỤC ĐÍCH\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Nội dung\n\n" + "\n".join(items))
    deepest = plan.sections[-1].id
    assert [(a.section, a.role) for a in plan.assignments] == [(deepest, "lead")]
    found = _sections(json.loads(framed_jsonld(plan)))
    assert [sid for sid, _, _ in found] == [s.id for s in plan.sections]
    assert found[-1] == (deepest, plan.sections[-2].id, ["lead so-tai-chinh"])
