"""Tables printed to a pipe or file keep every digit (no 80-column cut)."""

from typer.testing import CliRunner

from coupling_sym.cli import app


def test_roots_digits_are_not_cut_when_stdout_is_not_a_terminal():
    # 60 digits per root do not fit 80 columns; CliRunner's stdout is not a terminal.
    result = CliRunner().invoke(app, ["roots", "--lb", "3", "--dps", "60"])
    assert result.exit_code == 0
    assert "…" not in result.output
