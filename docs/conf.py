"""Sphinx configuration of the coupling-sym documentation site.

``make docs`` builds it with warnings as errors.  The API reference is generated from
the package's own list of public names (:data:`coupling_sym._API`), the gallery by
running the commands it shows (``_ext/gallery.py``), and the tutorial notebook is
executed on every build (myst-nb), so none of them can fall behind the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # the gallery draws in this process; the tutorial's kernel keeps its inline backend

import coupling_sym  # noqa: E402

project = "coupling-sym"
author = "coupling-sym contributors"
copyright = "2026, coupling-sym contributors"
release = version = coupling_sym.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
    "api_reference",
    "gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
html_theme = "alabaster"
html_title = f"coupling-sym {release}"
html_static_path: list[str] = []

# Markdown pages link to their own headings ("#install"): give headings anchors.
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath", "amsmath"]

# The tutorial runs on every build; an error in a cell fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
nb_merge_streams = True

# numpydoc: attributes are listed in the class docstrings; do not add stub tables.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
autodoc_default_options = {"member-order": "bysource"}
