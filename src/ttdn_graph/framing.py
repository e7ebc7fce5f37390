"""A plan as one framed JSON-LD tree: plan -> sections -> sub-sections -> assignments.

The flat JSON-LD export (``ttdn-graph export --to jsonld``) lists every node of the graph
side by side, as RDF tools expect. An application that walks a plan wants a tree: the
plan, its parts in order, each part's sub-parts, and under each section the assignments
that name it, each with its evidence. :func:`framed_jsonld` frames the plan's graph
that way with the JSON-LD 1.1 framing algorithm (pyld, the ``jsonld`` extra), using the
context shipped in the package plus two keys:

- ``hasPart`` is always a list (``eli:has_part``, in document order);
- ``assignments`` lists the assignments of a section (the reverse of ``ttdn:section``).

Agencies and cited documents are referenced by IRI, not embedded (they are shared by
many plans; the flat export describes them). No remote document is ever fetched: the
framing runs with a document loader that refuses every URL. The output is byte-stable:
lists in document order (``ttdn:order``), keys sorted.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import DEFAULT_BASE
from ._optional import require

if TYPE_CHECKING:
    from .models import Plan

__all__ = ["frame_context", "framed_jsonld"]


def frame_context() -> dict[str, Any]:
    """The context of the framed tree: the package's context plus ``hasPart`` as a list
    and ``assignments`` (the reverse of ``ttdn:section``)."""
    from .rdf import JSONLD_CONTEXT

    ctx = dict(JSONLD_CONTEXT)
    ctx["hasPart"] = {"@id": "eli:has_part", "@type": "@id", "@container": "@set"}
    ctx["assignments"] = {"@reverse": "ttdn:section", "@container": "@set"}
    return ctx


def _section_frame(depth: int) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "@embed": "@always",
        "sectionId": {},  # every section matches (a leaf with no roles too)
        "assignments": {"@type": "ttdn:Assignment", "@embed": "@always",
                        "section": {"@embed": "@never"}, "agent": {"@embed": "@never"}},
    }
    if depth:
        frame["hasPart"] = _section_frame(depth - 1)
    return frame


def _refuse(url: str, options: Any = None) -> Any:
    from pyld import jsonld

    raise jsonld.JsonLdError(f"refusing to load {url}: ttdn_graph never fetches remote documents",
                             "jsonld.LoadDocumentError", {"url": url}, code="loading document failed")


def _in_order(node: Any) -> Any:
    """Lists in document order (by ``order``), so the bytes do not depend on hashing."""
    if isinstance(node, dict):
        return {k: _in_order(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_in_order(x) for x in node]
        return sorted(items, key=lambda x: (x.get("order", 0), str(x.get("@id", "")))
                      if isinstance(x, dict) else (0, json.dumps(x, sort_keys=True)))
    return node


def framed_jsonld(plan: Plan, base: str = DEFAULT_BASE) -> bytes:
    """The plan as one JSON-LD tree (see the module documentation), UTF-8 bytes.

    Raises:
        MissingExtraError: pyld is not installed (``pip install 'ttdn_graph[jsonld]'``).
    """
    require("pyld", "framed JSON-LD")
    from pyld import jsonld

    from .rdf import to_rdf

    expanded = json.loads(to_rdf(plan, base=base).serialize(format="json-ld"))
    frame = {"@context": frame_context(), "@type": "ttdn:Plan", "assignment": {"@embed": "@never"},
             "hasPart": _section_frame(max((sec.depth for sec in plan.sections), default=0) + 1)}
    tree = jsonld.frame(expanded, frame, options={"documentLoader": _refuse, "omitGraph": True})
    return (json.dumps(_in_order(tree), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
