"""Shared test settings.

Hypothesis runs a bounded number of examples with no deadline: the machine is small
and shared, and speed is measured by the benchmark scripts, not by the tests.
"""

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("default", max_examples=60, deadline=None)
settings.load_profile("default")
