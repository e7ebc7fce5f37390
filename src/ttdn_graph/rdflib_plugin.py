"""An rdflib parser plugin: ``Graph().parse("plan.txt", format="ttdn-plan")``.

Installed with the package (entry point ``rdf.plugins.parser``), so rdflib, and the
tools built on it (kglab, pySHACL's loaders ...), read a plan text as if it were RDF:
the triples are those of ``ttdn_graph.rdf.to_rdf``.

>>> from rdflib import Graph
>>> from ttdn_graph import datasets
>>> g = Graph().parse(datasets.hung_yen_2022_path(), format="ttdn-plan")
>>> from ttdn_graph.rdf import from_rdf
>>> from_rdf(g).number
'187/KH-UBND'

Keyword arguments given to ``Graph.parse`` reach the plan parser: ``province=``,
``encoding=`` (of a text that is not UTF-8/UTF-16) and ``base=`` (of the IRIs minted,
default ``ttdn_graph.rdf.DEFAULT_BASE``). ``.docx`` and ``.pdf`` files work as they
do for :func:`ttdn_graph.parse`. A text that is not a plan raises
:class:`~ttdn_graph.PlanInputError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from rdflib import Graph
from rdflib.parser import InputSource, Parser, StringInputSource

__all__ = ["PlanParser"]


def _local_path(source: InputSource) -> Path | None:
    system_id = source.getSystemId() or ""
    url = urlparse(str(system_id))
    if url.scheme == "file":
        path = Path(unquote(url.path))
        if path.is_file():
            return path
    return None


class PlanParser(Parser):
    """Parses a plan text (or .docx, .pdf) into the graph rdflib hands it."""

    def parse(self, source: InputSource, sink: Graph, **kwargs: Any) -> None:
        from .pipeline import parse_bytes, parse_file, parse_text
        from .rdf import DEFAULT_BASE, bind_prefixes, plan_triples

        base = kwargs.pop("base", None) or DEFAULT_BASE
        options = {k: kwargs[k] for k in ("province", "encoding") if kwargs.get(k) is not None}
        path = _local_path(source)
        if path is not None:
            plan = parse_file(path, **options)
        else:
            name = str(source.getSystemId() or "<rdflib source>")
            chars = source.getCharacterStream()
            if isinstance(source, StringInputSource) and chars is not None:  # data=str
                plan = parse_text(chars.read(), source=name,
                                  **{k: v for k, v in options.items() if k == "province"})
            else:  # bytes or a file object: decoded here, so the encoding is checked and kept
                if "encoding" not in options and source.getEncoding():
                    options["encoding"] = source.getEncoding()
                stream = source.getByteStream()
                plan = parse_bytes(stream.read() if stream is not None else b"", source=name,
                                   **options)
        bind_prefixes(sink)
        for triple in plan_triples(plan, base):
            sink.add(triple)
