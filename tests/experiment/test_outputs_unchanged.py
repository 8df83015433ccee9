"""The run folder's ``config.json`` and ``trajectory.csv`` match the stored outputs.

``tests/experiment/data`` holds what ``scripts/dump_experiment_outputs.py`` wrote for
shipped configs with the per-type float simulation and theory (one transition per numpy
call), before the experiment moved to the batched kernel and the block recurrence.
Exact fields (strings: every exact value is one, ints, booleans, ``None``) must be equal;
floats agree to ``RTOL`` relative to ``max(|stored|, a*)``.

Why ``RTOL = 1e-9``: both sides compute the same map in float64 with other roundings
(tokens per cohort instead of per-type counts, other summation orders, blocks of
batches), about ``1e-15 a*`` apart on runs that settle (measured: at most ``4e-15``).
An unstable theory grows like ``rho^t`` up to ``1e50 N`` and carries the rounding of its
first batches along relative to its size: measured up to ``1.4e-10`` on the
one-type spiral.  ``1e-9`` covers both with margin and is still far below any printed
digit (six significant digits) and the settle tolerance ``1e-6 a*``.

Two kinds of values are float results written as other things, compared as floats:

* the token sums ``theory_tokens``, ``sim_tokens``: ``Z_t = sum (l0 + 1 + i) X_t``
  is ``B`` in exact arithmetic, but the sum of an outgrowing theory cancels terms of
  size ``|a|`` (stored values of ``-3e35`` where the terms are ``1e51``: rounding noise).
  Their scale is the sum of the moduli of the terms, at most
  ``(B / a*) max |a_{t-i}|`` over the last ``L`` batches (``B / a* = sum_j c_j``);
* the decimal strings of the modal fit of the simulation's tail
  (``convergence.simulation``): multiprecision numbers, but fitted to float64 data.
"""

from __future__ import annotations

import csv
import json
import math
from fractions import Fraction
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from dump_experiment_outputs import run_folder, stored_document  # noqa: E402

RTOL = 1e-9
RUNS = ["default", "slow-convergence", "non-coprime", "three-types", "one-type-spiral", "one-type-perturbed",
        "rate-limited", "one-type-spiral:steps=600", "default:steps=2000"]


def _stem(spec: str) -> str:
    name, _, override = spec.partition(":")
    return name + (f"_{override.split('=')[1]}" if override else "")


def _close(new: float, old: float, scale: float) -> bool:
    if math.isnan(old) or math.isinf(old):
        return repr(new) == repr(old)
    return abs(new - old) <= RTOL * max(abs(old), scale)


def _decimal(value) -> float | None:
    try:
        return float(value) if isinstance(value, str) and "/" not in value else None
    except ValueError:
        return None


def _compare(new, old, scale: float, where: str) -> list[str]:
    """Differences between two JSON values: exact except floats (``RTOL``)."""
    if ".simulation." in where + "." and _decimal(old) is not None and _decimal(new) is not None:
        return [] if _close(_decimal(new), _decimal(old), scale) else [f"{where}: {new!r} != {old!r}"]
    if isinstance(old, dict):
        # every stored key is kept with its value; keys added since (new summary fields)
        # are extensions this comparison does not pin
        if not isinstance(new, dict) or not set(old) <= set(new):
            return [f"{where}: keys {sorted(new) if isinstance(new, dict) else new} != {sorted(old)}"]
        return [d for key in old for d in _compare(new[key], old[key], scale, f"{where}.{key}")]
    if isinstance(old, list):
        if not isinstance(new, list) or len(new) != len(old):
            return [f"{where}: {new!r} != {old!r}"]
        return [d for i, (a, b) in enumerate(zip(new, old)) for d in _compare(a, b, scale, f"{where}[{i}]")]
    if isinstance(old, float) and isinstance(new, (int, float)) and not isinstance(new, bool):
        return [] if _close(float(new), old, scale) else [f"{where}: {new!r} != {old!r}"]
    return [] if (type(new) is type(old) and new == old) else [f"{where}: {new!r} != {old!r}"]


def _token_scales(rows, column: str, L: int, per_admission: float) -> list[float]:
    """``(B / a*) max |a_{t-i}|`` over ``i < L`` of the admissions in ``column`` (module notes)."""
    at = rows[0].index(column)
    sizes = [abs(float(row[at])) if row[at] else 0.0 for row in rows[1:]]
    return [per_admission * max(sizes[max(0, t - L + 1):t + 1]) for t in range(len(sizes))]


def _cells_differ(new_rows, old_rows, scale: float, L: int = 1, per_admission: float = 0.0) -> list[str]:
    if new_rows[0] != old_rows[0] or len(new_rows) != len(old_rows):
        return [f"header or length: {new_rows[0]} ({len(new_rows)} rows) != {old_rows[0]} ({len(old_rows)} rows)"]
    sums = {tokens: _token_scales(old_rows, admissions, L, per_admission) for tokens, admissions in
            (("theory_tokens", "theory_admission"), ("sim_tokens", "sim_admission")) if tokens in old_rows[0]}
    out = []
    for t, (a, b) in enumerate(zip(new_rows[1:], old_rows[1:])):
        for name, x, y in zip(old_rows[0], a, b):
            here = max(scale, sums[name][t]) if name in sums else scale
            if (x == "") != (y == "") or (y != "" and not _close(float(x), float(y), here)):
                out.append(f"batch {t} {name}: {x} != {y}")
    return out


@pytest.mark.parametrize("spec", RUNS)
def test_run_folder_matches_stored_outputs(spec, tmp_path):
    name, _, override = spec.partition(":")
    folder = run_folder(name, [override] if override else [], tmp_path)
    stem = _stem(spec)
    old = json.loads((DATA / f"{stem}.json").read_text(encoding="utf-8"))
    new = stored_document(folder)
    scale = float(old["derived"]["equilibrium_admission_float"])
    assert _compare(new, old, scale, "config.json") == []
    read = lambda path: list(csv.reader(path.open(encoding="utf-8")))  # noqa: E731
    derived = old["derived"]
    per_admission = float(Fraction(old["parameters"]["B"]) / Fraction(derived["equilibrium_admission"]))
    assert _cells_differ(read(folder / "trajectory.csv"), read(DATA / f"{stem}.csv"), scale, derived["L"],
                         per_admission)[:5] == []


def test_comparison_catches_a_changed_value():
    """The comparison itself can fail: a change beyond RTOL and a changed int are reported."""
    old = {"a": 1.0, "b": 3, "c": "1/2"}
    assert _compare({"a": 1.0 + 1e-12, "b": 3, "c": "1/2"}, old, 1.0, "x") == []
    assert _compare({"a": 1.0 + 1e-6, "b": 3, "c": "1/2"}, old, 1.0, "x") != []
    assert _compare({"a": 1.0, "b": 4, "c": "1/2"}, old, 1.0, "x") != []
    assert _compare({"a": 1.0, "b": 3, "c": "1/3"}, old, 1.0, "x") != []
    assert _cells_differ([["v"], ["2.0"]], [["v"], ["2.1"]], 1.0) != []
    assert _cells_differ([["v"], [""]], [["v"], ["2.0"]], 1.0) != []
    assert _compare({"simulation": {"c": "1.0000001"}}, {"simulation": {"c": "1.0"}}, 1.0, "x") != []


@pytest.mark.parametrize("spec", ["default:steps=300", "one-type-spiral:steps=600", "three-types"])
def test_csv_is_what_the_csv_module_writes_cell_by_cell(spec, tmp_path):
    """The column-wise writer against csv.writer over one repr per cell (empty for NaN)."""
    from coupling_sym.config import build_config
    from coupling_sym.experiment import run_experiment
    from coupling_sym.experiment.folder import _write_csv, trajectory_columns

    name, _, override = spec.partition(":")
    result = run_experiment(build_config(name, [override] if override else []))
    _write_csv(tmp_path / "fast.csv", result)

    def cell(x):
        value = float(x)
        return "" if math.isnan(value) else repr(value)

    th, sim, costs = result.theory, result.simulation, result.costs
    with (tmp_path / "plain.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(trajectory_columns(result.config.params.L))
        for t in range(th.steps + 1):
            writer.writerow([t, cell(th.admissions[t]), cell(sim.admissions[t]), cell(sim.eviction_totals[t]),
                             *(cell(v) for v in sim.evictions[t]), cell(th.tokens[t]), cell(sim.tokens[t]),
                             cell(result.aggregate.admissions[t]), cell(result.config.params.equilibrium_admission),
                             cell(result.theory_completions[t]), cell(costs.completions[t]),
                             cell(costs.evicted_tokens[t]), cell(costs.discarded_output[t])])
    fast = (tmp_path / "fast.csv").read_bytes()
    assert fast == (tmp_path / "plain.csv").read_bytes()
    assert b",," in fast or name != "one-type-spiral"  # the stopped theory's empty cells are covered
