"""ttdn_graph: Vietnamese foreign-information plans as typed models and knowledge graphs.

>>> import ttdn_graph
>>> plan = ttdn_graph.datasets.hung_yen_2022()
>>> [a.name for a in plan.agencies_of("IV.2.f")]
['Văn phòng Ủy ban nhân dân tỉnh', 'Sở Thông tin và Truyền thông']

Names are imported on first use, so ``import ttdn_graph`` (and ``ttdn-graph --help``)
stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: the base of the IRIs the library mints for plans, sections, agencies and documents
DEFAULT_BASE = "https://w3id.org/ttdn-graph/id/"

_LAZY = {
    "Agency": "models",
    "Assignment": "models",
    "Deadline": "models",
    "LegalReference": "models",
    "Plan": "models",
    "Recipient": "models",
    "Section": "models",
    "Signature": "models",
    "Source": "models",
    "Span": "models",
    "PlanInputError": "errors",
    "MissingExtraError": "errors",
    "OutputError": "errors",
    "parse": "pipeline",
    "parse_bytes": "pipeline",
    "parse_file": "pipeline",
    "parse_text": "pipeline",
    "responsibility_matrix": "matrix",
    "ResponsibilityMatrix": "matrix",
}
_SUBMODULES = {"agencies", "appendix", "citations", "cli", "closing", "corpus", "cues", "datasets",
               "deadlines", "decode", "diff", "errors", "exports", "files", "framing", "header", "matrix", "models",
               "namespace", "normalize", "nxgraph", "patterns", "pipeline", "queries", "rdf",
               "rdflib_plugin", "readers", "report", "roles", "segment", "stores", "text", "validate",
               "viz"}

__all__ = [
    "DEFAULT_BASE",
    "Agency",
    "Assignment",
    "Deadline",
    "LegalReference",
    "MissingExtraError",
    "OutputError",
    "Plan",
    "PlanInputError",
    "Recipient",
    "ResponsibilityMatrix",
    "Section",
    "Signature",
    "Source",
    "Span",
    "__version__",
    "datasets",
    "parse",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "responsibility_matrix",
]

if TYPE_CHECKING:
    from . import datasets
    from .errors import MissingExtraError, OutputError, PlanInputError
    from .matrix import ResponsibilityMatrix, responsibility_matrix
    from .models import (
        Agency,
        Assignment,
        Deadline,
        LegalReference,
        Plan,
        Recipient,
        Section,
        Signature,
        Source,
        Span,
    )
    from .pipeline import parse, parse_bytes, parse_file, parse_text


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        if _LAZY[name] == "models":
            # the agencies stage gives the model its reading of names (models.use_agency_lookup)
            importlib.import_module(".agencies", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'ttdn_graph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
