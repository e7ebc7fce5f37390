"""Developer tasks: ``nox -s tests lint typecheck docs demo bench``."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.default_venv_backend = "venv"


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff on the package, tests and scripts."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", "src", "tests", "benchmarks", "docs", "examples", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Strict mypy on the package."""
    session.install("-e", ".[viz]", "mypy>=1.10", "pandas-stubs", "types-tqdm")
    session.run("mypy")


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the documentation; warnings are errors."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session(default=False)
def demo(session: nox.Session) -> None:
    """The demo on the bundled plan."""
    session.install(".[viz]")
    session.run("ttdn-graph", "demo", *(session.posargs or ["ttdn-demo"]))


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: they print figures; nothing is asserted."""
    session.install(".[viz,xlsx]")
    session.run("python", "benchmarks/bench_parse.py", *session.posargs)
    session.run("python", "benchmarks/bench_graph.py")
    session.run("python", "benchmarks/bench_demo.py")
