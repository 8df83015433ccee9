"""``coupling-sym roots``, ``verify-coprime``, ``scan`` and ``locus``: certified stability at the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import fail, print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["roots", "verify_coprime", "scan", "locus"]

_LA = typer.Option(None, "--la", help="Decode length of type A (two types; default 2).")
_LB = typer.Option(None, "--lb", help="Decode length of type B (two types; default 3).")
_P = typer.Option(None, "--p", help="Share of type A, 0 < p < 1, exact (1/3, 0.25); default 1/2.")
_LENGTHS = typer.Option(None, "--lengths", help="K types: decode lengths, e.g. 2,3,5.")
_RATES = typer.Option(None, "--rates", help="K types: arrival rates, e.g. 1,1,2 (default all 1).")
_JSON = typer.Option(False, "--json", help="Print one JSON object instead of tables.")
_MAX_WORK = typer.Option(None, "--max-work", help="Work budget in units of about 1 microsecond (default "
                         "300000000, about 5 minutes); larger requests are refused before they start.")


def _budget(max_work):
    """The ``--max-work`` value as an integer (``None``: the default budget)."""
    from ..params import parse_int

    return None if max_work is None else parse_int(max_work, "--max-work", minimum=1)


def _setting(l0, la, lb, p, lengths, rates):
    """Validated ``ModelParams`` from the type options (CLI errors as one line)."""
    from ..params import make_params, parse_int_values, parse_rational_values, two_type_params

    if isinstance(l0, str) and "," in l0:
        l0 = [item.strip() for item in l0.split(",")]      # one prompt per type
    if lengths is not None:
        given = [flag for flag, value in (("--la", la), ("--lb", lb), ("--p", p)) if value is not None]
        if given:
            raise fail(f"--lengths must be used without {', '.join(given)} (use --rates for the shares); "
                       f"got --lengths {lengths}")
        values = parse_int_values(lengths, "lengths", minimum=1)
        rate_values = [1] * len(values) if rates is None else parse_rational_values(rates, "rates")
        return make_params(l0, values, rate_values, 1)
    if rates is not None:
        raise fail(f"--rates must be used with --lengths (for two types use --p); got --rates {rates}")
    return two_type_params(l0, "2" if la is None else la, "3" if lb is None else lb, "1/2" if p is None else p)


def _print_wide(console, table) -> None:
    """Print a table at its natural width, even when stdout is a narrow pipe."""
    from rich.measure import Measurement

    width = Measurement.get(console, console.options.update(max_width=10_000), table).maximum
    console.width = max(console.width, width)     # print(width=..) alone still wraps the cells
    console.print(table)


def _print_roots(title: str, block: dict) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("re", "im", "|z|", "mult"):
        table.add_column(column, justify="right")
    for root in block["roots"]:
        table.add_row(root["re"], root["im"], root["modulus"], str(root["multiplicity"]))
    console = stdout_console()
    _print_wide(console, table)
    console.print(f"verdict {block['verdict']}   rho {block['rho']}   certified error bound "
                  f"{block['error_bound']}", highlight=False)


@app.command()
def roots(
    l0: str = typer.Option("3", "--l0", help="Prefill length (integer >= 0), or one per type: 30,60."),
    la: Optional[str] = _LA, lb: Optional[str] = _LB, p: Optional[str] = _P,
    lengths: Optional[str] = _LENGTHS, rates: Optional[str] = _RATES,
    dps: str = typer.Option("50", "--dps", help="Decimal digits of the root computation."),
    json_output: bool = _JSON,
    max_work: Optional[str] = _MAX_WORK,
) -> None:
    """Roots, moduli, rho and exact verdict of P_l0 and of the limiting form."""
    from ..cost import Work, check_work, roots_work
    from ..params import parse_dps
    from ..stability.report import roots_report

    with reporting_errors():
        digits = parse_dps(dps, "--dps")
        params = _setting(l0, la, lb, p, lengths, rates)
        work = Work(roots_work(params.L), f"the roots and l0* at decode length {params.L}")
        knob, given = ("lengths", lengths) if lengths is not None else ("l_B", "3" if lb is None else lb)
        check_work(work, knob, given, _budget(max_work), "shorten the decode lengths or raise --max-work")
        with progress_bar("roots of P_l0, of the limit, l0*", total=3, enabled=work.units > 1e6) as advance:
            report = roots_report(params, digits, progress=advance)
    record = report.as_dict()
    if json_output:
        print_json(record)
        return
    critical, ray, finite, limit = report.critical, report.ray, record["P"], record["limit"]
    shares = ", ".join(str(x) for x in params.p)
    typer.echo(f"l0 = {params.prompt_label}, lengths = {list(params.lengths)}, p = ({shares}), dps = {digits}")
    _print_roots(f"P_l0 (degree {params.L - 1})", finite)
    _print_roots("limiting form (1 - z) A(z): roots of A (z = 1 excluded)", limit)
    if report.out_of_reach is not None:
        typer.echo(f"critical prefill length l0*: out of reach ({report.out_of_reach})")
        return
    if critical is None:
        typer.echo("critical scale: not applicable (a zero prompt lies on no ray with every r_k > 0)")
        return
    if ray is not None:
        typer.echo(f"critical scale along the ray r = {list(ray)} (prompts r t): t* = "
                   f"{'none' if critical.value is None else critical.value}"
                   + ("" if critical.prompts is None else f", prompts {list(critical.prompts)}"))
        return
    typer.echo(f"critical prefill length l0* = {'none' if critical.value is None else critical.value}")


_RATIOS = typer.Option(None, "--ratios", help="Prompt ratios r_A,r_B > 0: prompts l0_k = r_k t "
                       "(--l0 values are then scales t).")


def _ratios(text: str) -> tuple[int, ...]:
    from ..params import parse_rational_values
    from ..stability.ray import normalise_ratios

    return normalise_ratios(parse_rational_values(text, "ratios"), 2)


@app.command("verify-coprime")
def verify_coprime(
    range_: str = typer.Option("2..12", "--range", help="Decode lengths: a..b or a list a,b,c."),
    p: str = typer.Option("1/2", "--p", help="Share of type A, 0 < p < 1, exact."),
    l0: Optional[str] = typer.Option(None, "--l0", help="Prefill lengths to check too: a..b or a,b,c "
                                     "(with --ratios: scales t, prompts r_k t)."),
    ratios: Optional[str] = _RATIOS,
    json_output: bool = _JSON,
    chunk: Optional[int] = typer.Option(None, "--chunk", min=1, help="Pairs per chunk (default 16 on Dask)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run the chunks on a local Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run the chunks on tcp://HOST:PORT."),
    max_work: Optional[str] = _MAX_WORK,
) -> None:
    """Check the coprime-stability claim pair by pair, with l0* and optional finite-l0 verdicts.

    Exit status 0 when the limiting-form claim (stable exactly when gcd = 1) holds for
    every pair, 1 when it does not.  With --ratios r_A,r_B the prompts are l0_k = r_k t:
    the limit has weights p_k r_k and l0* is the critical scale t*.
    """
    from ..cost import check_work, pairs_work
    from ..params import parse_int_values
    from ..stability.critical import normalise_shares
    from ..stability.noncoprime import certify_every_prefill
    from ..stability.pairs import check_pair_count, count_pairs, verify_range
    from ..stability.summary import claim_holds

    with reporting_errors():
        values = parse_int_values(range_, "range", minimum=1)
        count = count_pairs(values, values)
        check_pair_count(count, "range", range_, "at least two distinct decode lengths")  # names the text given
        share = normalise_shares((1, 2), p)[1][0]
        l0_values = [] if l0 is None else parse_int_values(l0, "l0", minimum=0)
        ray = None if ratios is None else _ratios(ratios)
        work = pairs_work(values, len(l0_values), every_l0=ray is None)
        check_work(work, "range", range_, _budget(max_work),
                   "split the range (pairs across the parts need a list a,b,c) or raise --max-work")
        from ..engine import make_engine
        from ..errors import parameter_error

        engine = make_engine(workers, scheduler)
        chunked = chunk is not None or not engine.in_process
        if ray is not None and chunked:
            raise parameter_error("--ratios", "used in-process (without --chunk, --workers, --scheduler)", ratios)
        # one step per pair, then one per every-l0 proof of a non-coprime pair
        with progress_bar("pairs", total=work.steps, enabled=work.units > 1e6) as advance:
            if not chunked:
                reports = verify_range(values, share, l0_values, ray, progress=advance)
            else:
                from ..stability.chunked import verify_in_chunks
                from ..stability.pairs import list_pairs

                reports = verify_in_chunks(list_pairs(values), share, l0_values, chunk or 16, engine,
                                           progress=advance)
            # every-l0 routes are for a common prompt (the crossing certificate is in l0)
            every = {}
            for r in (reports if ray is None else ()):
                if r.gcd > 1:
                    every[r.l_A, r.l_B] = certify_every_prefill((r.l_A, r.l_B), share)
                    advance()
    holds = claim_holds(reports)
    if json_output:
        print_json({"range": sorted(set(values)), "p": str(share), "l0": l0_values,
                    **({} if ray is None else {"ratios": list(ray)}),
                    "pairs": [{**report.as_dict(), **({"every_l0": every[report.l_A, report.l_B].as_dict()}
                                                      if (report.l_A, report.l_B) in every else {})}
                              for report in reports],
                    "claim_holds": holds})
    else:
        _print_pairs(reports, l0_values, share if ray is None else f"{share}, prompts r t with r = {list(ray)}",
                     every)
    raise typer.Exit(0 if holds else 1)


def _every_l0(result) -> str:
    if result is None:
        return "-"
    if not result.unstable:
        return "not certified"
    if result.route == "even-gcd-proof":
        return "unstable: even-gcd proof"
    return f"unstable: crossing + {result.checks} exact"


def _print_pairs(reports, l0_values, share, every) -> None:
    from rich.table import Table

    table = Table(title=f"limiting form and l0* at p = {share}", title_justify="left")
    for column in ("l_A", "l_B", "gcd", "limit", "rho (limit)", "unit roots", "l0*", "every l0 >= 0"):
        table.add_column(column, justify="right")
    for l0 in l0_values:
        table.add_column(f"l0={l0}", justify="right")
    for r in reports:
        unit = ("none" if r.gcd == 1 else f"z^{r.gcd} = 1") if r.unit_roots_ok else "MISMATCH"
        row = [str(r.l_A), str(r.l_B), str(r.gcd), r.limit_verdict.value, r.limit_rho_text(6), unit,
               "none" if r.critical.value is None else str(r.critical.value), _every_l0(every.get((r.l_A, r.l_B)))]
        row += [f"{v.value} {rho:.4f}" for _, v, rho in r.finite]
        table.add_row(*row)
    console = stdout_console()
    _print_wide(console, table)
    bad = [f"({r.l_A},{r.l_B})" for r in reports if not r.claim_holds]
    unstable = sum(1 for r in reports for _, v, _ in r.finite if v.value != "stable")
    if bad:
        console.print(f"claim FAILS (limit stable exactly when gcd = 1) for {', '.join(bad)}", highlight=False)
    else:
        console.print(f"claim holds for all {len(reports)} pairs: the limiting form is stable exactly when "
                      f"gcd = 1, with the nontrivial gcd-th roots of unity on the circle otherwise", highlight=False)
    if unstable:
        console.print(f"finite l0: {unstable} (pair, l0) settings are not stable (see the table)", highlight=False)
    if every:
        done = sum(result.unstable for result in every.values())
        console.print(f"non-coprime pairs: {done} of {len(every)} unstable for every l0 >= 0 (proof for even gcd, "
                      f"certified crossing analysis for odd gcd)", highlight=False)


@app.command()
def scan(
    l0: str = typer.Option("0..40", "--l0", help="Prefill lengths: a..b or a,b,c."),
    la: str = typer.Option("2..5", "--la", help="Decode lengths of type A: a..b or a,b,c."),
    lb: str = typer.Option("3..8", "--lb", help="Decode lengths of type B: a..b or a,b,c."),
    p: str = typer.Option("1/4,1/2,3/4", "--p", help="Shares of type A, exact: a,b,c."),
    target: str = typer.Option("0.95", "--target", help="Radius to approach from below, 0 < target <= 1."),
    top: str = typer.Option("10", "--top", help="How many settings to list."),
    ratios: Optional[str] = _RATIOS,
    json_output: bool = _JSON,
    chunk: Optional[int] = typer.Option(None, "--chunk", min=1, help="(pair, p) jobs per chunk (default 8 on Dask)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run the chunks on a local Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run the chunks on tcp://HOST:PORT."),
    max_work: Optional[str] = _MAX_WORK,
) -> None:
    """List stable settings whose spectral radius is closest to (and below) a target.

    With --ratios r_A,r_B the prompts are l0_k = r_k t and the l0 column is the scale t.
    The output is the same whatever runs the chunks (--chunk, --workers, --scheduler).
    """
    from ..cost import check_work, scan_work
    from ..errors import parameter_error
    from ..params import parse_int, parse_int_values, parse_rational, parse_rational_values
    from ..stability.critical import normalise_shares
    from ..stability.pairs import MAX_PAIRS, check_pair_count, count_pairs
    from ..stability.scan import scan_settings

    with reporting_errors():
        goal = parse_rational(target, "target")
        l0_values = parse_int_values(l0, "l0", minimum=0)
        la_values = parse_int_values(la, "l_A", minimum=1)
        lb_values = parse_int_values(lb, "l_B", minimum=1)
        shares = [normalise_shares((1, 2), share)[1][0] for share in parse_rational_values(p, "p")]
        count = parse_int(top, "top", minimum=1)
        pairs = count_pairs(la_values, lb_values)
        if pairs > MAX_PAIRS:
            raise parameter_error("l_A", f"with l_B at most {MAX_PAIRS} pairs l_A < l_B ({pairs} asked)", la)
        check_pair_count(pairs, "l_A", la, "smaller than some l_B (a grid's pairs have l_A < l_B)")
        ray = None if ratios is None else _ratios(ratios)
        work = scan_work(la_values, lb_values, len(shares), len(set(l0_values)))
        check_work(work, work.driver, l0 if work.driver == "l0" else lb, _budget(max_work),
                   "split the l0, l_A, l_B or p ranges into smaller scans or raise --max-work")
        from ..engine import make_engine

        engine = make_engine(workers, scheduler)
        chunked = chunk is not None or not engine.in_process
        if ray is not None and chunked:
            raise parameter_error("--ratios", "used in-process (without --chunk, --workers, --scheduler)", ratios)
        # per l0 and per l0* on the common-prompt route; per (pair, p) along a ray
        steps = pairs * len(shares) * (len(set(l0_values)) + 1 if ray is None else 1)
        with progress_bar("settings", total=steps, enabled=work.units > 1e6) as advance:
            if ray is None and not chunked:
                rows = scan_settings(l0_values, la_values, lb_values, shares, target, count, progress=advance)
            elif ray is None:
                rows = scan_settings(l0_values, la_values, lb_values, shares, target, count, progress=advance,
                                     chunk=chunk or 8, engine=engine)
            else:
                from ..stability.ray_pairs import scan_ray_settings

                rows = scan_ray_settings(l0_values, la_values, lb_values, shares, ray, target, count,
                                         progress=advance)
    if json_output:
        print_json({"target": target, **({} if ray is None else {"ratios": list(ray), "l0": "scale t"}),
                    "settings": [row.as_dict() for row in rows]})
        return
    from rich.table import Table

    table = Table(title=f"stable settings with rho closest below {target}"
                  + ("" if ray is None else f" (prompts r t, r = {list(ray)}; l0 column is t)"),
                  title_justify="left")
    for column in ("l0", "l_A", "l_B", "p", "rho", f"{target} - rho", "l0*"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(str(row.l0), str(row.l_A), str(row.l_B), str(row.p), f"{row.rho:.6f}",
                      f"{float(goal) - row.rho:.2e}",
                      "none" if row.critical_l0 is None else str(row.critical_l0))
    console = stdout_console()
    _print_wide(console, table)
    if not rows:
        console.print("no stable setting has rho below the target in these ranges", highlight=False)


@app.command()
def locus(
    la: Optional[str] = _LA, lb: Optional[str] = _LB, p: Optional[str] = _P,
    lengths: Optional[str] = _LENGTHS, rates: Optional[str] = _RATES,
    l0: Optional[str] = typer.Option(None, "--l0", help="Prefill lengths a..b or a,b,c (default: 0 .. "
                                     "max(20, 2 l0*), or 0 .. 40 without l0*, at most 201 values)."),
    out: Path = typer.Option(Path("locus"), "--out", "-o", help="Output path; writes OUT.png and OUT.pdf."),
    force: bool = typer.Option(False, "--force", help="Replace an existing OUT.png / OUT.pdf."),
    ratios: Optional[str] = _RATIOS,
    json_output: bool = _JSON,
    max_work: Optional[str] = _MAX_WORK,
) -> None:
    """Root-locus figure of P_l0 as l0 runs over a range (PNG and PDF).

    With --ratios r_A,r_B the prompts are l0_k = r_k t and --l0 gives the scales t.
    """
    from ..cost import check_l0_count, check_work, locus_work
    from ..params import parse_int_values, parse_rational_values
    from ..outputs import check_output_files
    from ..report.locus import locus_paths, plot_locus, save_locus
    from ..stability.locus import root_locus

    with reporting_errors():
        check_output_files(locus_paths(out), "--out", force)
        params = _setting(0, la, lb, p, lengths, rates)
        values = None if l0 is None else parse_int_values(l0, "l0", minimum=0)
        count = 201 if values is None else len(set(values))          # the default is about 200 values
        if values is not None:
            check_l0_count(count, l0)
        work = locus_work(params.L, count)
        knob, given = ("lengths", lengths) if lengths is not None else ("l_B", "3" if lb is None else lb)
        check_work(work, "l0" if values is not None and count > 1000 else knob,
                   l0 if values is not None and count > 1000 else given, _budget(max_work),
                   "shorten the range or the decode lengths, or raise --max-work")
        if ratios is None:
            with progress_bar("prefill lengths", total=count + 1, enabled=work.units > 1e6) as advance:
                data = root_locus(params.lengths, params.rates, values, progress=advance)
        else:
            from ..stability.locus import default_l0_values
            from ..stability.ray import critical_scale, normalise_ratios
            from ..stability.ray_locus import ray_locus

            ray = normalise_ratios(parse_rational_values(ratios, "ratios"), params.K)
            if values is None:
                values = default_l0_values(critical_scale(params.lengths, params.rates, ray))
            with progress_bar("scales", total=len(set(values)) + 1, enabled=work.units > 1e6) as advance:
                data = ray_locus(params.lengths, params.rates, ray, values, progress=advance)
        png, pdf = save_locus(plot_locus(data), out, force=force)
    crossing, critical = data.critical_crossing, data.critical
    if json_output:
        print_json({"png": str(png), "pdf": str(pdf), "l0": [data.l0_values[0], data.l0_values[-1]],
                    "count": len(data.l0_values),
                    "critical_l0": critical.value,
                    **({} if ratios is None else {"ratios": list(data.ratios)}),
                    "crossing": None if crossing is None else {"l0": crossing[0], "re": crossing[1].real,
                                                               "im": crossing[1].imag}})
        return
    name = "l0" if ratios is None else f"t (prompts {list(data.ratios)} t)"
    star = "l0*" if ratios is None else "t*"
    typer.echo(f"root locus of P_l0 for {name} = {data.l0_values[0]}..{data.l0_values[-1]} ({len(data.l0_values)} "
               f"values), {star} = {'none' if critical.value is None else critical.value}")
    typer.echo(f"wrote {png}")
    typer.echo(f"wrote {pdf}")
