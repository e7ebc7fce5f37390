"""Sphinx configuration (``nox -s docs``; warnings are errors).

Before the build, three pages are generated into ``docs/_generated/``: the vocabulary
reference (from the shipped ontology), the command-line reference (from the parser's
own help) and the tutorial notebook (copied from ``examples/``, executed by myst-nb).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

project = "ttdn_graph"
author = "ttdn_graph developers"
copyright = "2026, ttdn_graph developers"
release = "0.1.0"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
exclude_patterns = ["_build", "jupyter_execute"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"exclude-members": "model_config, model_fields, model_computed_fields"}
napoleon_google_docstring = True
# The build runs offline: standard-library and third-party types are not linked.
nitpick_ignore_regex = [
    ("py:class", r"(datetime|array|re|collections\.abc|typing|pathlib|os|pandas|pd|matplotlib|pydantic|rdflib|networkx|nx)\..*"),
    ("py:class", r"(Offsets|Step|Order|Role|Group|Figure|array|Path|PathLike|pd\.DataFrame|Graph|Node|URIRef)"),
]
html_theme = "alabaster"
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
suppress_warnings = ["mystnb.unknown_mime_type"]


def _generate() -> None:
    from gen_pages import cli_page, vocabulary_page

    out = HERE / "_generated"
    out.mkdir(exist_ok=True)
    (out / "vocabulary.md").write_text(vocabulary_page(), encoding="utf-8")
    (out / "cli.md").write_text(cli_page(), encoding="utf-8")
    shutil.copyfile(HERE.parent / "examples" / "tour.ipynb", out / "tour.ipynb")


_generate()
