"""Sphinx configuration (``nox -s docs``; warnings are errors)."""

from __future__ import annotations

project = "ttdn_graph"
author = "ttdn_graph developers"
copyright = "2026, ttdn_graph developers"
release = "0.1.0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"exclude-members": "model_config, model_fields, model_computed_fields"}
napoleon_google_docstring = True
# The build runs offline: standard-library and third-party types are not linked.
nitpick_ignore_regex = [
    ("py:class", r"(datetime|array|re|collections\.abc|typing|pathlib|os|pandas|pd|matplotlib|pydantic)\..*"),
    ("py:class", r"(Offsets|Step|Order|Role|Figure|array|Path|PathLike|pd\.DataFrame)"),
]
html_theme = "alabaster"
myst_heading_anchors = 3
