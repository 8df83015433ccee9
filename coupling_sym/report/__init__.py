"""Figures and LaTeX tables.  These modules take computed results and draw or format
them; they compute nothing of their own."""
