"""The exports registry (issue 16): one entry per format, used by the library and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ttdn_graph import Plan, datasets
from ttdn_graph.cli import DEMO_FILES, main
from ttdn_graph.exports import EXPORTS, Export, Options, export, format_for, register, write


@pytest.fixture
def tsv() -> Iterator[Export]:
    def render(plan: Plan, options: Options) -> bytes:
        return "".join(f"{a.section}\t{a.agency}\t{a.role}\n" for a in plan.assignments).encode()

    entry = register(Export("tsv", ".tsv", "assignments as TSV", render))
    try:
        yield entry
    finally:
        EXPORTS.pop("tsv")


def test_a_new_format_is_one_registry_entry(tsv: Export, tmp_path: Path) -> None:
    plan = datasets.hung_yen_2022()
    expected = "".join(f"{a.section}\t{a.agency}\t{a.role}\n" for a in plan.assignments).encode()
    assert export(plan, "tsv") == expected
    assert write(plan, tmp_path / "a.tsv").read_bytes() == expected  # chosen by its suffix
    out = tmp_path / "cli.tsv"
    assert main(["export", str(datasets.hung_yen_2022_path()), "--to", "tsv", "-o", str(out)]) == 0
    assert out.read_bytes() == expected


def test_a_name_is_registered_once(tsv: Export) -> None:
    with pytest.raises(ValueError, match="registered already"):
        register(tsv)
    with pytest.raises(ValueError, match="must start with"):
        register(Export("odd", "odd", "no dot", tsv.render))


def test_suffixes_choose_within_their_group() -> None:
    assert format_for("m.csv", group="matrix").name == "matrix-csv"
    assert format_for("a.csv").name == "csv"
    assert format_for("x.PNG", group="matrix").name == "matrix-png"
    with pytest.raises(ValueError, match=r"no matrix format writes \.txt \(use \.png, \.svg"):
        format_for("m.txt", group="matrix")


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown export format 'rtf': use one of json, csv"):
        export(datasets.hung_yen_2022(), "rtf")


def test_every_demo_file_is_a_registered_format_of_its_suffix() -> None:
    for name, fmt in DEMO_FILES:
        assert fmt in EXPORTS
        assert EXPORTS[fmt].suffix == Path(name).suffix


def test_the_matrix_command_refuses_a_suffix_no_format_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.txt"
    assert main(["matrix", str(datasets.hung_yen_2022_path()), "-o", str(out)]) == 2
    assert "no matrix format writes .txt" in capsys.readouterr().err
    assert not out.exists()
