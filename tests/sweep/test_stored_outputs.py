"""Sweep outputs on fixed grids against the rows stored in ``tests/sweep/data``.

The stored files were written by ``coupling-sym sweep --json`` (and ``--csv`` for the
user guide's grid) before the sweep streamed its statistics and read its cycles from the
kernel: a change of how the sweep computes must leave its rows as they were.

Exact fields (integers, rationals, labels, periods, batches) are compared with ``==``.
Float fields are ratios to the model's scale: ``final_gap`` and ``throughput_loss`` are
relative to ``a*`` already and ``throughput`` is divided by ``a*``; they may move by
float64 roundings of the kernel (a few ulps of ``B`` per batch, amplified along runs that
keep evicting), so they are compared to ``1e-9`` of ``a*``, three orders below the
convergence threshold ``1e-6``.  ``rho`` is a float root modulus of the same exact
polynomial: ``1e-12``.
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

DATA = Path(__file__).parent / "data"
SCALED = 1e-9  # of a*: final_gap, throughput_loss, throughput / a*
RHO = 1e-12

GRIDS = {
    "golden_guide.json": ["--la", "2..4", "--lb", "3..7", "--l0", "1,3,6,10", "--p", "1/2", "--steps", "3000"],
    "golden_proportional_ratio.json": ["--la", "2,3", "--lb", "4,5", "--l0", "2,5", "--p", "1/3,2/3",
                                       "--steps", "1000", "--policy", "proportional", "--init", "one-per-stage",
                                       "--ratio", "1,3/2", "--B", "200"],
    "golden_two_cycle.json": ["--la", "1", "--lb", "2", "--l0", "0", "--p", "1/4,3/4", "--B", "1", "--steps", "40"],
    "golden_bench.json": ["--la", "2..6", "--lb", "3..9", "--l0", "1,3,6,10,20", "--p", "1/3,1/2",
                          "--steps", "2000"],
}
EXACT = ("l_A", "l_B", "l0", "p", "ratio", "verdict", "outcome", "period", "last_eviction", "agreement",
         "convergence")


def _a_star(row: dict, B: Fraction) -> float:
    """``a* = B / sum_j c_j`` of the row's two-type setting, from its own fields."""
    from coupling_sym.sweep.grid import build_grid

    (setting,) = build_grid([row["l_A"]], [row["l_B"]], [row["l0"]], [row["p"]], B, [row.get("ratio", 1)])
    return float(setting.params.equilibrium_admission)


def compare_rows(stored: list[dict], now: list[dict], B: Fraction) -> None:
    assert len(now) == len(stored)
    for old, new in zip(stored, now):
        where = {key: old[key] for key in ("l_A", "l_B", "l0", "p")}
        assert set(new) >= set(old), where
        for key in EXACT:
            assert new.get(key) == old.get(key), (where, key)
        assert new["rho"] == pytest.approx(old["rho"], rel=RHO, abs=RHO), where
        a_star = _a_star(old, B)
        assert abs(new["final_gap"] - old["final_gap"]) <= SCALED, where
        assert abs(new["throughput_loss"] - old["throughput_loss"]) <= SCALED, where
        assert abs(new["throughput"] - old["throughput"]) <= SCALED * a_star, where


@pytest.mark.parametrize("name", sorted(GRIDS))
def test_sweep_json_matches_stored_rows(name):
    stored = json.loads((DATA / name).read_text())
    result = CliRunner().invoke(app, ["sweep", *GRIDS[name], "--json"])
    assert result.exit_code == 0, result.output
    now = json.loads(result.stdout)
    for key in ("steps", "B", "init", "policy", "margin", "critical", "summary"):
        assert now[key] == stored[key], key
    compare_rows(stored["settings"], now["settings"], Fraction(stored["B"]))


def test_sweep_csv_matches_stored_file(tmp_path):
    path = tmp_path / "sweep.csv"
    result = CliRunner().invoke(app, ["sweep", *GRIDS["golden_guide.json"], "--csv", str(path)])
    assert result.exit_code == 0, result.output
    with open(DATA / "golden_guide.csv", newline="") as handle:
        stored = list(csv.DictReader(handle))
    with open(path, newline="") as handle:
        now = list(csv.DictReader(handle))
    assert list(now[0])[:len(stored[0])] == list(stored[0])  # the stored columns, in order

    def typed(row: dict) -> dict:
        out = {}
        for key, value in row.items():
            if key in ("l_A", "l_B", "l0", "period", "last_eviction"):
                out[key] = None if value == "" else int(value)
            elif key in ("rho", "final_gap", "throughput", "throughput_loss"):
                out[key] = float(value)
            else:
                out[key] = value
        return out

    compare_rows([typed(r) for r in stored], [typed(r) for r in now], Fraction(60))
