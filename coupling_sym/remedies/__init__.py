"""Remedies for instability: scans of the admission cap and of the arrival rate."""
