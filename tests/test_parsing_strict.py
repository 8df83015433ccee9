"""Numbers are read from the text the user typed: ASCII decimals and fractions only,
exactly, and an integer key refuses a float."""

from fractions import Fraction

import pytest

from coupling_sym.config import build_config
from coupling_sym.errors import ParameterError
from coupling_sym.params import parse_int, parse_rational


@pytest.mark.parametrize("text", ["１０", "1_0", "0x3c", "0b11", "٣", "1e", "nan", "inf"])
def test_exotic_number_text_is_refused(text):
    with pytest.raises(ParameterError, match="l0 must be"):
        parse_int(text, "l0", minimum=0)
    with pytest.raises(ParameterError, match="B must be"):
        parse_rational(text, "B")


@pytest.mark.parametrize("override", ["l0=0x3c", "l0=0b11", "l0=1_0", "l0=3.0", "steps=1e2", "l0=１０"])
def test_overrides_that_are_not_plain_integers_are_refused(override):
    key = override.split("=")[0]
    with pytest.raises(ParameterError, match=f"^{key} must be"):
        build_config("default", [override])


def test_tiny_and_huge_decimals_are_read_exactly_not_through_float():
    # 1e-400 underflows a float to 0.0 and 1e400 overflows it to inf; the text is exact.
    cfg = build_config("default", ["lambda_A=1e-400"])
    assert cfg.params.rates[0] == Fraction(1, 10 ** 400)
    assert build_config("default", ["lambda_A=0.1"]).params.rates[0] == Fraction(1, 10)


def test_a_toml_file_with_a_utf8_bom_reads_like_one_without(tmp_path):
    # Windows editors save UTF-8 with a byte-order mark; TOML itself has none.
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeffl0 = 5\nl_A = 2\nl_B = 3\nB = 60\nlambda_A = 1\nlambda_B = 1\nsteps = 4\n".encode("utf-8"))
    assert build_config(str(path)).params.l0 == 5
