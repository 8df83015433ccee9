"""JSON and CSV records of a decomposition."""

from fractions import Fraction

from mpmath import mp, mpf

from coupling_sym.modal import decompose_admissions
from coupling_sym.modal.records import MODE_CSV_COLUMNS, decomposition_record, format_number, mode_csv_rows
from coupling_sym.params import make_params, two_type_params
from coupling_sym.state import initial_state


def test_format_number_uses_the_requested_digits():
    assert format_number(Fraction(2, 3), 5) == "0.66667"
    assert format_number(mpf(1) / 3, 3) == "0.333"
    assert format_number(0, 7) == "0.0"


def test_record_has_exactly_the_documented_keys():
    params = make_params(3, (2, 3), (1, 1), 60)
    decomp = decompose_admissions(params, initial_state(params), dps=12)
    record = decomposition_record(decomp, mpf("1e-30"))
    assert set(record) == {"equilibrium", "valid_from", "max_abs_error", "modes"}
    assert record["equilibrium"] == "5.0" and record["valid_from"] == 0
    assert record["max_abs_error"] == "1.0e-30"
    for mode in record["modes"]:
        assert set(mode) == {"root", "multiplicity", "coefficients"}
        assert mode["root"][0] == "-0.625"                   # -5/8 exactly
        assert len(mode["coefficients"]) == mode["multiplicity"] == 1
        assert mode["coefficients"][0][0] == "5.0"           # Re C = 5 (hand value)
        with mp.workdps(30):
            # 12 significant digits of sqrt(23)/8 and 10/sqrt(23)
            assert abs(abs(mpf(mode["root"][1])) - mp.sqrt(23) / 8) < 1e-11
            assert abs(abs(mpf(mode["coefficients"][0][1])) - 10 / mp.sqrt(23)) < 1e-11


def test_csv_rows_one_per_power():
    params = two_type_params(3, 2, 3, Fraction(71, 96), 60)      # double root -5/8
    rows = mode_csv_rows(decompose_admissions(params, initial_state(params), dps=10))
    assert len(MODE_CSV_COLUMNS) == len(rows[0])
    assert [(row[0], row[4], row[5]) for row in rows] == [(0, 2, 0), (0, 2, 1)]
    assert rows[0][1:4] == ["-0.625", "0.0", "0.625"]
    assert rows[0][-1] == "inside"
