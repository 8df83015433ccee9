"""JSON-ready and CSV-ready records of a modal decomposition.

Every high-precision number is written as a decimal string with ``dps`` significant
digits (mpmath ``nstr``); a complex number is a pair ``[re, im]``.  A mode is
``{"root": [re, im], "multiplicity": m, "coefficients": [[re, im], ..]}`` where
coefficient ``k`` multiplies ``tau^k root^tau``.
"""

from __future__ import annotations

from fractions import Fraction

from .decomposition import ModalDecomposition, Mode, _to_mp

__all__ = ["format_number", "format_complex", "mode_record", "decomposition_record", "MODE_CSV_COLUMNS",
           "mode_csv_rows"]

MODE_CSV_COLUMNS = ("mode", "root_re", "root_im", "modulus", "multiplicity", "power_k", "coefficient_re",
                    "coefficient_im", "coefficient_abs", "position")


def format_number(value, dps: int) -> str:
    """``value`` (mpmath, Fraction, int or float) as a decimal string of ``dps`` digits.

    Examples
    --------
    >>> format_number(Fraction(1, 3), 10), format_number(5, 10)
    ('0.3333333333', '5.0')
    """
    from mpmath import mp

    with mp.workdps(dps + 5):
        number = _to_mp(value) if isinstance(value, (Fraction, int, float)) else value
        return mp.nstr(number, dps)


def format_complex(value, dps: int) -> list[str]:
    """``[re, im]`` of a complex mpmath number as decimal strings.

    Examples
    --------
    >>> from mpmath import mpc
    >>> format_complex(mpc(1, -0.5), 5)
    ['1.0', '-0.5']
    """
    return [format_number(value.real, dps), format_number(value.imag, dps)]


def mode_record(mode: Mode, dps: int) -> dict:
    """One mode in the JSON format of ``coupling-sym modal --json``."""
    return {"root": format_complex(mode.root, dps), "multiplicity": mode.multiplicity,
            "coefficients": [format_complex(c, dps) for c in mode.coefficients]}


def decomposition_record(decomp: ModalDecomposition, max_abs_error) -> dict:
    """The object printed by ``coupling-sym modal --json``.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> from coupling_sym.modal import decompose_admissions
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> record = decomposition_record(decompose_admissions(params, initial_state(params), dps=8), 0)
    >>> record["equilibrium"], record["valid_from"], record["modes"][0]["root"]
    ('5.0', 0, ['-0.625', '0.59947894'])
    """
    dps = decomp.dps
    return {"equilibrium": format_number(decomp.equilibrium, dps), "valid_from": decomp.valid_from,
            "max_abs_error": format_number(max_abs_error, dps),
            "modes": [mode_record(mode, dps) for mode in decomp.modes]}


def mode_csv_rows(decomp: ModalDecomposition) -> list[list]:
    """Rows for ``modes.csv`` (:data:`MODE_CSV_COLUMNS`): one per mode and power ``k``."""
    from mpmath import mp

    dps = decomp.dps
    rows = []
    with mp.workdps(decomp.working_dps):
        for index, mode in enumerate(decomp.modes):
            for k, coefficient in enumerate(mode.coefficients):
                rows.append([index, *format_complex(mode.root, dps), format_number(mode.modulus, dps),
                             mode.multiplicity, k, *format_complex(coefficient, dps),
                             format_number(abs(coefficient), dps), mode.position])
    return rows
