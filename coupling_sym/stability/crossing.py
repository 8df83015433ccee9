"""Where the roots of ``P_l0`` cross the unit circle, as ``l0`` runs over the reals.

Write ``t = l0 + L``, so ``P_t(z) = t A(z) - z A'(z)`` (``A`` of degree ``n = L - 1``,
see :mod:`.poly`).  For ``t > L - 1`` the degree of ``P_t`` stays ``n`` and its roots
move continuously with ``t``; the number of roots outside the circle can only change at
a *crossing value* ``t`` where ``P_t`` has a root ``z`` with ``|z| = 1``.

On the circle ``A(z) != 0`` except at the nontrivial ``d``-th roots of unity,
``d = gcd(l_k)`` (``|sum_k p_k z^-l_k| = 1`` forces ``z^l_k = 1`` for every k), and
there ``P_t(z) = -z A'(z) != 0`` because those roots of ``A`` are simple.  Elsewhere
``P_t(z) = 0`` iff ``t = g(z) = z A'(z) / A(z)``.  With ``z = e^(i theta)``,
``g = d(arg A)/d(theta) - i d(log|A|)/d(theta)``, so ``t`` is real exactly at the
critical points of ``|A(e^(i theta))|^2 = z^-n H(z)``, ``H = A A*``.  Writing
``H = sum_i h_i z^i``, that derivative is ``2 sin(theta) R(cos(theta))`` with

    ``R(x) = sum_{k=1..n} k h_(n+k) U_(k-1)(x)``  (Chebyshev polynomials of the 2nd kind).

So the crossing values are ``g(1)``, ``g(-1)`` and ``g(x + i sqrt(1 - x^2))`` for the real
roots ``x`` of ``R`` in ``(-1, 1)`` other than the poles ``cos(2 pi j / d)`` (divided out
exactly through ``fmpz_poly.cos_minpoly``): a finite set.  At a critical point, ``t`` is
the real rational function ``N(x) / V(x)`` of :class:`_Evaluator`, enclosed in arb ball
arithmetic.  Its monomial coefficients grow like Chebyshev's (``2^n``), so over a 1e-14
wide ``x`` the ball can blow up for large ``n``; such a value is enclosed again as
``Re(z A'(z) / A(z))`` at the complex ball ``z = x + i sqrt(1 - x^2)`` (acb arithmetic,
where the small coefficients of ``A`` on the circle keep the ball narrow; over a narrow ``x``
in the centred form of :meth:`_Evaluator._complex_values`, since Horner's rule on complex
rectangles widens them by up to ``sqrt 2`` a step).  The bounds are
kept as floats rounded outward (exact dyadic rationals), or
as Fractions when exact (``z = +-1``).

Isolation of the roots of ``R``: a float sampling of ``sin(theta) R(cos(theta))`` and
safeguarded Newton steps propose brackets (for many polynomials at once in one numpy pass
when :func:`propose_critical_points` was called, e.g. by ``verify-coprime``); each is
certified by the signs of ``R`` at its end points (floats, i.e. exact rationals), from
ball evaluation, exact where a ball touches 0.  When the certified brackets number
``deg R``, every root is found (and simple).  When ``R`` has roots off ``(-1, 1)`` (the
usual case for shares far from 1/2, p = 9/10), an exact Sturm count of its distinct real
roots in ``(-1, 1)`` (:mod:`.sturm`) equal to the number of certified brackets shows that
each bracket holds the only root in it and none is missed.  Otherwise the certified root
isolation of python-flint (``complex_roots``) is used instead, about ten times slower
than the count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache

import numpy as np
from flint import acb, acb_poly, arb, arb_poly, ctx, fmpq, fmpz_mat, fmpz_poly

from .poly import scaled_floats, turning_bits
from .sturm import count_real_roots

__all__ = ["Crossing", "crossing_values", "critical_point_poly", "propose_critical_points", "with_refinements"]

_T_WIDTH = Fraction(1, 8)     # refine each enclosure of t below this width
_WIDE = arb(1) / 16           # a real-form enclosure of t with a larger radius is redone in complex balls
_NARROW = arb(2) ** -30       # a point ball this narrow is evaluated in complex balls by the centred form


@dataclass(frozen=True)
class Crossing:
    """One crossing of the unit circle: ``P_l0`` has a root at ``z`` when ``l0`` is in ``[low, high]``.

    ``low`` and ``high`` are rigorous bounds on the real crossing value of ``l0``: equal
    Fractions when the value is known exactly (``z = +-1``), otherwise binary floats
    rounded outward from a certified arb enclosure (exact dyadic rationals, used only as
    bounds).  ``z`` approximates the root on the circle (its conjugate is one as well).
    """

    low: Fraction | float
    high: Fraction | float
    z: complex
    _source: object = field(default=None, repr=False, compare=False)

    @property
    def width(self) -> Fraction | float:
        """``high - low``."""
        return self.high - self.low

    def refined(self) -> "Crossing":
        """The same crossing with its enclosure narrowed below 1/8 (a no-op when exact)."""
        if self._source is None or self.width < _T_WIDTH:
            return self
        evaluator, R, item = self._source
        low, high, z = item[1:] if item[0] == "refined" else evaluator.refine(R, item)
        return replace(self, low=low, high=high, z=z, _source=None)

    @property
    def value(self) -> float:
        """The crossing value of ``l0``, as a float for display (``+-inf`` beyond float range)."""
        middle = (self.low + self.high) / 2
        try:
            return float(middle)
        except OverflowError:                    # an exact bound past 1.8e308 (shares like 1e-310)
            return math.inf if middle > 0 else -math.inf


@lru_cache(maxsize=None)
def _chebyshev_matrix(kind: str, n: int):
    """Rows: monomial coefficients (ascending, ``n + 1`` columns) of ``T_0 .. T_n`` or ``U_0 .. U_n``."""

    make = fmpz_poly.chebyshev_t if kind == "T" else fmpz_poly.chebyshev_u
    rows = []
    for k in range(n + 1):
        coeffs = [int(c) for c in make(k).coeffs()]
        rows.append(coeffs + [0] * (n + 1 - len(coeffs)))
    return fmpz_mat(rows)


def _chebyshev_sum(kind: str, weights: list):
    """``sum_k weights[k] T_k`` (or ``U_k``) as an ``fmpz_poly``: one integer matrix product."""

    return fmpz_poly((fmpz_mat([weights]) * _chebyshev_matrix(kind, len(weights) - 1)).entries())


def critical_point_poly(A, d: int = 1):
    """``R(x)`` of the module notes with the poles and the factors ``x -+ 1`` divided out.

    Returns ``(R, h)``: the reduced ``fmpz_poly`` and the coefficients ``h`` of ``A A*``.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> critical_point_poly(fmpz_poly([1, 2, 2]))[0]   # A = 2z^2 + 2z + 1, H = 2z^4+6z^3+9z^2+..
    4*x + 3
    """

    from .poly import reverse

    return _reduced_critical_poly((A * reverse(A)).coeffs(), d)


def _reduced_critical_poly(h: list, d: int):
    """:func:`critical_point_poly` from the coefficients ``h`` of ``A A*``."""

    n = (len(h) - 1) // 2
    R = _chebyshev_sum("U", [k * h[n + k] for k in range(1, n + 1)])
    if d > 1:
        for m in range(3, d + 1):
            if d % m == 0:
                # cos_minpoly(m) is the minimal polynomial of 2 cos(2 pi / m): substitute 2x
                pole = fmpz_poly([c * 2 ** i for i, c in enumerate(fmpz_poly.cos_minpoly(m).coeffs())])
                while R.degree() > 0 and (common := R.gcd(pole)).degree() > 0:
                    R = R // common
    for root in (1, -1):
        while R.degree() > 0 and R(root) == 0:
            R = R // fmpz_poly([-root, 1])
    content = R.content()
    return (R // content if content > 1 else R), h


def crossing_values(A, d: int = 1, refine: bool = True, above=None) -> list[Crossing]:
    """All crossings for ``A`` (``fmpz_poly``, degree ``L - 1``), as intervals of ``l0``.

    ``d`` is ``gcd`` of the decode lengths (the poles of ``g`` are its nontrivial roots of
    unity).  Crossing values below ``l0 = -1`` are included; callers keep ``l0 >= 0``.
    With ``refine=False`` the enclosures are those of the first evaluation (usually far
    narrower than 1 already) and :meth:`Crossing.refined` narrows one on demand.  With
    ``above`` (a number), crossings proven to lie below it are left out.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> crossings = crossing_values(fmpz_poly([1, 2, 2]))    # l_A=2, l_B=3, p=1/2
    >>> [(c.low, c.high) for c in crossings][:2]              # z = 1: t = 6/5;  z = -1: t = 2
    [(Fraction(-9, 5), Fraction(-9, 5)), (Fraction(-1, 1), Fraction(-1, 1))]
    >>> crossings[2].low < 1 < crossings[2].high              # z = (-3 + i sqrt 7)/4 at l0 = 1
    True
    >>> len(crossing_values(fmpz_poly([1, 2, 2]), above=0))   # l0 = -9/5 and -1 are left out
    1
    """
    L = A.degree() + 1
    dA = A.derivative()
    out = []
    for z in (1, -1):
        value = A(z)
        if value != 0:
            t = Fraction(int(z * dA(z)), int(value))
            if above is None or t - L >= above:
                out.append(Crossing(t - L, t - L, complex(z)))
    if A.degree() >= 2:
        R, h = critical_point_poly(A, d)
        if R.degree() > 0:
            evaluator = _Evaluator(A, L, h)
            items = _isolate(R, h)
            # tightened (fmpq) brackets: enough bits for their width to show in the enclosures
            tight = any(item[0] == "bracket" and not isinstance(item[1], float) for item in items)
            found = evaluator.first(items, above, _tight_precision(R) if tight else 64)
            # eager batched refinement only when every crossing is wanted narrow: otherwise
            # Crossing.refined() narrows, one by one and to the same bounds, those a caller asks for
            ready = _refine_wide(evaluator, R, found) if refine else {}
            for index, (item, (low, high, z)) in enumerate(found):
                crossing = Crossing(low, high, z, (evaluator, R, ready.get(index, item)))
                out.append(crossing.refined() if refine else crossing)
    return out


def _refine_wide(evaluator, R, found) -> dict:
    """Refinements of every enclosure of ``found`` at least 1/8 wide, done together (:func:`_refine_batch`).

    Returns ``{index: ("refined", low, high, z)}`` for those now narrower than 1/8.  Long
    decode lengths have many such enclosures (a fifth of them from l_B = 64 on at p = 1/2),
    each refined alone before in many small steps.
    """
    wide = [i for i, (item, (low, high, _)) in enumerate(found)
            if item[0] == "bracket" and not high - low < _T_WIDTH]
    return {i: ready for i, ready in zip(wide, _refine_batch(evaluator, R, [found[i][0] for i in wide]))
            if ready is not None}


def with_refinements(crossings: list, wanted) -> list:
    """``crossings`` with those at the indices ``wanted`` carrying their refinement, computed now together.

    Enclosures and order are unchanged: :meth:`Crossing.refined` of such a crossing returns
    the refinement computed here, the very bounds it would compute alone (the same ball
    arithmetic, point by point), so a caller may ask for more than it will use.  One batch
    per polynomial costs far less than one refinement at a time: a search for the largest
    crossing value refines every wide enclosure reaching above the narrow ones (about
    15,000 of them over the pairs of ``2..96`` at ``p = 1/2``).

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> crossings = crossing_values(fmpz_poly([1, 2, 2]), refine=False)
    >>> [c.refined() for c in with_refinements(crossings, [2])] == [c.refined() for c in crossings]
    True
    """
    groups: dict[int, tuple] = {}
    for i in wanted:
        crossing = crossings[i]
        if crossing._source is None or crossing.width < _T_WIDTH or crossing._source[2][0] != "bracket":
            continue
        evaluator, R, _ = crossing._source
        groups.setdefault(id(evaluator), (evaluator, R, []))[2].append(i)
    out = list(crossings)
    for evaluator, R, indices in groups.values():
        for i, ready in zip(indices, _refine_batch(evaluator, R, [crossings[i]._source[2] for i in indices])):
            if ready is not None:
                out[i] = replace(crossings[i], _source=(evaluator, R, ready))
    return out


def _refine_batch(evaluator, R, items) -> list:
    """``("refined", low, high, z)`` (or ``None``) for each ``("bracket", lo, hi)`` item, all at once.

    The brackets are tightened in one multipoint Newton pass (:func:`_tighten`) and their
    crossing values enclosed again in one evaluation: the first step of
    :meth:`_Evaluator.refine`, for many brackets.  A result narrower than 1/8 is returned
    (what that refinement would return); ``None`` leaves the item to it.
    """
    if not items:
        return []
    brackets = _tighten(R, [item[1:3] for item in items])
    prec = max(192, _tight_precision(R))
    out = []
    with ctx.workprec(prec):
        balls = [evaluator._ball((_exact(lo), _exact(hi))) for lo, hi in brackets]
        for ball, value in zip(balls, evaluator._values(balls)):
            low, high = _bounds(value)
            out.append(("refined", low, high, _circle_point(ball)) if high - low < _T_WIDTH else None)
    return out


# -- isolation of the real roots of R in (-1, 1) -------------------------------------

def _isolate(R, h) -> list:
    """Certified isolating data for the roots of ``R`` in ``(-1, 1)``.

    Returns a list of ``("bracket", lo, hi)`` (end points: floats, i.e. exact dyadic
    rationals, with a certified sign change of ``R``, one simple root inside) or
    ``("ball", x, prec)`` items (arb enclosures from python-flint).
    """
    brackets = _float_brackets(R, h)
    if brackets is not None and len(brackets) == R.degree():
        return [("bracket", lo, hi) for lo, hi in brackets]
    count = count_real_roots(R, -1, 1)
    if brackets is not None and len(brackets) != count:
        # roots closer than the sampling grid's step (shares away from 1/2, long lengths): a
        # grid 25 times finer for this polynomial alone usually finds them, where the
        # certified root isolation below costs about 0.1 s a polynomial at l_B ~ 80
        brackets = _float_brackets(R, h, _propose([h], _FINE)[0])
    if brackets is not None and len(brackets) == count:
        # R has roots off (-1, 1): the floats found all of those inside.  Narrow brackets make
        # the first enclosures at least as narrow as those of the root isolation they replace.
        return [("bracket", lo, hi) for lo, hi in _tighten(R, brackets)]
    return _flint_balls(R)


_TIGHT = 96                       # tightened brackets are 2^-95 wide


def _tighten(R, brackets) -> list:
    """Each certified bracket narrowed to width ``2^-95`` around a root polished by Newton in arb.

    Newton steps (ball midpoints, precision sized to the coefficients of ``R``) from the
    float root give ``x``; the bracket ``[x - 2^-96, x + 2^-96]`` (exact dyadic ``fmpq``)
    replaces the float one when it lies inside it and the exact signs of ``R`` at its ends
    differ: it then holds the one root of the float bracket.  Otherwise the float bracket
    is kept.  A crossing value enclosed over an ``x`` this narrow is narrow at once, where
    the float brackets (about 1e-14 wide) gave enclosures wider than 1 for long decode
    lengths and left them to many refinement steps.
    """
    if not brackets:
        return brackets
    prec = _tight_precision(R)
    with ctx.workprec(prec):
        poly, slope = _ball_form(R)
        xs = [arb((lo + hi) / 2) for lo, hi in brackets]
        for _ in range(2):            # from float accuracy (~1e-15): ~1e-30, then far below 2^-96
            values = poly.evaluate(xs, algorithm="iter")
            slopes = slope.evaluate(xs, algorithm="iter")
            xs = [(x - v / d).mid() if d != 0 else x for x, v, d in zip(xs, values, slopes)]
    delta = fmpq(1, 2 ** _TIGHT)
    candidates = []
    for (lo, hi), x in zip(brackets, xs):
        if x.is_finite():
            centre = fmpq(*_dyadic(x))
            a, b = centre - delta, centre + delta
            if _exact(lo) < a and b < _exact(hi):
                candidates.append((a, b))
                continue
        candidates.append(None)
    points = [end for pair in candidates if pair is not None for end in pair]
    signs = iter(_signs(R, points, prec))
    out = []
    for bracket, pair in zip(brackets, candidates):
        if pair is not None and next(signs) * next(signs) < 0:
            out.append(pair)
        else:
            out.append(bracket)
    return out


def _tight_precision(R) -> int:
    """Bits that keep the ball value of ``R`` at a point ``2^-96`` from a root away from 0."""
    return 64 * (2 + (R.height_bits() + R.degree() + _TIGHT) // 64)


def _exact(value):
    """A float or ``fmpq`` end point as an ``fmpq``."""
    return fmpq(*value.as_integer_ratio()) if isinstance(value, float) else value


def _float_brackets(R, h, root=None):
    """Brackets proposed by floats (``root``: angles, by default those of :func:`_propose`), kept
    only where certified signs of ``R`` confirm them."""

    if root is None:
        root = _PROPOSALS.pop(tuple(h), None)
    if root is None:
        root = _propose([h])[0]
    certified = []
    for pad in (2e-14, 1e-12, 1e-9):
        lows = np.cos(np.minimum(root + pad, np.pi)).tolist()
        highs = np.cos(np.maximum(root - pad, 0.0)).tolist()
        signs = _signs(R, lows + highs)
        m = len(lows)
        missed = []
        for i in range(m):
            if lows[i] < highs[i] and signs[i] * signs[m + i] < 0:
                certified.append((lows[i], highs[i]))
            else:
                missed.append(root[i])
        root = np.array(missed)
        if not missed:
            break
    certified.sort()
    if any(certified[i][1] >= certified[i + 1][0] for i in range(len(certified) - 1)):
        return None
    return certified


# Float proposals of the critical angles, computed for many polynomials in one numpy batch
# (:func:`propose_critical_points`) and taken by :func:`_float_brackets`: floats only
# propose, every bracket is still certified by exact signs of R.
_PROPOSALS: dict[tuple, np.ndarray] = {}
_BATCH = 128                      # polynomials per numpy batch (bounds the memory)


def propose_critical_points(polys) -> None:
    """Precompute float proposals for the critical points of many ``A`` (``fmpz_poly``) at once.

    Only a speed-up for callers that handle many polynomials (``verify-coprime``): one
    vectorised numpy pass replaces one pass per polynomial.  The proposals are kept until
    :func:`crossing_values` asks for them (earlier unused ones are dropped).
    """

    from .poly import reverse

    _PROPOSALS.clear()
    hs = []
    for A in polys:
        if A.degree() >= 2:
            hs.append((A * reverse(A)).coeffs())
    hs.sort(key=len)                          # similar degrees share a batch: little padding
    for start in range(0, len(hs), _BATCH):
        chunk = hs[start:start + _BATCH]
        for h, roots in zip(chunk, _propose(chunk)):
            _PROPOSALS[tuple(h)] = roots


_DENSITY = 8                      # grid points per degree of the sampling in _propose
_FINE = 200                       # the same for a polynomial whose roots the first grid missed


def _propose(hs, density: int = _DENSITY) -> list:
    """Float roots ``theta`` in ``(0, pi)`` of ``sum_k k h_(n+k) sin(k theta)`` for each ``h``.

    A sampling grid (``density`` points per degree; one matrix product for all rows) finds
    sign changes; regula falsi then safeguarded Newton steps, kept inside each bracket,
    polish them.
    """

    sizes = [(len(h) - 1) // 2 for h in hs]
    width = max(sizes)
    k = np.arange(1, width + 1, dtype=float)
    weights = np.zeros((len(hs), width))
    for row, (h, n) in enumerate(zip(hs, sizes)):
        if n:
            # scaled floats: float(h) overflows for shares like 1e-300 (h of 600 digits)
            w = np.arange(1, n + 1, dtype=float) * np.array(scaled_floats([int(h[n + j]) for j in range(1, n + 1)]))
            weights[row, :n] = w / np.max(np.abs(w))
    grid, sines = _sampling(width, density)
    values = _product_by_rows(sines, weights.T)                # (grid, rows)
    g, rows = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)
    a, b, fa, fb = grid[g], grid[g + 1], values[g, rows], values[g + 1, rows]
    root = a - fa * (b - a) / (fb - fa)                        # regula falsi
    w = weights[rows]
    kw = w * k
    for _ in range(3):               # Newton, kept inside the shrinking bracket, else bisection
        angles = np.outer(root, k)
        f = np.einsum("ij,ij->i", np.sin(angles), w)
        df = np.einsum("ij,ij->i", np.cos(angles), kw)
        same = np.sign(f) == np.sign(fa)
        a, fa, b = np.where(same, root, a), np.where(same, f, fa), np.where(same, b, root)
        newton = root - f / np.where(df != 0, df, 1.0)
        root = np.where((newton >= a) & (newton <= b), newton, (a + b) / 2)
    order = np.argsort(rows, kind="stable")
    rows, root = rows[order], root[order]
    bounds = np.searchsorted(rows, np.arange(len(hs) + 1))
    return [root[bounds[i]:bounds[i + 1]] for i in range(len(hs))]


@lru_cache(maxsize=2)
def _sampling(width: int, density: int):
    """The grid of :func:`_propose` and ``sin(k theta)`` on it (``k = 1 .. width``), read-only.

    Kept for the next call of the same width and density: the grid 25 times finer for one
    polynomial (``_FINE``) costs about 20 ms in ``sin`` at ``l_B ~ 96``, and the
    polynomials needing it come by decode length (:func:`.summary.verify_pairs` handles
    the pairs by ``l_B``), 287 of them in 67 widths over ``2..96`` at ``p = 3/4``.
    """
    grid = np.linspace(0.0, np.pi, density * width + 33)[1:-1]
    sines = np.sin(np.outer(grid, np.arange(1, width + 1, dtype=float)))
    grid.flags.writeable = sines.flags.writeable = False
    return grid, sines


_ROWS = 16                        # rows of the left factor per product in _product_by_rows


def _product_by_rows(left, right):
    """``left @ right`` computed ``_ROWS`` rows of ``left`` at a time.

    Each entry is the same dot product as in one product; products this small run on the
    calling thread.  The whole product (about 800 x 95 by 95 x 128 per batch) woke
    OpenBLAS's worker threads, whose spinning after each call slowed the numpy work around
    it on a loaded two-core machine: the proposals of ``2..96`` took 1.5 s of CPU time
    against 0.95 s by rows, the same as with ``OPENBLAS_NUM_THREADS=1``.

    Examples
    --------
    >>> left, right = np.arange(40.0).reshape(20, 2), np.array([[1.0, 0.0], [0.0, 2.0]])
    >>> bool(np.array_equal(_product_by_rows(left, right), left @ right))
    True
    """
    return np.concatenate([left[i:i + _ROWS] @ right for i in range(0, len(left), _ROWS)])


@lru_cache(maxsize=64)
def _ball_poly(coeffs: tuple[int, ...]):
    """``R`` as an arb polynomial, with its derivative (cached: R is reused while refining)."""

    poly = arb_poly(list(coeffs))
    return poly, poly.derivative()


def _ball_form(R):
    return _ball_poly(tuple(int(c) for c in R.coeffs()))


def _signs(R, points, prec: int | None = None) -> list[int]:
    """Exact signs of ``R`` at float or ``fmpq`` points: ball evaluation, exact where a ball touches 0.

    A ball that holds 0 is evaluated again at twice the precision before the exact value
    is computed: over the pairs of ``2..96`` at ``p = 1/2``, 26,111 of the 376,688 points
    have such a ball at the first precision and none at the second, which costs a third
    of an exact rational evaluation (the signs took 2.5 s, 2.0 s now).
    """

    if not points:
        return []
    # R's monomial coefficients grow like 2^deg: the precision follows the degree
    prec = prec or 64 * (1 + (R.degree() + 44) // 64)
    out = _ball_signs(R, points, prec)
    again = [i for i, sign in enumerate(out) if sign == 0]
    if again:
        for i, sign in zip(again, _ball_signs(R, [points[i] for i in again], 2 * prec)):
            out[i] = sign
    for i, x in enumerate(points):
        if out[i] == 0:
            exact = R(fmpq(*x.as_integer_ratio()) if isinstance(x, float) else x)
            out[i] = (exact > 0) - (exact < 0)
    return out


def _ball_signs(R, points, prec: int) -> list[int]:
    """Signs of ``R`` at ``points`` where ball evaluation at ``prec`` bits proves them, 0 elsewhere."""

    with ctx.workprec(prec):
        values = _ball_form(R)[0].evaluate([arb(x) for x in points], algorithm="iter")
    return [1 if value > 0 else -1 if value < 0 else 0 for value in values]


def _flint_balls(R) -> list:
    """Certified isolation by python-flint, refined until each real root is inside or outside (-1, 1)."""

    prec = 64
    while True:
        with ctx.workprec(prec):
            roots = R.complex_roots()
        found, undecided = [], False
        for root, _ in roots:
            if not root.imag.is_zero():
                continue
            x = root.real
            if x > -1 and x < 1:
                found.append(("ball", x, prec))
            elif not (x < -1 or x > 1):
                undecided = True
        if not undecided:
            return found
        prec *= 2


# -- the crossing value t = g(z) on each isolated critical point -----------------------

class _Evaluator:
    """Encloses the crossing value ``l0 = t(x) - L`` at a critical point ``x = cos(theta)``.

    On the circle ``|A|^2 = V(x)`` and ``Re(z A'(z) conj(A(z))) = N(x)``, both integer
    polynomials in ``x`` (Chebyshev ``T`` sums of the coefficients of ``A A*`` and of
    ``z A' A*``), so ``t = Re(z A'/A) = N(x) / V(x)``: real ball arithmetic, cheap.  Where
    that ball is wider than 1/16 (module notes), ``t = Re(z A'(z) / A(z))`` at
    ``z = x + i sqrt(1 - x^2)`` in complex balls instead.  A ball ``x`` touching ``+-1``
    can still give an infinite enclosure, which refinement narrows.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> evaluator = _Evaluator(fmpz_poly([1, 2, 2]), 3)   # A = 2z^2 + 2z + 1: root of R at x = -3/4
    >>> (low, high), z = evaluator.l0_bounds((-0.75, -0.75), 64)
    >>> low < 1 < high and high - low < 1e-12         # t = 4 exactly, l0 = t - L = 1
    True
    >>> with ctx.workprec(64):
    ...     (evaluator._complex_values([arb(-0.75)])[0] + 3 - 4).contains(0)
    True
    """

    def __init__(self, A, L: int, h=None):

        numerator, denominator = _real_forms(A, h)
        self.N = arb_poly(numerator)
        self.V = arb_poly(denominator)
        self.coeffs = [int(c) for c in A.coeffs()]
        self.L = L

    @staticmethod
    def _ball(x):

        if isinstance(x, tuple):                 # an interval of floats or fmpq
            return arb(x[0]).union(arb(x[1]))
        return x

    def _values(self, balls):
        """Balls of ``t - L`` at the real balls ``x`` (current working precision)."""

        bottoms = self.V.evaluate(balls, algorithm="iter")
        # where the ball of |A|^2 holds 0 the quotient is unbounded and is redone in complex
        # balls anyway: N is evaluated only at the other points (two thirds of the first
        # enclosures at 2..96, p = 1/2, are of that kind)
        bounded = [i for i, bottom in enumerate(bottoms) if not bottom.contains(0)]
        tops = self.N.evaluate([balls[i] for i in bounded], algorithm="iter") if bounded else []
        values = [None] * len(balls)
        for i, top in zip(bounded, tops):
            values[i] = top / bottoms[i] - self.L
        wide = [i for i, value in enumerate(values) if value is None or not value.rad() < _WIDE]
        if wide:
            for i, value in zip(wide, self._complex_values([balls[i] for i in wide])):
                values[i] = value
        return values

    def _complex_values(self, balls):
        """``Re(z A'(z) / A(z)) - L`` at ``z = x + i sqrt(1 - x^2)``, complex balls.

        A complex ball is a rectangle, and Horner's rule at a ball ``z`` of argument
        ``theta`` turns it at each step: its enclosing rectangle grows by up to
        ``|cos theta| + |sin theta| <= sqrt 2`` a step, ``2^(n/2)`` over the degree, on
        top of the true spread ``|A'| |dz|``.  A narrow ``x`` (a float bracket, about
        ``1e-14`` wide) therefore gets the centred form: ``A`` and ``z A'`` at an exact
        point ``c`` of the ball, at ``n / 2`` more bits, widened by ``|z - c|`` times a bound
        of the derivative on the disc ``|w| <= r`` holding the segment from ``c`` to ``z``
        (the sums of ``k |a_k| r^(k-1)`` and ``k^2 |a_k| r^(k-1)``, real balls).  At
        ``(61, 128)``, ``p = 1/2``, the values of ``A`` over the float brackets of its
        critical points were ``290`` wide at the median, ``1.2e-3`` in the centred form.
        Wider balls (refinements) are evaluated directly.
        """

        A = acb_poly(self.coeffs)
        B = acb_poly([i * c for i, c in enumerate(self.coeffs)])       # z A'(z)
        points = [acb(x, (1 - x * x).sqrt()) for x in balls]
        narrow = [i for i, x in enumerate(balls) if x.rad() < _NARROW]
        direct = sorted(set(range(len(balls))) - set(narrow))
        tops, bottoms = [None] * len(balls), [None] * len(balls)
        if direct:
            chosen = [points[i] for i in direct]
            for i, top, bottom in zip(direct, B.evaluate(chosen, algorithm="iter"),   # "fast" loses the balls
                                      A.evaluate(chosen, algorithm="iter")):
                tops[i], bottoms[i] = top, bottom
        if narrow:
            centres = [acb(balls[i].mid(), (1 - balls[i].mid() ** 2).sqrt().mid()) for i in narrow]   # exact
            with ctx.workprec(ctx.prec + turning_bits(len(self.coeffs))):     # degree n, a bit to spare at even n
                at_tops = B.evaluate(centres, algorithm="iter")
                at_bottoms = A.evaluate(centres, algorithm="iter")
            spread_A = arb_poly([abs(k * c) for k, c in enumerate(self.coeffs)][1:])           # sum k|a_k| r^(k-1)
            spread_B = arb_poly([abs(k * k * c) for k, c in enumerate(self.coeffs)][1:])
            for i, c, top, bottom in zip(narrow, centres, at_tops, at_bottoms):
                step = (points[i] - c).abs_upper()
                r = points[i].abs_upper().union(c.abs_upper()).upper()
                tops[i] = _widened(top, step * spread_B(r))
                bottoms[i] = _widened(bottom, step * spread_A(r))
        return [(top / bottom).real - self.L for top, bottom in zip(tops, bottoms)]

    def l0_bounds(self, x, prec: int):
        """``((low, high), z)`` for ``x`` an arb ball or an exact interval ``(lo, hi)``."""

        with ctx.workprec(prec):
            ball = self._ball(x)
            return _bounds(self._values([ball])[0]), _circle_point(ball)

    def first(self, items, above=None, prec: int = 64):
        """``(item, (low, high, z))`` for every isolating item as it is (two multipoint evaluations).

        Items whose crossing value is proven to lie below ``above`` are left out.
        """

        with ctx.workprec(prec):
            balls = [self._ball((item[1], item[2]) if item[0] == "bracket" else item[1]) for item in items]
            cut = None if above is None else arb(fmpq(*Fraction(above).as_integer_ratio()))
            out = []
            for item, ball, value in zip(items, balls, self._values(balls)):
                if cut is None or not value < cut:          # arb: True only when proven
                    out.append((item, (*_bounds(value), _circle_point(ball))))
            return out

    def refine(self, R, item):
        """Bounds ``(low, high)`` narrower than 1/8 on the crossing ``l0``, and the point ``z``."""

        if item[0] == "bracket":
            lo, hi = _tighten(R, [item[1:3]])[0]          # one Newton polish, 2^-95 wide
            lo, hi = _exact(lo), _exact(hi)
            s_lo = _signs(R, [lo])[0]
            prec = max(192, _tight_precision(R))
            for _ in range(200):
                (low, high), z = self.l0_bounds((lo, hi), prec)
                if high - low < _T_WIDTH:
                    break
                lo, hi = _narrow(R, lo, hi, s_lo)
            return low, high, z
        x, prec = item[1], item[2]
        while True:
            (low, high), z = self.l0_bounds(x, prec)
            if high - low < _T_WIDTH or prec > 4096:
                return low, high, z
            prec *= 2
            with ctx.workprec(prec):
                x = _refine_ball(R, x)


def _widened(value, error):
    """The complex ball ``value`` widened to hold every point within ``error`` (a real ball) of it."""
    e = arb(error.abs_upper())
    return value + acb(arb(0, e), arb(0, e))


def _narrow(R, lo, hi, s_lo: int):
    """A sub-bracket of ``[lo, hi]`` (``fmpq``) still holding the sign change of ``R``.

    Newton steps in arb from the midpoint propose a bracket 2^-40 times narrower, kept when
    the exact signs at its ends confirm it; otherwise one bisection step.
    """

    with ctx.workprec(256):
        poly, slope = _ball_form(R)
        x = arb((lo + hi) / 2)
        for _ in range(4):
            x = (x - poly(x) / slope(x)).mid()
        if x.is_finite():
            centre = fmpq(*(int(v) for v in _dyadic(x)))
            delta = (hi - lo) / 2 ** 40
            a, b = max(lo, centre - delta), min(hi, centre + delta)
            if a < b:
                s_a, s_b = _signs(R, [a, b])
                if s_a == s_lo and s_b == -s_lo:
                    return a, b
    mid = (lo + hi) / 2
    s_mid = _signs(R, [mid])[0]
    if s_mid == 0:                               # an exact rational root
        return mid, mid
    return (mid, hi) if s_mid == s_lo else (lo, mid)


def _dyadic(x) -> tuple[int, int]:
    """``(numerator, denominator)`` of an exact arb midpoint."""
    man, exp = (int(v) for v in x.man_exp())
    return (man * 2 ** exp, 1) if exp >= 0 else (man, 2 ** -exp)


def _circle_point(ball) -> complex:
    """``x + i sqrt(1 - x^2)`` at the midpoint of ``ball`` (display only)."""
    x = float(ball.mid())
    return complex(x, math.sqrt(max(0.0, 1.0 - x * x)))


def _real_forms(A, h=None):
    """``(N, V)`` with ``N(cos th) = Re(z A'(z) conj A(z))`` and ``V(cos th) = |A(z)|^2``, ``z = e^(i th)``.

    With ``A* (z) = z^n A(1/z)``, on the circle ``conj A(z) = z^-n A*(z)``; a polynomial
    ``z^-n sum_i c_i z^i`` with real ``c_i`` has real part ``sum_i c_i T_|i-n|(x)``.
    ``h``, the coefficients of ``A A*``, may be passed when known.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> _real_forms(fmpz_poly([1, 1]))      # A = z + 1: |A|^2 = 2 + 2x, Re(z conj A) = 1 + x
    (x + 1, 2*x + 2)
    """

    from .poly import reverse

    n = A.degree()
    star = reverse(A)
    if h is None:
        h = (A * star).coeffs()
    forms = []
    for c in ((A.derivative().left_shift(1) * star).coeffs(), h):
        c = c + [0] * (2 * n + 1 - len(c))
        # z^k and z^-k both have real part T_k(x)
        forms.append(_chebyshev_sum("T", [c[n]] + [c[n + k] + c[n - k] for k in range(1, n + 1)]))
    return forms[0], forms[1]


def _refine_ball(R, x):
    """Re-isolate the real root of ``R`` enclosed by ``x`` at a higher precision."""
    for root, _ in R.complex_roots():
        if root.imag.is_zero() and root.real.overlaps(x):
            return root.real
    return x


_FLOAT_EXACT = arb(2) ** 50      # beyond this, floats are spaced 1/4 apart or more


def _bounds(ball) -> tuple[float, float] | tuple[Fraction, Fraction]:
    """Rigorous lower and upper bounds of an arb ball, as floats rounded outward.

    A float is an exact dyadic rational, so these are exact bounds, not approximations:
    two ulps outward cover the rounding of ``float()`` and the tiny radius of the
    end-point balls returned by ``lower()`` / ``upper()``.  A ball reaching beyond
    ``2^50`` (crossing values near ``2/p`` for a share ``p = 1e-30``) gets the exact
    Fractions ``mid -+ rad`` instead: floats there are too coarse to enclose it below
    1/8, and past ``1.8e308`` they overflow.
    """
    if not ball.is_finite():
        return -math.inf, math.inf
    if not abs(ball) < _FLOAT_EXACT:
        mid, rad = Fraction(*_dyadic(ball.mid())), Fraction(*_dyadic(ball.rad()))
        return mid - rad, mid + rad
    low, high = float(ball.lower()), float(ball.upper())
    return (math.nextafter(math.nextafter(low, -math.inf), -math.inf),
            math.nextafter(math.nextafter(high, math.inf), math.inf))
