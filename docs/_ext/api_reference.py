"""The ``api-reference`` directive: autodoc entries for every public name of coupling_sym.

The names come from :data:`coupling_sym._API` (name -> defining module), grouped by the
sub-package that defines them, so a name added to the package appears here without
editing the documentation.
"""

from __future__ import annotations

import inspect
from collections import defaultdict

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

#: Section title of each sub-package (first part of the module path after coupling_sym).
GROUPS = {
    "params": "Parameters and configs",
    "config": "Parameters and configs",
    "state": "Parameters and configs",
    "experiment": "The coupling experiment and its trajectories",
    "dynamics": "The coupling experiment and its trajectories",
    "symbolic": "The characteristic polynomial",
    "stability": "Certified stability and the critical prefill length",
    "modal": "The modal decomposition",
    "sweep": "Sweeps",
    "cycles": "Cycles of one request type",
    "report": "Figures",
    "note": "The note's tables",
    "errors": "Errors and records",
    "records": "Errors and records",
}


def _group(module: str) -> str:
    part = module.split(".")[1]
    return GROUPS.get(part, f"coupling_sym.{part}")


def _directive(obj) -> str:
    if inspect.isclass(obj):
        return "autoexception" if issubclass(obj, BaseException) else "autoclass"
    return "autofunction"


def api_lines() -> list[str]:
    """reStructuredText of the whole reference: one section per group, in first-seen order."""
    import coupling_sym

    groups: dict[str, list[str]] = defaultdict(list)
    for name, module in coupling_sym._API.items():
        groups[_group(module)].append(name)
    lines: list[str] = []
    for title, names in groups.items():
        lines += [title, "-" * len(title), ""]
        for name in names:
            obj = getattr(coupling_sym, name)
            lines += [f".. {_directive(obj)}:: coupling_sym.{name}", ""]
    return lines


class ApiReference(SphinxDirective):
    """Insert the generated reference where the directive stands."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, StringList(api_lines(), source="coupling_sym._API"), container)
        return container.children


def setup(app):
    app.add_directive("api-reference", ApiReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
