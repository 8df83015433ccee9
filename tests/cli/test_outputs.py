"""One rule for every option that names an output file: no silent overwrite, no partial file.

An existing file is replaced only with ``--force`` (otherwise one ``error:`` line naming
the option and the path, exit status 2, the file untouched), and a failure while a file
is written leaves the earlier file as it was and no temporary file beside it.
"""

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.note import FIGURES, TABLES

runner = CliRunner()

OLD = b"earlier output\n"
PNG = b"\x89PNG\r\n\x1a\n"
SWEEP = ["sweep", "--la", "1", "--lb", "2", "--l0", "0", "--p", "1/4", "--B", "1", "--steps", "40"]
ONE = "l0 = 2\nlengths = [3]\nrates = [1]\nB = 24\nsteps = 30\n"


def _cases(tmp_path):
    """(command line, option, the files it writes) for every output-file option."""
    config = tmp_path / "one.toml"
    config.write_text(ONE)
    scan = ["--config", str(config), "--low", "0.5", "--high", "1", "--points", "2"]
    return {
        "sweep --csv": (SWEEP + ["--csv", str(tmp_path / "s.csv")], "--csv", [tmp_path / "s.csv"]),
        "sweep --figure": (SWEEP + ["--figure", str(tmp_path / "ph")], "--figure",
                           [tmp_path / "ph.png", tmp_path / "ph.pdf"]),
        "locus --out": (["locus", "--l0", "0..4", "--out", str(tmp_path / "lo")], "--out",
                        [tmp_path / "lo.png", tmp_path / "lo.pdf"]),
        "cycles --figure": (["cycles", "--landscape-max", "4", "--figure", str(tmp_path / "c.png")], "--figure",
                            [tmp_path / "c.png"]),
        "cap-scan --figure": (["cap-scan", *scan, "--figure", str(tmp_path / "cap.png")], "--figure",
                              [tmp_path / "cap.png"]),
        "load-scan --figure": (["load-scan", *scan, "--figure", str(tmp_path / "load.png")], "--figure",
                               [tmp_path / "load.png"]),
        "tables --out": (["tables", "--out", str(tmp_path / "t")], "--out",
                         [tmp_path / "t" / name for name in sorted(TABLES)]),
        "tables --figures": (["tables", "--out", str(tmp_path / "t"), "--figures", str(tmp_path / "f")], "--figures",
                             [tmp_path / "f" / name for name in FIGURES]),
    }


CASES = ["sweep --csv", "sweep --figure", "locus --out", "cycles --figure", "cap-scan --figure",
         "load-scan --figure", "tables --out", "tables --figures"]


@pytest.mark.parametrize("case", CASES)
def test_an_existing_output_file_is_refused_without_force(tmp_path, case):
    args, option, files = _cases(tmp_path)[case]
    target = files[-1]          # the last file the command would write
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(OLD)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"error: {option} must be a file that does not exist yet (or use --force to replace it); got '{target}'"]
    assert result.stdout == ""
    assert target.read_bytes() == OLD
    assert all(not path.exists() for path in files if path != target)      # nothing written at all


@pytest.mark.parametrize("case", ["sweep --csv", "sweep --figure", "locus --out", "cycles --figure",
                                  "cap-scan --figure", "load-scan --figure"])
def test_force_replaces_the_file(tmp_path, case):
    args, option, files = _cases(tmp_path)[case]
    for path in files:
        path.write_bytes(OLD)
    result = runner.invoke(app, args + ["--force"])
    assert result.exit_code == 0, result.output
    for path in files:
        data = path.read_bytes()
        assert data != OLD and data[:8] == PNG if path.suffix == ".png" else data != OLD
    assert [p.name for p in files[0].parent.iterdir() if p.name.startswith(".")] == []   # no temporary left


def test_tables_force_replaces_the_files(tmp_path, monkeypatch):
    from coupling_sym.note import build

    rendered = {name: f"% {name}\n" for name in TABLES}
    monkeypatch.setattr(build, "render_tables", lambda progress=lambda n=1: None: dict(rendered))
    out = tmp_path / "t"
    out.mkdir()
    (out / "values.tex").write_bytes(OLD)
    result = runner.invoke(app, ["tables", "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert (out / "values.tex").read_text() == "% values.tex\n"


def _half_written_savefig(self, fname, *args, **kwargs):
    # the disk fills up after the first bytes
    with open(fname, "wb") as handle:
        handle.write(PNG)
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("case", ["sweep --figure", "locus --out", "cycles --figure", "cap-scan --figure",
                                  "load-scan --figure"])
def test_a_figure_failing_mid_write_keeps_the_earlier_file(tmp_path, monkeypatch, case):
    import matplotlib.figure

    args, option, files = _cases(tmp_path)[case]
    for path in files:
        path.write_bytes(OLD)
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", _half_written_savefig)
    result = runner.invoke(app, args + ["--force"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option} must be") and "No space left" in lines[0]
    assert all(path.read_bytes() == OLD for path in files)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []     # no temporary left


@pytest.mark.parametrize("case", ["sweep --csv", "tables --out"])
def test_a_text_file_failing_mid_write_keeps_the_earlier_file(tmp_path, monkeypatch, case):
    import coupling_sym.atomic as atomic
    from coupling_sym.note import build

    monkeypatch.setattr(build, "render_tables", lambda progress=lambda n=1: None: {n: "% new\n" for n in TABLES})
    args, option, files = _cases(tmp_path)[case]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(OLD)

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)     # the text is written, flushing it fails
    result = runner.invoke(app, args + ["--force"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option} must be") and "No space left" in lines[0]
    assert all(path.read_bytes() == OLD for path in files)
    assert [p.name for p in files[0].parent.iterdir() if p.name.startswith(".")] == []   # no temporary left


def test_tables_fail_as_a_set_not_file_by_file(tmp_path, monkeypatch):
    # the disk fills up at the fifth table: none of the earlier tables may be replaced
    import coupling_sym.atomic as atomic
    from coupling_sym.note import build

    monkeypatch.setattr(build, "render_tables", lambda progress=lambda n=1: None: {n: "% new\n" for n in TABLES})
    out = tmp_path / "t"
    out.mkdir()
    for name in TABLES:
        (out / name).write_bytes(OLD)
    calls = []
    real_fsync = atomic.os.fsync

    def full_at_the_fifth(fd):
        calls.append(fd)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", full_at_the_fifth)
    result = runner.invoke(app, ["tables", "--out", str(out), "--force"])
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert all((out / name).read_bytes() == OLD for name in TABLES)
    assert sorted(p.name for p in out.iterdir()) == sorted(TABLES)        # no temporary left
