"""Pages generated from the package itself, so the reference cannot drift from the code."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from importlib import resources


def vocabulary_page() -> str:
    """The ``ttdn:`` vocabulary, term by term, from ``data/ttdn.ttl``."""
    from rdflib import OWL, RDF, RDFS, Graph

    onto = Graph().parse(data=resources.files("ttdn_graph").joinpath("data/ttdn.ttl").read_text("utf-8"),
                         format="turtle")
    ns = "https://w3id.org/ttdn-graph/ns#"
    kinds = [("Classes", OWL.Class), ("Roles", None), ("Object properties", OWL.ObjectProperty),
             ("Datatype properties", OWL.DatatypeProperty)]
    lines = ["# Vocabulary reference", "",
             f"Generated from the ontology shipped in `ttdn_graph/data/ttdn.ttl` (namespace `{ns}`).", ""]
    for title, kind in kinds:
        if kind is None:
            terms = sorted(str(s) for s in onto.subjects(RDF.type, OWL.NamedIndividual) if str(s).startswith(ns))
        else:
            terms = sorted(str(s) for s in onto.subjects(RDF.type, kind) if str(s).startswith(ns))
        lines += [f"## {title}", "", "| term | nhãn (vi) | label (en) | mô tả / description |", "|---|---|---|---|"]
        for t in terms:
            from rdflib import URIRef

            node = URIRef(t)

            def pick(pred: object, lang: str, node: URIRef = node) -> str:
                for v in onto.objects(node, pred):  # type: ignore[arg-type]
                    if getattr(v, "language", None) == lang:
                        return str(v).replace("|", "\\|")
                return ""

            comment = " / ".join(x for x in (pick(RDFS.comment, "vi"), pick(RDFS.comment, "en")) if x)
            lines.append(f"| `ttdn:{t[len(ns):]}` | {pick(RDFS.label, 'vi')} | {pick(RDFS.label, 'en')} | {comment} |")
        lines.append("")
    return "\n".join(lines)


def cli_page() -> str:
    """Every command's ``--help``."""
    from ttdn_graph.cli import _build_parser

    parser = _build_parser()
    lines = ["# Command-line reference", "", "`ttdn-graph` (also `python -m ttdn_graph`).", ""]
    buf = io.StringIO()
    with redirect_stdout(buf):
        parser.print_help()
    lines += ["```text", buf.getvalue().rstrip(), "```", ""]
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():  # type: ignore[attr-defined]
        buf = io.StringIO()
        with redirect_stdout(buf):
            p.print_help()
        lines += [f"## {name}", "", "```text", buf.getvalue().rstrip(), "```", ""]
    return "\n".join(lines)
