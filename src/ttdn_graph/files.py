"""Writing outputs safely: the one place that creates files for the library and the CLI.

Every file is written atomically (a temporary file in the same folder, renamed into
place), so a failed run leaves the old file or nothing, never half a file; and no output
may replace an input, land inside an input folder, or replace something that is not a
regular file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic_write", "check_output"]


def check_output(path: str | os.PathLike[str], inputs: Sequence[str] = ()) -> None:
    """Refuse an output that would replace an input, write into an input folder (a
    corpus), or replace something that is not a regular file (a symlink, a device such
    as /dev/null, a FIFO, a folder)."""
    target = Path(path)
    if target.is_symlink():
        raise OutputError(f"{target}: is a symbolic link; name the file it points to")
    if target.exists() and not target.is_file():
        what = "a folder" if target.is_dir() else "not a regular file (a device or a pipe)"
        raise OutputError(f"{target}: is {what}; refusing to replace it")
    resolved = target.resolve()
    for inp in inputs:
        try:
            src = Path(inp)
            if not src.exists():
                continue
            if target.exists() and target.samefile(src):
                raise OutputError(f"{target}: refusing to overwrite the input file")
            if src.is_dir() and resolved.is_relative_to(src.resolve()):
                raise OutputError(f"{target}: refusing to write inside the input folder {src}")
        except OSError:
            continue


def atomic_write(path: str | os.PathLike[str], data: bytes, *, inputs: Sequence[str] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    target = Path(path)
    check_output(target, inputs)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder")
    try:  # a read-only file system or a folder without write permission
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
