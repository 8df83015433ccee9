"""Tables printed to a pipe or file keep every digit (no 80-column cut)."""

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app


def test_roots_digits_are_not_cut_when_stdout_is_not_a_terminal():
    # 60 digits per root do not fit 80 columns; CliRunner's stdout is not a terminal.
    result = CliRunner().invoke(app, ["roots", "--lb", "3", "--dps", "60"])
    assert result.exit_code == 0
    assert "…" not in result.output


def _rich_text(title, columns, rows, width=100_000):
    """What rich prints for the table on a plain soft-wrapping console (the reference route)."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for row in rows:
        table.add_row(*row)
    out = io.StringIO()
    Console(file=out, soft_wrap=True, width=width).print(table)
    return out.getvalue()


def test_plain_table_is_what_rich_prints():
    from coupling_sym.cli._common import _plain_table

    columns = [("l_A", "right"), ("p", "left"), ("a long column name", "right"), ("convergence", "left")]
    rows = [["2", "1/5", "1.000e+00", "not certified"], ["12", "2/3", "-", "certified from batch 1234"],
            ["3", "1/2", "0.123456789012345678901234567890", "x"]]
    for title in ("sweep: 3 settings, B = 60 (cap a*)", "t"):
        assert _plain_table(title, columns, rows, 100_000) == _rich_text(title, columns, rows)
    narrow = _rich_text("t", columns, rows, width=40)  # rich squeezes the cells; the plain table gives way
    assert _plain_table("t", columns, rows, 40) is None and "…" in narrow


@pytest.mark.parametrize("cell", ["[bold]x[/bold]", "a:smile:b", "é", "two\nlines", " padded "])
def test_plain_table_leaves_what_rich_interprets_to_rich(cell):
    from coupling_sym.cli._common import _plain_table

    assert _plain_table("t", [("a", "left"), ("b", "right")], [["1", cell]], 100_000) is None


def test_sweep_table_is_rich_table_byte_for_byte(monkeypatch):
    # rate-limited with a cap (title suffix) and a ratio column: every column kind of the sweep table
    import rich.table

    from coupling_sym.cli.sweep import _format
    from coupling_sym.sweep import build_grid, run_sweep
    from coupling_sym.sweep.export import sweep_columns

    args = ["sweep", "--la", "2", "--lb", "3,4", "--l0", "1,3", "--ratio", "1,3/2", "--steps", "200",
            "--admission", "rate-limited", "--cap", "2"]
    with monkeypatch.context() as patched:  # a pipe: the table must be written without rich
        patched.setattr(rich.table, "Table", None)
        printed = CliRunner().invoke(app, args)
    assert printed.exit_code == 0, printed.output
    result = run_sweep(build_grid([2], [3, 4], [1, 3], ["1/2"], "60", ["1", "3/2"]), 200,
                       admission="rate-limited", cap="2")
    columns = sweep_columns(result)
    assert "ratio" in columns and result.cap == "2"
    title = printed.stdout.splitlines()[0]
    assert title.endswith("admission rate-limited (cap 2)")
    justify = [(name, "left" if name in ("verdict", "outcome", "agreement", "p", "convergence") else "right")
               for name in columns]
    expected = _rich_text(title, justify, [_format(row, columns) for row in result.settings])
    assert printed.stdout.startswith(expected)
