"""The package metadata builds without setuptools deprecation warnings."""

import re
import tomllib
from pathlib import Path

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_string_with_a_setuptools_that_reads_it():
    # a TOML table (license = {text = ...}) is deprecated; SPDX strings need setuptools >= 77
    assert PYPROJECT["project"]["license"] == "MIT"
    requirement = next(r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools"))
    assert int(re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", requirement).group(1)) >= 77


def test_the_package_sits_at_the_root_so_the_editable_install_is_one_path_entry():
    # setuptools' simple-layout route: a .pth entry, without the "editable installation" warning
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"": "."}
