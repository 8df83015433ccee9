"""The ``command-figure`` directive: run a coupling-sym command, show its figures.

Usage (MyST)::

    ```{command-figure} coupling-sym locus --la 2 --lb 5 --out locus
    :images: locus.png
    :caption: What the figure shows.
    ```

The command is run in-process (Typer's ``CliRunner``) inside its own folder
``docs/_gallery/<docname>-<n>/``; ``:images:`` are glob patterns relative to that folder.
The page shows the exact command, then each figure it wrote, so the gallery is rebuilt
from the commands it prints on every build.  A command that fails, or writes no file
matching a pattern, fails the build.
"""

from __future__ import annotations

import os
import shlex
import shutil
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective


@contextmanager
def _inside(folder: Path):
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def run_command(command: str, folder: Path) -> None:
    """Run ``coupling-sym ...`` in ``folder``; raise if it does not exit 0."""
    from typer.testing import CliRunner

    backend = os.environ.get("MPLBACKEND")
    from coupling_sym.cli import app

    # The CLI picks the file-only backend through the environment; keep it from the
    # tutorial's kernel, which inherits this process's environment.
    if backend is None:
        os.environ.pop("MPLBACKEND", None)

    words = shlex.split(command)
    if words[:1] != ["coupling-sym"]:
        raise ExtensionError(f"command-figure must start with coupling-sym; got {command!r}")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    with _inside(folder):
        result = CliRunner().invoke(app, words[1:])
    if result.exit_code != 0:
        raise ExtensionError(f"{command!r} exited {result.exit_code}: {result.output}")


class CommandFigure(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"images": directives.unchanged_required, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        command = self.arguments[0]
        count = self.env.new_serialno("command-figure")
        folder = Path(self.env.srcdir) / "_gallery" / f"{self.env.docname}-{count}"
        run_command(command, folder)
        block = nodes.literal_block(f"$ {command}", f"$ {command}", language="console")
        out: list[nodes.Node] = [block]
        for pattern in self.options["images"].split():
            found = sorted(folder.glob(pattern))
            if not found:
                raise ExtensionError(f"{command!r} wrote no file matching {pattern!r}")
            relative = found[-1].relative_to(Path(self.env.srcdir)).as_posix()
            figure = nodes.figure()
            figure += nodes.image(uri=f"/{relative}", width="90%", alt=found[-1].name)
            if self.options.get("caption"):
                caption = f"{self.options['caption']} ({found[-1].name})"
                figure += nodes.caption(caption, caption)
            out.append(figure)
        return out


def setup(app):
    app.add_directive("command-figure", CommandFigure)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
