"""The package's structure: no import circle, the library never imports its CLI, the
model imports no stage, and every public name and submodule is reachable from
``import ttdn_graph`` (issue 16)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import networkx as nx

import ttdn_graph

PACKAGE = Path(ttdn_graph.__file__).parent
#: modules that are not stages of the parser: the model may use these
_NOT_STAGES = {"errors", "patterns", "files", "_optional", "namespace", "cues", "text"}


def _runtime_imports(path: Path) -> set[str]:
    """Sibling modules ``path`` imports at run time (at the top or inside functions),
    leaving out imports under ``if TYPE_CHECKING:`` which never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.ImportFrom) or node.level != 1:
            continue
        if node.module:
            found.add(node.module.split(".")[0])
        else:
            found |= {alias.name for alias in node.names}
    return found


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.glob("*.py"):
        graph.add_node(path.stem)
        for target in _runtime_imports(path):
            graph.add_edge(path.stem, target)
    return graph


def test_the_walker_sees_an_import_inside_a_function_and_skips_type_checking(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n"
                      "def f():\n    from .b import B\n    from . import c\n", encoding="utf-8")
    assert _runtime_imports(module) == {"b", "c"}


def test_no_import_circle() -> None:
    circles = list(nx.simple_cycles(import_graph()))
    assert circles == [], f"import circles: {circles}"


def test_the_library_never_imports_its_cli() -> None:
    graph = import_graph()
    importers = sorted(m for m in graph.predecessors("cli") if m != "__main__")
    assert importers == []


def test_the_model_imports_no_stage() -> None:
    stages = set(import_graph().successors("models")) - _NOT_STAGES
    assert stages == set(), f"models imports stages {sorted(stages)}"


def test_every_submodule_and_public_name_is_reachable_from_a_fresh_import() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules([str(PACKAGE)]) if not m.name.startswith("_"))
    code = ("import ttdn_graph\n"
            f"for name in {names!r} + ttdn_graph.__all__:\n"
            "    getattr(ttdn_graph, name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1]


def test_every_name_in_every_modules_all_exists() -> None:
    for info in pkgutil.iter_modules([str(PACKAGE)]):
        if info.name in ("__main__",):
            continue
        module = importlib.import_module(f"ttdn_graph.{info.name}")
        missing = [n for n in getattr(module, "__all__", []) if not hasattr(module, n)]
        assert missing == [], f"ttdn_graph.{info.name}.__all__ names missing {missing}"


def test_no_function_over_sixty_lines_unless_its_docstring_says_why() -> None:
    long = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60 and "Long because" not in (ast.get_docstring(node) or ""):
                    long.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def _find_in_fresh_process(plan_class: str, imports: str = "") -> str:
    """What ``find_agency`` answers in a fresh process that reads a plan from JSON, for a
    name the plan's own agency is not spelled as: "Văn phòng UBND tỉnh Hưng Yên" (with
    the province's name, which only the agencies stage reads) for "Văn phòng Ủy ban nhân
    dân tỉnh"."""
    text = "\n".join(["ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "KẾ HOẠCH", "I. TỔ CHỨC THỰC HIỆN",
                      "1. Văn phòng Ủy ban nhân dân tỉnh chủ trì tuyên truyền."])
    plan_json = ttdn_graph.parse_text(text).to_json(indent=None)
    code = (f"import sys\nimport ttdn_graph\n{imports}plan = {plan_class}.from_json(sys.stdin.read())\n"
            "found = plan.find_agency('Văn phòng UBND tỉnh Hưng Yên')\nprint(found.id if found else None)\n")
    result = subprocess.run([sys.executable, "-c", code], input=plan_json, capture_output=True, text=True,
                            encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_model_is_given_the_agencies_stage_reading_of_names() -> None:
    office = "hung-yen/van-phong-uy-ban-nhan-dan-tinh"
    # a model class handed out by the package comes with the stage's reading of names
    assert _find_in_fresh_process("ttdn_graph.Plan") == office
    assert _find_in_fresh_process("Plan", "from ttdn_graph.models import Plan\nimport ttdn_graph.agencies\n") == office
    # the stage's function is what reads that name: without it the model finds only its
    # agencies' own ids, names and aliases
    assert _find_in_fresh_process("models.Plan", "import ttdn_graph.agencies\nfrom ttdn_graph import models\n"
                                  "models._agency_lookup = None\n") == "None"
