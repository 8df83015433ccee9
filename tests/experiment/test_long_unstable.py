"""A long unstable run writes a complete folder with strict JSON (no NaN/Infinity)."""

import csv
import json

from coupling_sym.config import build_config
from coupling_sym.experiment import create_run_folder, run_experiment, write_run


def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"config.json holds {name}, which is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_long_unstable_run_writes_strict_json_and_a_complete_folder(tmp_path):
    # (2, 4) at l0 = 0 is unstable (a mode near -1 outside the disk); its theory passes
    # 1e50 N near batch 200 and is stopped there.  Before the stop, 5000 batches of
    # this setting overflowed float64 and the modal figure failed on inf.
    steps = 260
    result = run_experiment(build_config("non-coprime", ["l0=0", f"steps={steps}"]), analyse=True)
    folder = create_run_folder(tmp_path)
    write_run(result, folder)
    doc = _strict((folder / "config.json").read_text())
    stopped = doc["summary"]["theory_stopped"]
    assert stopped is not None and 100 < stopped < steps
    with (folder / "trajectory.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == steps + 1
    # Batches the theory did not follow are empty cells, never "nan" or "inf".
    assert rows[stopped]["theory_admission"] != "" and rows[stopped + 1]["theory_admission"] == ""
    assert not any(v.lower() in ("nan", "inf", "-inf") for row in rows for v in row.values())
    assert (folder / "modal" / "prediction.png").is_file()


def test_modal_closed_form_is_drawn_only_where_the_theory_was_followed():
    import numpy as np

    from coupling_sym.dynamics import run_simulation, run_theory
    from coupling_sym.modal.section import modal_prediction

    cfg = build_config("non-coprime", ["l0=0", "steps=260"])
    theory = run_theory(cfg.params, cfg.X0, cfg.steps)
    data = modal_prediction(cfg, theory, run_simulation(cfg.params, cfg.X0, cfg.steps), dps=15)
    assert np.isnan(data.theory_closed[theory.stopped + 1:]).all()
    assert np.isfinite(data.theory_closed[:theory.stopped + 1]).all()

