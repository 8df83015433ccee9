"""The config registry: shipped configs, files, overrides and every bad key."""

import re
from fractions import Fraction as F

import pytest

from coupling_sym.config import apply_overrides, build_config, load_config, resolve_config, shipped_configs
from coupling_sym.errors import ConfigError, ParameterError, StateError


def test_shipped_configs_resolve():
    assert {"default", "slow-convergence", "non-coprime", "three-types"} <= set(shipped_configs())
    for name in shipped_configs():
        cfg = build_config(name)
        assert cfg.params.K >= 1 and cfg.steps >= 1


def test_default_holds_the_plans_parameters():
    cfg = build_config("default")
    p = cfg.params
    assert (p.l0, p.lengths, p.B, p.rates, cfg.steps) == (3, (2, 3), 60, (1, 1), 50)
    assert (cfg.init, cfg.policy) == ("stage0", "least-progress")


def test_slow_convergence_and_non_coprime():
    slow = build_config("slow-convergence").params
    assert (slow.l0, slow.lengths, slow.B) == (40, (4, 7), 1000)
    assert build_config("slow-convergence").steps == 200
    non = build_config("non-coprime").params
    assert non.lengths[1] % non.lengths[0] == 0


def test_rates_as_integers_decimals_and_fractions_stay_exact():
    assert build_config("default", ["lambda_A=0.5", "lambda_B=1"]).params.p == (F(1, 3), F(2, 3))
    assert build_config("default", ["lambda_A=1/3", "lambda_B=2/3"]).params.p == (F(1, 3), F(2, 3))
    assert build_config("default", ["lambda_A=0.1", "lambda_B=0.2"]).params.p == (F(1, 3), F(2, 3))


def test_file_config_with_k_types(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('l0 = 2\nlengths = [2, 3, 5]\nrates = ["1/2", 0.5, 1]\nB = 90\nsteps = 7\n'
                    'init = "explicit"\nX0 = [[1, 0], [0, 1, 0], [0, 0, 0, 0, "1/2"]]\n')
    cfg = build_config(str(path))
    assert cfg.params.lengths == (2, 3, 5) and cfg.params.p == (F(1, 4), F(1, 4), F(1, 2))
    assert cfg.X0[2, 4] == F(1, 2)


def test_overrides_parse_toml_values_and_bare_strings():
    merged = apply_overrides({}, ["l0=5", "X0=[[1, 2], [3, 4, 5]]", "init=explicit", "lengths=2,3"])
    assert merged == {"l0": 5, "X0": [[1, 2], [3, 4, 5]], "init": "explicit", "lengths": "2,3"}


@pytest.mark.parametrize("override, error, message", [
    ("l0=2.5", ParameterError, r"^l0 must be a non-negative integer; got 2.5$"),
    ("l0=-1", ParameterError, r"^l0 must be a non-negative integer; got -1$"),
    ("l_A=0", ParameterError, r"^l_A must be a positive integer; got 0$"),
    ("lambda_B=0", ParameterError, r"^lambda_B must be > 0; got 0$"),
    ("lambda_A=-2", ParameterError, r"^lambda_A must be > 0; got -2$"),
    ("B=0", ParameterError, r"^B must be > 0; got 0$"),
    ("B=-60", ParameterError, r"^B must be > 0; got -60$"),
    ("steps=0", ParameterError, r"^steps must be a positive integer; got 0$"),
    ("speed=3", ConfigError, r"^--set key must be one of .*; got 'speed'$"),
    ("policy=fifo", ConfigError, r"^policy must be one of least-progress, proportional; got 'fifo'$"),
    ("init=random", ConfigError, r"^init must be one of stage0, one-per-stage, explicit; got 'random'$"),
    ("noequals", ConfigError, r"^--set must be KEY=VALUE; got 'noequals'$"),
    ("lambda_A=1/x", ParameterError, r"^lambda_A must be a number such as 2, 0.25 or 1/3; got '1/x'$"),
])
def test_bad_overrides_name_key_value_and_rule(override, error, message):
    with pytest.raises(error, match=message):
        build_config("default", [override])


@pytest.mark.parametrize("extra, error, message", [
    (["init=explicit"], ConfigError, r"^X0 must be given when init = 'explicit'"),
    (["init=explicit", "X0=[[1, 2]]"], StateError, r"^X0 must be a list of 2 lists"),
    (["init=explicit", "X0=[[1, 2], [1, 2]]"], StateError, r"^X0\[1\] \(type B\) must be a list of l_B = 3 counts"),
    (["init=explicit", "X0=[[1, -2], [0, 0, 0]]"], StateError, r"^X0\[0\]\[1\] must be a non-negative count; got -2$"),
    (["init=explicit", "X0=[[100, 0], [0, 0, 0]]"], StateError, r"^X0 must be a state holding at most B = 60 tokens"),
    (["lengths=[2, 3]"], ConfigError, r"^config must use either lengths/rates or l_A"),
])
def test_bad_states_and_mixed_keys(extra, error, message):
    with pytest.raises(error, match=message):
        build_config("default", extra)


def test_unknown_key_in_file_and_unknown_name(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("l0 = 3\nl_A = 2\nl_B = 3\nlambda_A = 1\nlambda_B = 1\nB = 60\nsteps = 5\ncolour = 'red'\n")
    with pytest.raises(ConfigError, match=r"^config key must be one of .*; got 'colour'$"):
        build_config(str(path))
    with pytest.raises(ConfigError, match=r"shipped config \(default, .*non-coprime.*\) or a TOML file path; got 'defualt'"):
        load_config("defualt")
    with pytest.raises(ConfigError, match=r"^config must be an existing TOML file; got"):
        load_config(str(tmp_path / "missing.toml"))
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xc2\x00\xff")
    with pytest.raises(ConfigError, match=r"^config must be a readable UTF-8 TOML file \(UnicodeDecodeError\)"):
        load_config(str(binary))
    broken = tmp_path / "broken.toml"
    broken.write_text("l0 = = 3\n")
    with pytest.raises(ConfigError, match=r"must be valid TOML"):
        load_config(str(broken))


def test_missing_keys_are_named():
    with pytest.raises(ConfigError, match=r"^l_B must be given \(or use lengths and rates\)"):
        resolve_config({"l0": 3, "l_A": 2, "lambda_A": 1, "lambda_B": 1, "B": 60, "steps": 5})
    with pytest.raises(ConfigError, match=r"^steps must be given"):
        resolve_config({"l0": 3, "lengths": [2], "rates": [1], "B": 60})


LISTED = "l0 = 3\nlengths = [2, 3]\nrates = [1, 1]\nB = 60\nsteps = 5\n"


@pytest.mark.parametrize("overrides, message", [
    # the key the user wrote, the index in a list, the value as typed, the rule
    (["lengths=[[2],[3]]"], r"^lengths\[0\] must be a positive integer; got \[2\]$"),
    (["rates=[0,1]"], r"^rates\[0\] must be > 0; got 0$"),
    (["lengths=[2,3.5]"], r"^lengths\[1\] must be a positive integer; got 3.5$"),
    (["l0=[3,-1]"], r"^l0\[1\] must be a non-negative integer; got -1$"),
    (["l0=[3,4]", "l0_B=-1"], r"^l0_B must be a non-negative integer; got -1$"),
    (['rates=[1,"x"]'], r"^rates\[1\] must be a number such as 2, 0.25 or 1/3; got 'x'$"),
    (["lengths=[2,10000000]"], r"^lengths\[1\] must be at most 8333333 with steps = 5, K = 2"),  # 10^8 // (2 * 6)
])
def test_errors_name_the_key_as_written(tmp_path, overrides, message):
    path = tmp_path / "listed.toml"
    path.write_text(LISTED)
    with pytest.raises((ParameterError, ConfigError), match=message):
        build_config(str(path), overrides)


def test_a_longer_decode_length_is_blamed_not_the_steps_it_left_alone():
    # (steps + 1) K L <= 10^8 cells: with steps = 50, K = 2 the largest L is
    # floor(10^8 / 102) = 980392, so l_B = 10^6 breaks it; the user changed l_B.
    with pytest.raises(ParameterError, match=r"^l_B must be at most 980392 with steps = 50, K = 2 .*; got 1000000$"):
        build_config("default", ["l_B=1000000"])
    # steps the user set are blamed: min(MAX_STEPS = 10^7, floor(10^8 / (2 * 3)) - 1) = 10^7
    with pytest.raises(ParameterError, match=r"^steps must be at most 10000000 for K = 2, L = 3 "):
        build_config("default", ["steps=20000000"])


@pytest.mark.parametrize("key, text, name", [
    ("steps", '"50"', "steps"), ("l0", '"3"', "l0"), ("l_A", '"2"', "l_A"), ("l_B", '"3"', "l_B"),
    ("seed", '"0"', "seed"), ("l0_A", '"4"', "l0_A"), ("l0", '[3, "4"]', "l0[1]"),
])
def test_a_quoted_integer_in_a_file_is_refused(tmp_path, key, text, name):
    base = {"l0": "3", "l_A": "2", "l_B": "3", "B": "60", "lambda_A": "1", "lambda_B": "1", "steps": "5"}
    base[key] = text
    path = tmp_path / "quoted.toml"
    path.write_text("".join(f"{k} = {v}\n" for k, v in base.items()))
    with pytest.raises(ConfigError, match=rf"^{re.escape(name)} must be an integer, not a quoted string; got "):
        build_config(str(path))


def test_quoted_rationals_stay_allowed_and_bare_override_text_is_read(tmp_path):
    path = tmp_path / "quoted.toml"
    path.write_text('l0 = 3\nl_A = 2\nl_B = 3\nB = "120/2"\nlambda_A = "1/3"\nlambda_B = 1\nsteps = 5\n')
    cfg = build_config(str(path), ["steps=7"])
    assert (cfg.params.B, cfg.params.rates, cfg.steps) == (60, (F(1, 3), 1), 7)
    with pytest.raises(ConfigError, match=r"^steps must be an integer, not a quoted string; got '7'$"):
        build_config(str(path), ['steps="7"'])
