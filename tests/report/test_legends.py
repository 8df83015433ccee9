"""Every legend of the package's figures has an explicit place.

matplotlib times ``loc="best"`` (its default) while it draws and warns on stderr when
the search takes more than a second ("Creating legend with loc='best' can be slow with
large amounts of data"), which long runs reach.  The warning depends on the machine's
speed, so the test reads the source: every ``.legend(...)`` call passes ``loc``.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "coupling_sym"


def _legend_calls_without_loc():
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "legend"
                    and not any(keyword.arg == "loc" for keyword in node.keywords)):
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"


def test_every_legend_is_placed_explicitly():
    calls = list(_legend_calls_without_loc())
    assert calls == []


def test_the_scan_is_not_vacuous():
    # the package draws legends in several modules: the walk above must see them
    found = sum(1 for path in PACKAGE.rglob("*.py") for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "legend")
    assert found >= 10
