"""Coefficient strings, LaTeX and pretty forms of the derived polynomials."""

import sympy as sp

from coupling_sym.symbolic import derive_charpoly, symbolic_params
from coupling_sym.symbolic.render import describe, display_coefficient


def test_coefficient_strings_concrete():
    strings = derive_charpoly([2, 3, 5], [1, 1, 2], 2).coefficient_strings()
    assert strings["P"] == ["3", "4", "15/4", "3", "7/2"]
    assert strings["limit"] == ["-1", "0", "1/4", "1/4", "0", "1/2"]


def test_coefficient_strings_symbolic_use_p_and_q():
    strings = derive_charpoly([2, 3]).coefficient_strings()
    assert strings["P"] == ["l0 + 1", "l0 + 2", "q*(l0 + 3)"]
    assert strings["limit"] == ["-1", "0", "p", "q"]
    assert strings["A"] == ["1", "1", "q"]
    # (l0 + 3) q - (l0 + 2) = -(l0 + 2) p + q once p + q = 1.
    assert strings["difference"] == ["l0 + 1", "1", "-p*(l0 + 2) + q", "-q*(l0 + 3)"]


def test_display_form_equals_the_internal_form():
    params = symbolic_params([2, 3, 5])
    pA, pB, pC = sp.symbols("p_A p_B p_C")
    cp = derive_charpoly([2, 3, 5])
    for poly in ("difference", "P", "limit", "A"):
        for internal in cp.coefficients(poly):
            shown = display_coefficient(params, internal)
            assert sp.expand(shown.subs(pC, 1 - pA - pB) - internal) == 0


def test_strings_parse_back_with_sympy():
    strings = derive_charpoly([2, 4]).coefficient_strings()
    p, q, l0 = sp.symbols("p q l0")
    assert sp.expand(sp.sympify(strings["P"][2]) - (l0 + 3) * q) == 0


def test_latex_equations():
    equations = derive_charpoly([2, 3]).latex_equations()
    assert equations["P"] == (r"P_{l_0}(\lambda) = \left(l_{0} + 1\right) \lambda^{2} + \left(l_{0} + 2\right) \lambda"
                              r" + q \left(l_{0} + 3\right)")
    assert equations["limit"] == r"(1 - \lambda) A(\lambda) = - \lambda^{3} + p \lambda + q"
    assert equations["A"] == r"A(\lambda) = \lambda^{2} + \lambda + q"


def test_latex_constant_term_is_not_parenthesised():
    assert derive_charpoly([3]).latex()["P"] == (r"\left(l_{0} + 1\right) \lambda^{2} + \left(l_{0} + 2\right)"
                                                  r" \lambda + l_{0} + 3")


def test_pretty_form_orders_terms_by_degree():
    text = derive_charpoly([2, 3], p="1/2", l0=3).pretty()["P"]
    assert text.splitlines()[-1] == "4⋅λ  + 5⋅λ + 3"


def test_describe_two_types_and_k_types():
    assert describe(symbolic_params([2, 3], p="1/3", l0=3)) == {
        "K": 2, "l0": 3, "lengths": [2, 3], "shares": ["1/3", "2/3"], "symbolic": False,
        "l_A": 2, "l_B": 3, "p": "1/3", "q": "2/3"}
    described = describe(symbolic_params([2, 3, 5], rates=["1", "0.5", "1/2"]))
    assert described["shares"] == ["1/2", "1/4", "1/4"] and described["rates"] == ["1", "1/2", "1/2"]
    assert described["l0"] == "l0" and described["symbolic"] is True
