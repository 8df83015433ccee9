"""Rendering the note's tables: the committed ``tex/tables`` equal freshly generated ones,
the quoted values and prose claims hold, files and figures are written."""

from __future__ import annotations

from math import comb, gcd, sqrt
from pathlib import Path

import pytest

from coupling_sym import note as T
from coupling_sym.errors import ParameterError
from coupling_sym.note import build

TABLES_DIR = Path(__file__).resolve().parents[2] / "tex" / "tables"

@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return T.render_tables()

def test_committed_tables_equal_fresh_ones(rendered):
    committed = {path.name: path.read_text(encoding="utf-8") for path in sorted(TABLES_DIR.glob("*.tex"))}
    assert sorted(committed) == sorted(rendered) == sorted(T.TABLES)
    for name, text in rendered.items():
        assert committed[name] == text, f"tex/tables/{name} is stale: run `coupling-sym tables --force`"

def test_note_inputs_every_table():
    # the main file or one of its sections (tex/sections/<topic>.tex)
    sources = [TABLES_DIR.parent / "multiple_discrete.tex", *sorted((TABLES_DIR.parent / "sections").glob("*.tex"))]
    note = "".join(path.read_text(encoding="utf-8") for path in sources)
    for name in T.TABLES:
        assert f"\\input{{tables/{name}}}" in note

def _macros(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if line.startswith("\\newcommand{\\"):
            name, _, value = line[len("\\newcommand{\\"):].partition("}{")
            out[name] = value[:-1]
    return out

def test_values_match_hand_counts(rendered):
    values = _macros(rendered["values.tex"])
    pairs = [(a, b) for a in range(2, 13) for b in range(a + 1, 13)]
    coprime = sum(gcd(a, b) == 1 for a, b in pairs)
    assert values["PairCount"] == str(comb(11, 2)) == "55"
    assert values["CoprimeCount"] == str(coprime)
    assert values["NoncoprimeCount"] == str(len(pairs) - coprime)
    # every non-coprime setting (21 pairs x 3 shares) certified unstable for every l0
    assert values["NoncoprimeSettings"] == values["NoncoprimeVerified"] == str(3 * (len(pairs) - coprime))
    # a* = B / sum_j c_j = 60 / (4 + 5 + 3) for the default parameters
    assert values["DefaultEquilibrium"] == "5"
    assert values["DefaultRho"] == f"{sqrt(3) / 2:.4f}"
    assert values["DefaultCritical"] == "2"

def test_write_tables_writes_every_file(tmp_path, rendered, monkeypatch):
    monkeypatch.setattr(build, "render_tables", lambda progress=None: rendered)
    paths = T.write_tables(tmp_path / "new")
    assert [p.name for p in paths] == sorted(T.TABLES)
    assert all(p.read_text(encoding="utf-8") == rendered[p.name] for p in paths)

def test_write_figures_writes_the_pngs_the_note_includes(tmp_path):
    paths = T.write_figures(tmp_path)
    assert [p.name for p in paths] == ["comparison.png", "eviction_detail.png", "comparison_below.png", "phase.png",
                                          "locus.png"]
    note = (TABLES_DIR.parent / "multiple_discrete.tex").read_text(encoding="utf-8")
    assert all(f"{{figures/{p.name}}}" in note for p in paths)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)

def test_out_must_be_a_folder(tmp_path):
    target = tmp_path / "file.tex"
    target.write_text("x")
    with pytest.raises(ParameterError, match="--out must be a folder"):
        T.write_tables(target)
    with pytest.raises(ParameterError, match="--figures must be a folder"):
        T.write_figures(target)

def test_prose_claims_about_the_sweep_hold(rendered):
    # The note says: every clearly stable setting converged, no unstable one did, and the
    # non-coprime cycles have period gcd from PhasePeriodFrom on.
    summary = T.gather_sweep().summary
    assert summary.stable_clear == summary.stable_clear_converged > 0
    assert summary.unstable > 0 and summary.unstable_converged == 0
    start = int(_macros(rendered["values.tex"])["PhasePeriodFrom"])
    for row in T.gather_sweep().settings:
        if gcd(row.l_A, row.l_B) > 1 and row.l0 >= start:
            assert row.period == gcd(row.l_A, row.l_B)


def test_prose_claims_about_the_experiments_hold(rendered):
    # The note says: the default setting is stable with l0 >= l0*; stable rows stop evicting
    # early; on-circle and unstable rows keep evicting, unstable ones to the end of the run.
    values = _macros(rendered["values.tex"])
    assert values["DefaultVerdict"] == "stable"
    assert int(values["DefaultLzero"]) >= int(values["DefaultCritical"])
    assert int(values["LongSettle"]) < int(values["LongSteps"])
    for row in T.gather_experiments():
        if row.verdict == "stable":
            assert row.last_eviction is not None and row.last_eviction < row.steps // 2
        else:
            assert row.settle is None and row.eviction_batches > 1
        if row.verdict == "unstable":
            assert row.last_eviction >= row.steps - 5


def test_every_pair_has_exactly_the_gcd_roots_of_unity_on_the_circle(rendered):
    # Theorem (coprime): the note quotes UnitRootsVerified out of PairCount.
    values = _macros(rendered["values.tex"])
    assert values["UnitRootsVerified"] == values["PairCount"]
    assert r"\dagger" not in rendered["limit.tex"]


def test_measured_decay_rates_of_the_default_experiment_match_rho(rendered):
    # The note says convergence is geometric at rate rho = sqrt(3)/2 and quotes the fitted
    # rates; a least-squares fit over ~50 batches is good to a few parts in a thousand.
    values = _macros(rendered["values.tex"])
    for name in ("DefaultTheoryRate", "DefaultSimulationRate"):
        assert abs(float(values[name]) - sqrt(3) / 2) < 5e-3
