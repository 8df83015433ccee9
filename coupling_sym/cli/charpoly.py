"""``coupling-sym charpoly``: the characteristic equation derived from the stage recursion."""

from __future__ import annotations

from typing import Optional

import typer

from ._app import app
from ._common import fail, print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["charpoly"]


def _type_arguments(la, lb, p, lengths, rates):
    """Sort the type options into ``(lengths, rates, p)`` or raise the CLI error."""
    from ..params import parse_int_values, parse_rational_values

    two_type = la is not None or lb is not None or p is not None
    if lengths is not None and two_type:
        raise fail("--lengths must be used without --la/--lb/--p (use --rates for the shares); "
                   f"got --lengths {lengths} with " + ", ".join(
                       f"{flag} {value}" for flag, value in (("--la", la), ("--lb", lb), ("--p", p))
                       if value is not None))
    if lengths is not None:
        rate_values = None if rates is None else parse_rational_values(rates, "rates")
        return parse_int_values(lengths, "lengths"), rate_values, None
    if rates is not None:
        raise fail(f"--rates must be used with --lengths (for two types use --p); got --rates {rates}")
    if la is None or lb is None:
        missing = "--la" if la is None else "--lb"
        raise fail(f"{missing} must be given (two types: --la and --lb; K types: --lengths); got nothing")
    return [la, lb], None, p


def _l0_argument(l0, symbolic, per_type=False, count=2):
    if per_type and not symbolic:
        raise fail("--per-type must be used with --symbolic (for given prompts use --l0 30,60); got --per-type")
    if symbolic and l0 is not None:
        raise fail(f"--symbolic must be used without --l0 (it keeps l0 as a symbol); got --l0 {l0}")
    if not symbolic and l0 is None:
        raise fail("l0 must be given with --l0 N, or use --symbolic; got nothing")
    if symbolic:
        return [None] * count if per_type else None
    if "," in l0:
        return [item.strip() for item in l0.split(",")]
    return l0


def _parameter_line(parameters) -> str:
    def item(key, value) -> str:
        return f"{key} symbolic" if str(value) == key else f"{key} = {value}"

    if "prompts" in parameters:
        prompts = ", ".join(item(f"l0_{n}", v) for n, v in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", parameters["prompts"]))
        if parameters["K"] == 2:
            return prompts + ", " + ", ".join(item(key, parameters[key]) for key in ("l_A", "l_B", "p", "q"))
        return f"{prompts}, lengths = {parameters['lengths']}, shares = ({', '.join(parameters['shares'])})"
    if parameters["K"] == 2:
        return ", ".join(item(key, parameters[key]) for key in ("l0", "l_A", "l_B", "p", "q"))
    shares = ", ".join(parameters["shares"])
    return f"{item('l0', parameters['l0'])}, lengths = {parameters['lengths']}, shares = ({shares})"


def _print_text(cp, checks, latex: bool) -> None:
    from ..symbolic import POLYNOMIALS
    from ..symbolic.render import TEXT_LABELS

    console = stdout_console()
    console.print(f"Characteristic equation of the stage recursion: {_parameter_line(cp.parameters())}",
                  markup=False, highlight=False)
    if latex:
        for equation in cp.latex_equations().values():
            typer.echo(equation)
    else:
        pretty = cp.pretty()
        for name in POLYNOMIALS:
            degree = cp.polynomial(name).degree()
            label = TEXT_LABELS[name]
            if cp.params.per_type and name == "limit":
                label = "(1 - lambda) A_r(lambda) = lim (1 - lambda) P(lambda) / s along l0_k = r_k s, s -> oo"
            console.print(f"\n{label}, degree {degree}:", markup=False, highlight=False)
            console.print(pretty[name], markup=False, highlight=False)
    console.print("\nchecks:", markup=False, highlight=False)
    verdict = {True: "holds", False: "FAILS", None: "skipped (slow with symbols; --cross-check forces it)"}
    identity = ("P = A_r(r = l0) + L A_1 - lambda A_1'" if cp.params.per_type
                else "P_l0 = (l0 + L) A - lambda A'")
    lines = [(identity, checks["identity"]),
             (f"A(1) = {checks['A_at_1']} != 0", checks["A_at_1_nonzero"]),
             ("state-space route gives the same P_l0", checks["routes_agree"])]
    width = max(len(text) for text, _ in lines) + 3
    for text, outcome in lines:
        console.print(f"  {text.ljust(width)}{verdict[outcome]}", markup=False, highlight=False)


@app.command()
def charpoly(
    l0: Optional[str] = typer.Option(None, "--l0", help="Prefill length l0 (a non-negative integer), "
                                     "or one per type: 30,60."),
    symbolic: bool = typer.Option(False, "--symbolic",
                                  help="Keep l0 (and p, unless --p / --rates is given) as symbols."),
    per_type: bool = typer.Option(False, "--per-type",
                                  help="With --symbolic: one prompt symbol per type (l0_A, l0_B, ..); the "
                                  "limit is along l0_k = r_k s."),
    la: Optional[str] = typer.Option(None, "--la", help="Decode length l_A (two types)."),
    lb: Optional[str] = typer.Option(None, "--lb", help="Decode length l_B (two types)."),
    p: Optional[str] = typer.Option(None, "--p",
                                    help="Share p of type A, 0 < p < 1, e.g. 1/3 (omit to keep p symbolic)."),
    lengths: Optional[str] = typer.Option(None, "--lengths", help="K decode lengths, e.g. 2,3,5."),
    rates: Optional[str] = typer.Option(None, "--rates",
                                        help="K arrival rates, e.g. 1,1,2 (omit to keep the shares symbolic)."),
    latex: bool = typer.Option(False, "--latex", help="Print the polynomials as LaTeX."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON object of exact coefficient strings."),
    cross_check: Optional[bool] = typer.Option(
        None, "--cross-check/--no-cross-check",
        help="Also derive P_l0 from the state-space matrix and compare (default: when that is fast)."),
) -> None:
    """Derive the characteristic equation of the unconstrained model from its stage recursion:
    the difference polynomial (lambda - 1) P_l0, P_l0, the limiting form (1 - lambda) A and A.
    Coefficients are exact, highest degree first."""
    from ..cost import derivation_work
    from ..symbolic import derive_from_params, symbolic_params
    from ..symbolic.checks import charpoly_checks

    with reporting_errors():
        type_lengths, type_rates, share = _type_arguments(la, lb, p, lengths, rates)
        l0_value = _l0_argument(l0, symbolic, per_type, len(type_lengths))
        params = symbolic_params(type_lengths, type_rates, l0_value, share)    # lengths capped at 512 there
        with progress_bar("derive, check", total=2, enabled=derivation_work(max(params.lengths)) > 1e6) as advance:
            cp = derive_from_params(params)
            advance(1)
            checks = charpoly_checks(cp, cross_check)
            advance(1)
    if json_output:
        record = cp.to_json()
        if latex:
            record["latex"] = cp.latex()
        record["checks"] = checks
        print_json(record)
        return
    _print_text(cp, checks, latex)
