"""Output files appear whole or not at all.

:func:`atomic_open` writes into a hidden temporary file beside the target and renames
it onto the target only when the block finishes without error (``os.replace`` is atomic
on one file system); on any failure, a full disk or an interrupt included, the
temporary file is removed and the target is left as it was.  The file gets the
permissions the umask gives a new file.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_open"]


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_open(path: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a text file for writing that replaces ``path`` only on success.

    Examples
    --------
    >>> base = Path(tempfile.mkdtemp())
    >>> with atomic_open(base / "a.txt") as handle:
    ...     _ = handle.write("whole")
    >>> (base / "a.txt").read_text(), sorted(p.name for p in base.iterdir())
    ('whole', ['a.txt'])
    """
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _umask_mode())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
