"""The data model: JSON round trips, immutability, look-ups, the public surface."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import ttdn_graph
from ttdn_graph import Plan


def test_json_round_trip_is_lossless(seed: Plan, tphcm: Plan, lao_cai: Plan) -> None:
    for plan in (seed, tphcm, lao_cai):
        again = Plan.from_json(plan.to_json())
        assert again == plan
        assert again.to_json() == plan.to_json()


def test_models_are_frozen_and_hashable(seed: Plan) -> None:
    with pytest.raises(ValidationError):
        seed.number = "1/KH-UBND"  # type: ignore[misc]
    assert len({a for a in seed.agencies}) == len(seed.agencies)
    assert hash(seed.sections[0]) == hash(seed.sections[0].model_copy())


def test_section_lookup_error_names_nearby_ids(seed: Plan) -> None:
    with pytest.raises(KeyError, match=r"IV\.2\.a"):
        seed.section("IV.2.z")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("sở tt&tt", "Sở Thông tin và Truyền thông"),
        ("SO THONG TIN VA TRUYEN THONG", "Sở Thông tin và Truyền thông"),
        ("Sở Văn hoá - Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("công an tỉnh hưng yên", "Công an tỉnh"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("hung-yen/so-tai-chinh", "Sở Tài chính"),
    ],
)
def test_find_agency_forgives(seed: Plan, query: str, name: str) -> None:
    found = seed.find_agency(query)
    assert found is not None and found.name == name


def test_find_agency_unknown(seed: Plan) -> None:
    assert seed.find_agency("Sở Du hành vũ trụ") is None
    assert seed.find_agency("") is None
    with pytest.raises(KeyError, match="no agency matching"):
        seed.tasks_of("Sở Du hành vũ trụ")


def test_summary_and_html(seed: Plan) -> None:
    assert "187/KH-UBND" in seed.summary()
    assert "91 sections" in seed.summary()
    html = seed._repr_html_()
    assert "<b>Kế hoạch 187/KH-UBND</b>" in html
    assert "Nghị định 72/2015/NĐ-CP" in html


def test_public_surface_matches_all() -> None:
    for name in ttdn_graph.__all__:
        assert getattr(ttdn_graph, name) is not None
    assert set(ttdn_graph.__all__) >= {"parse", "Plan", "datasets", "PlanInputError"}


def test_parse_accepts_path_bytes_and_text(seed: Plan) -> None:
    path = ttdn_graph.datasets.hung_yen_2022_path()
    by_path = ttdn_graph.parse(path)
    by_str = ttdn_graph.parse(str(path))
    by_bytes = ttdn_graph.parse(path.read_bytes())
    by_text = ttdn_graph.parse(path.read_text(encoding="utf-8"))
    for plan in (by_path, by_str, by_bytes, by_text):
        assert plan.assignments == seed.assignments
        assert plan.source is not None and plan.source.sha256 == seed.source.sha256  # type: ignore[union-attr]


def test_parse_error_for_missing_file_like_name() -> None:
    with pytest.raises(ttdn_graph.PlanInputError, match="no such file"):
        ttdn_graph.parse("missing-plan.txt")
