"""Output files named on the command line: one rule for every command.

An option that names an output file (``--csv``, ``--figure``, ``--out`` of ``locus``,
the files ``tables`` writes into ``--out`` and ``--figures``) is checked before any work:

- the path must not be a folder, and the nearest existing folder on its way must be a
  folder (missing folders are created when the file is written);
- an existing file is replaced only with ``--force``; without it the command stops with
  ``<option> must be a file that does not exist yet (or use --force to replace it); got
  '<path>'`` and writes nothing.

Run folders (``experiment``, ``stochastic``, ``fluid-limit``) are always new and need no
``--force``.  Every file is then written through :mod:`coupling_sym.atomic`.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import parameter_error

__all__ = ["check_output_file", "check_output_files", "check_figure_file", "writing_to"]


def check_output_file(path: Path, option: str, force: bool = False) -> Path:
    """Refuse, before any work, an output path the rule above does not allow; return it.

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> check_output_file(base / "new" / "a.csv", "--csv").name
    'a.csv'
    >>> _ = (base / "a.csv").write_text("old")
    >>> check_output_file(base / "a.csv", "--csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --csv must be a file that does not exist yet (or use --force to replace it); got '.../a.csv'
    >>> check_output_file(base / "a.csv", "--csv", force=True).name
    'a.csv'
    >>> check_output_file(base, "--csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --csv must be a file path, not a folder; got '...'
    """
    path = Path(path)
    if path.is_dir():
        raise parameter_error(option, "a file path, not a folder", str(path))
    existing = next((folder for folder in path.parents if folder.exists()), None)
    if existing is not None and not existing.is_dir():
        raise parameter_error(option, "a path whose folders are folders, not files", str(path))
    if path.exists() and not force:
        raise parameter_error(option, "a file that does not exist yet (or use --force to replace it)", str(path))
    return path


def check_figure_file(path: Path, option: str, force: bool = False) -> Path:
    """:func:`check_output_file` for a figure: its suffix must also name a format matplotlib writes.

    Examples
    --------
    >>> check_figure_file(Path("never") / "f.txt", "--figure")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --figure must be a path ending in a figure format (.png, .pdf, ...); got '...f.txt'
    """
    from matplotlib.backend_bases import FigureCanvasBase

    path = Path(path)
    formats = FigureCanvasBase.get_supported_filetypes()
    if path.suffix[1:].lower() not in formats:
        shown = ", ".join("." + name for name in ("png", "pdf", "svg") if name in formats)
        raise parameter_error(option, f"a path ending in a figure format ({shown}, ...)", str(path))
    return check_output_file(path, option, force)


def check_output_files(paths: Iterable[Path], option: str, force: bool = False) -> list[Path]:
    """:func:`check_output_file` for each of ``paths`` (all checked before any is written)."""
    return [check_output_file(path, option, force) for path in paths]


@contextmanager
def writing_to(path: Path, option: str) -> Iterator[Path]:
    """Create the folders of ``path``; an ``OSError`` inside the block names ``option``.

    Examples
    --------
    >>> with writing_to(Path("/dev/null/x.png"), "--figure"):  # doctest: +ELLIPSIS
    ...     pass
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --figure must be a path the file can be written to (...); got '/dev/null/x.png'
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield path
    except OSError as exc:
        raise parameter_error(option, f"a path the file can be written to ({exc.strerror})", str(path)) from None
