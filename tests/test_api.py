"""The top-level API: lazy names, results with ``as_dict()``, figures not shown."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from fractions import Fraction

import pytest

import coupling_sym

HEAVY = ("sympy", "mpmath", "flint", "matplotlib", "numpy")


def test_import_loads_no_heavy_library():
    # A fresh interpreter: the test process itself has imported everything already.
    code = ("import sys, coupling_sym; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_first_use_imports_only_what_the_name_needs():
    code = ("import sys, coupling_sym; coupling_sym.make_params; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", sorted(coupling_sym._API))
def test_every_name_is_the_object_its_module_defines(name):
    module = importlib.import_module(coupling_sym._API[name])
    assert getattr(coupling_sym, name) is getattr(module, name)
    assert name in module.__all__


@pytest.mark.parametrize("name", sorted(coupling_sym._API))
def test_every_name_documents_a_runnable_example(name):
    # pytest --doctest-modules runs the examples; here we check each public name has one.
    doc = getattr(coupling_sym, name).__doc__ or ""
    assert "Examples" in doc and ">>>" in doc, f"{name} has no Examples section"


def test_dir_and_all_list_the_api():
    assert set(coupling_sym._API) <= set(dir(coupling_sym))
    assert set(coupling_sym.__all__) == {"__version__", *coupling_sym._API}


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'no_such_thing'"):
        coupling_sym.no_such_thing  # noqa: B018


def test_experiment_result_as_dict_is_json_and_exact():
    config = coupling_sym.build_config("default", ["steps=2"])
    result = coupling_sym.run_experiment(config, exact=True)
    record = json.loads(json.dumps(result.as_dict()))
    # By hand: N = B / (l0 + 1) = 15, split 15/2 per type.  Batch 1: both halves advance
    # to stage 1 (5 tokens each), R = 60 - 75 = -15, admission -15/4 (-15/8 per type).
    # Batch 2: A's stage 1 completes; 2 * 5 * (-15/8) + 6 * 15/2 = 105/4 tokens advance,
    # R = 135/4, admission 135/16.
    assert record["theory"]["admissions"] == ["15", "-15/4", "135/16"]
    assert record["config"]["X0"] == [["15/2", "0"], ["15/2", "0", "0"]]
    assert record["summary"]["steps"] == 2


def test_params_as_dict_keeps_exact_shares():
    params = coupling_sym.two_type_params(3, 2, 3, "1/3", B=60)
    record = params.as_dict()
    assert record["p"] == ["1/3", "2/3"]
    # a* = B / sum_j c_j, c = (4, 5, 6 * 2/3) = (4, 5, 4): 60 / 13
    assert record["equilibrium_admission"] == "60/13"
    assert record["lengths"] == [2, 3]


def test_roots_as_dict_is_json():
    result = coupling_sym.compute_roots([4, 5, 3], 20)
    record = json.loads(json.dumps(result.as_dict()))
    assert record["coeffs"] == ["4", "5", "3"]
    # roots of 4z^2 + 5z + 3: modulus sqrt(3/4) each (product of the conjugate pair is 3/4)
    assert len(record["roots"]) == 2
    assert abs(float(record["rho"]) - 0.75 ** 0.5) < 1e-15


def test_charpoly_as_dict_matches_hand_coefficients():
    record = coupling_sym.derive_charpoly([2, 3], p="1/2", l0=3).as_dict()
    # c_j = (l0+1+j) * share alive at stage j: (4 * 1, 5 * 1, 6 * 1/2)
    assert record["P"] == ["4", "5", "3"]


def test_plot_returns_a_figure_without_showing(monkeypatch):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    shown = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append(1))
    result = coupling_sym.run_experiment(coupling_sym.build_config("default", ["steps=10"]))
    fig = coupling_sym.plot_comparison(result)
    try:
        assert isinstance(fig, Figure)
        assert not shown
    finally:
        plt.close(fig)


def test_to_record_rejects_unknown_types():
    with pytest.raises(TypeError, match="value must be a number"):
        coupling_sym.to_record(object())


def test_to_record_fraction_integer_is_plain():
    assert coupling_sym.to_record(Fraction(4, 2)) == "2"
