"""Output files appear whole or not at all.

:func:`atomic_open` (text) and :func:`atomic_path` (any writer that takes a path, such
as ``Figure.savefig``) write into a hidden temporary file beside the target and rename
it onto the target only when the block finishes without error (``os.replace`` is atomic
on one file system); on any failure, a full disk or an interrupt included, the
temporary file is removed and the target is left as it was.  The file gets the
permissions the umask gives a new file.  :func:`write_texts` writes a set of files whose
targets are replaced only once every one of them is written (a set, not file by file).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_open", "atomic_path", "write_texts"]


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
    with atomic_path(path) as temp:
        with temp.open("w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (same suffix) that replaces it only on success.

    The suffix is kept so that writers choosing the format from it (``savefig``) write
    the format of the target.

    Examples
    --------
    >>> base = Path(tempfile.mkdtemp())
    >>> with atomic_path(base / "a.bin") as temporary:
    ...     _ = temporary.write_bytes(b"whole")
    ...     temporary.suffix, temporary.parent == base
    ('.bin', True)
    >>> (base / "a.bin").read_bytes(), sorted(p.name for p in base.iterdir())
    (b'whole', ['a.bin'])
    """
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    try:
        yield Path(temp)
        os.chmod(temp, _umask_mode())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def write_texts(files: dict[Path, str]) -> list[Path]:
    """Write several text files as a set: every temporary file is written and flushed to
    disk before the first rename, so a failure while writing leaves every target as it was.

    Examples
    --------
    >>> base = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_texts({base / "a.tex": "a", base / "b.tex": "b"})]
    ['a.tex', 'b.tex']
    >>> sorted(p.name for p in base.iterdir())
    ['a.tex', 'b.tex']
    """
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path = Path(path)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temporaries.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, _umask_mode())
    except BaseException:
        for temp, _ in temporaries:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass
        raise
    for temp, path in temporaries:
        os.replace(temp, path)
    return [path for _, path in temporaries]
