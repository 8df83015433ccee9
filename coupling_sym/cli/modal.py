"""``coupling-sym modal``: the closed-form modal decomposition of the theory admissions."""

from __future__ import annotations

from typing import List, Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["modal"]


def _exact_lines(exact) -> list[str]:
    from ..modal.exact import polynomial_text

    lines = ["exact forms (C_k multiplies tau^k mu^tau):"]
    for index, form in enumerate(exact):
        if form.root is None:
            lines.append(f"  mode {index}: root of degree above the exact limit; C_k as polynomials in mu:")
        else:
            lines.append(f"  mode {index}: mu = {form.root}")
        for k, polynomial in enumerate(form.polynomials):
            small = form.coefficients is not None and len(polynomial) <= 2
            lines.append(f"    C_{k} = {form.coefficients[k] if small else polynomial_text(polynomial)}")
    return lines


def _table(decomp):
    from rich.table import Table
    from rich.text import Text

    from ..modal.records import format_complex, format_number

    dps = decomp.dps
    table = Table(title="Modes of P_l0 (coefficient k multiplies tau^k root^tau)")
    for column in ("#", "root", "modulus", "mult.", "coefficients", "position"):
        table.add_column(column, overflow="fold")

    def complex_text(value) -> str:
        re, im = format_complex(value, dps)
        return f"{re} {'-' if im.startswith('-') else '+'} {im.lstrip('-')}i"

    for index, mode in enumerate(decomp.modes):
        root = complex_text(mode.root)
        coefficients = "\n".join(f"k={k}: {complex_text(c)}" for k, c in enumerate(mode.coefficients))
        table.add_row(*(Text(cell) for cell in (str(index), root, format_number(mode.modulus, dps),
                                                str(mode.multiplicity), coefficients, mode.position)))
    return table


@app.command()
def modal(
    config: str = typer.Option("default", "--config", "-c", help="Shipped config name or path to a TOML file."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE",
                                             help="Override one config key (repeatable)."),
    dps: str = typer.Option("30", "--dps", help="Decimal digits of the roots, coefficients and errors."),
    exact: bool = typer.Option(False, "--exact",
                               help="Also give roots and coefficients exactly (rationals, radicals, CRootOf)."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
) -> None:
    """Closed form a_t = a* + sum C_ik t^k mu_i^t of the theory admissions, checked
    against an exact run of the recursion over the config's batches."""
    from ..config import build_config
    from ..modal.records import format_number
    from ..modal.report import modal_report
    from ..params import parse_dps

    with reporting_errors():
        digits = parse_dps(dps, "--dps")
        resolved = build_config(config, set_ or [])
        with progress_bar("checking the closed form", resolved.steps + 1) as advance:
            report = modal_report(resolved, digits, exact, progress=advance)
    decomp, exact_forms, record = report.decomposition, report.exact_forms, report.as_dict()
    if json_output:
        print_json(record)
        return
    console = stdout_console()
    console.print(_table(decomp))
    console.print(f"equilibrium a*      {record['equilibrium']}")
    console.print(f"spectral radius     {format_number(decomp.spectral_radius, digits)}")
    console.print(f"valid from batch    {decomp.valid_from}")
    console.print(f"max |closed form - exact theory| over batches {decomp.valid_from}..{resolved.steps}: "
                  f"{record['max_abs_error']}")
    if exact_forms is not None:
        console.print("\n".join(_exact_lines(exact_forms)), markup=False, highlight=False)
