"""The one door optional packages come through.

Every import of a package that only an extra installs goes through :func:`require`, so a
missing package always gives the same clear :class:`~ttdn_graph.errors.MissingExtraError`
(with the ``pip install`` line) instead of a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError

__all__ = ["EXTRAS", "require"]

#: import name -> (distribution to install, extra that installs it)
EXTRAS: dict[str, tuple[str, str]] = {
    "matplotlib": ("matplotlib", "viz"),
    "openpyxl": ("openpyxl", "xlsx"),
    "pandas": ("pandas", "pandas"),
    "docx": ("python-docx", "docx"),
    "pypdf": ("pypdf", "pdf"),
    "pyoxigraph": ("pyoxigraph", "oxigraph"),
    "pyld": ("pyld", "jsonld"),
}


def require(module: str, feature: str) -> ModuleType:
    """Import ``module`` (a key of :data:`EXTRAS`) or raise :class:`MissingExtraError`.

    >>> require("json_not_an_extra", "x")
    Traceback (most recent call last):
    KeyError: 'json_not_an_extra'
    """
    package, extra = EXTRAS[module]
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.split(".")[0] != module:
            raise  # the package is there but one of its own dependencies is broken
        raise MissingExtraError(feature, package, extra) from None
