"""The one exception family the library raises on bad input.

Every problem with what a user hands us (undecodable bytes, an empty file, a text that
is not a plan, a file too large) is a :class:`PlanInputError`. The CLI turns it into
one line on stderr and exit code 2; library callers can catch it by type.
"""

from __future__ import annotations

__all__ = ["MissingExtraError", "OutputError", "PlanInputError"]


class PlanInputError(ValueError):
    """The input cannot be read as a plan.

    Attributes:
        source: a name for the input (a file path, or ``"<text>"``).
        reason: what is wrong, in one sentence.
        line: the 1-based line the problem was found on, when it has one.
    """

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class MissingExtraError(ImportError):
    """A feature needs an optional package that is not installed.

    The message names the feature, the package and the exact line that installs it,
    e.g. ``Matrix.to_xlsx() needs openpyxl: pip install 'ttdn_graph[xlsx]'``. The CLI
    reports it in one line with exit code 2.

    Attributes:
        package: the distribution to install (``"openpyxl"``).
        extra: the ``ttdn_graph`` extra that installs it (``"xlsx"``).
    """

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(f"{feature} needs {package}: pip install 'ttdn_graph[{extra}]'",
                         name=package)


class OutputError(Exception):
    """An output file cannot be written (or would replace an input). The CLI reports it
    in one line with exit code 3."""
