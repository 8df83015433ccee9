"""What ``coupling-sym modal`` reports: the closed form of a config's theory admissions,
checked against an exact run of the recursion, with exact modes on request.

Conventions as in :mod:`coupling_sym.modal.decomposition`; :meth:`ModalReport.as_dict`
is the ``--json`` object of :func:`coupling_sym.modal.records.decomposition_record`,
plus, with ``exact``, each mode's exact root, coefficients and coefficient polynomials
``C_k = sum_a gamma_ka mu^a`` (ascending in ``mu``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..config import ExperimentConfig
from ..records import Record
from .decomposition import ModalDecomposition, decompose_admissions, exact_admissions

__all__ = ["ModalReport", "modal_report"]


@dataclass(frozen=True)
class ModalReport(Record):
    """The closed form of one config's theory admissions and how well it matches.

    Attributes
    ----------
    decomposition : ModalDecomposition
    max_abs_error : mpmath.mpf
        ``max |closed form - exact theory|`` over batches ``valid_from .. steps``.
    steps : int
        Last batch compared.
    exact_forms : tuple of ExactMode or None
        Exact roots and coefficients (``None`` unless asked for).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> report = modal_report(build_config("default", ["steps=30"]), dps=20)
    >>> record = report.as_dict()
    >>> record["equilibrium"], record["valid_from"], len(record["modes"])
    ('5.0', 0, 2)
    >>> float(report.max_abs_error) < 1e-15        # the closed form holds to the working digits
    True
    """

    decomposition: ModalDecomposition
    max_abs_error: Any
    steps: int
    exact_forms: tuple | None = None

    def as_dict(self) -> dict[str, Any]:
        """The ``modal --json`` object."""
        from .records import decomposition_record

        record = decomposition_record(self.decomposition, self.max_abs_error)
        for item, form in zip(record["modes"], self.exact_forms or ()):
            item["root_exact"] = None if form.root is None else str(form.root)
            item["coefficients_exact"] = None if form.coefficients is None else [str(c) for c in form.coefficients]
            item["coefficient_polynomials"] = [[str(g) for g in polynomial] for polynomial in form.polynomials]
        return record


def modal_report(config: ExperimentConfig, dps: int = 30, exact: bool = False,
                 progress: Callable[[], object] | None = None) -> ModalReport:
    """Decompose ``config``'s theory admissions and check the closed form exactly.

    Parameters
    ----------
    config : ExperimentConfig
    dps : int
        Decimal digits of the roots, coefficients and error.
    exact : bool
        Also give the roots and coefficients exactly (rationals, radicals, CRootOf).
    progress : callable, optional
        Called once per batch compared (``steps + 1`` calls at most).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> report = modal_report(build_config("default", ["steps=10"]), dps=15, exact=True)
    >>> report.as_dict()["modes"][0]["root_exact"]     # (-5 +- sqrt(25 - 48)) / 8, upper one first
    '-5/8 + sqrt(23)*I/8'
    """
    from .exact import exact_modes

    decomp = decompose_admissions(config.params, config.X0, dps)
    reference = exact_admissions(config.params, config.X0, config.steps)
    error = decomp.max_abs_error(reference, progress=progress)
    return ModalReport(decomp, error, config.steps, tuple(exact_modes(decomp)) if exact else None)
