"""The checks ``coupling-sym charpoly`` reports beside a derived characteristic equation.

Three independent confirmations of one :class:`~coupling_sym.symbolic.charpoly.CharPoly`:
the identity ``P_l0 = (l0 + L) A - lambda A'`` (:mod:`.identities`), ``A(1) != 0`` (so
``lambda = 1`` is a simple root of the difference polynomial), and the same ``P_l0`` from
the state-space matrix (:mod:`.statespace`), skipped by default when that route is slow.
"""

from __future__ import annotations

from typing import Any

__all__ = ["charpoly_checks"]


def charpoly_checks(cp, cross_check: bool | None = None) -> dict[str, Any]:
    """JSON-ready verdicts of the checks on ``cp``.

    Parameters
    ----------
    cp : CharPoly
    cross_check : bool, optional
        Run the state-space route (``None``: only when it is fast for these parameters).

    Returns
    -------
    dict
        ``identity`` (bool), ``A_at_1`` (exact string), ``A_at_1_nonzero`` (bool) and
        ``routes_agree`` (bool, or ``None`` when skipped).

    Examples
    --------
    >>> from coupling_sym.symbolic import derive_charpoly
    >>> charpoly_checks(derive_charpoly([2, 3], p="1/2", l0=3))      # A(1) = 1 + 1 + q, q = 1/2
    {'identity': True, 'A_at_1': '5/2', 'A_at_1_nonzero': True, 'routes_agree': True}
    """
    from .identities import check_identities
    from .render import display_coefficient
    from .statespace import routes_agree, state_space_is_fast

    identities = check_identities(cp)
    run_routes = state_space_is_fast(cp.params) if cross_check is None else cross_check
    return {
        "identity": identities.identity_holds and identities.identity_holds_at_l0,
        "A_at_1": str(display_coefficient(cp.params, identities.A_at_one)),
        "A_at_1_nonzero": identities.A_at_one_nonzero,
        "routes_agree": routes_agree(cp) if run_routes else None,
    }
