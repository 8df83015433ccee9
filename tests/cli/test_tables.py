"""``coupling-sym tables`` through Typer's CliRunner.

The command only parses, calls :mod:`coupling_sym.note` and prints; the tables
themselves are checked in ``tests/tables``, so most tests here replace the
computation by a small stand-in to stay fast.
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coupling_sym import note as T
from coupling_sym.note import build
from coupling_sym.cli import app

runner = CliRunner()

STAND_IN = {"a.tex": "% a\n", "b.tex": "% b\n"}


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setattr(build, "render_tables", lambda progress=lambda n=1: None: dict(STAND_IN))
    drawn = []

    def fake_figures(out):
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        path = out / "figure.png"
        path.write_bytes(b"png")
        drawn.append(path)
        return [path]

    monkeypatch.setattr(T, "write_figures", fake_figures)
    return drawn


def test_tables_writes_the_files_and_lists_them(tmp_path, stand_in):
    out = tmp_path / "tables"
    result = runner.invoke(app, ["tables", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"wrote {out / 'a.tex'}", f"wrote {out / 'b.tex'}"]
    assert (out / "a.tex").read_text() == "% a\n"
    assert stand_in == []


def test_tables_with_figures_and_json(tmp_path, stand_in):
    out, figures = tmp_path / "t", tmp_path / "f"
    result = runner.invoke(app, ["tables", "--out", str(out), "--figures", str(figures), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document == {"tables": [str(out / "a.tex"), str(out / "b.tex")],
                        "figures": [str(figures / "figure.png")]}


def test_tables_real_run_matches_committed_tables(tmp_path):
    # One end-to-end run: the command writes exactly the committed note tables.
    result = runner.invoke(app, ["tables", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    committed = Path(__file__).resolve().parents[2] / "tex" / "tables"
    for name in T.TABLES:
        assert (tmp_path / name).read_text() == (committed / name).read_text()


@pytest.mark.parametrize("option", ["--out", "--figures"])
def test_a_file_where_a_folder_is_needed_is_one_line_error(tmp_path, stand_in, option):
    target = tmp_path / "taken.txt"
    target.write_text("x")
    folders = {"--out": str(tmp_path / "ok"), "--figures": str(tmp_path / "ok")}
    folders[option] = str(target)
    result = runner.invoke(app, ["tables", "--out", folders["--out"], "--figures", folders["--figures"]])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {option} must be a folder (or a path to create); got '{target}'"]
    # nothing written when an argument is rejected
    assert not (tmp_path / "ok").exists()


@pytest.mark.parametrize("option", ["--out", "--figures"])
def test_a_folder_under_a_file_is_one_line_error(tmp_path, stand_in, option):
    # the path cannot be created: its nearest existing ancestor is a file
    target = tmp_path / "taken.txt"
    target.write_text("x")
    folders = {"--out": str(tmp_path / "ok"), "--figures": str(tmp_path / "ok")}
    folders[option] = str(target / "below")
    result = runner.invoke(app, ["tables", "--out", folders["--out"], "--figures", folders["--figures"]])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {option} must be a folder (or a path to create); got '{target / 'below'}'"]
    assert not (tmp_path / "ok").exists()


def test_an_unwritable_folder_is_one_line_error(tmp_path, stand_in, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = runner.invoke(app, ["tables", "--out", str(tmp_path / "new")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: --out must be a folder that can be created (Permission denied); got '{tmp_path / 'new'}'"]
