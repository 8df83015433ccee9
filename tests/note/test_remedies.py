"""The note's remedy tables against MODEL.md's one-type closed forms."""

from coupling_sym.note.remedies import render_remedy_tables


def test_remedy_tables_match_closed_forms():
    tables = render_remedy_tables()
    # two servers, l0 = 3, B = 60: segregated = 60/10 + 60/18 (worst cycles), mixed = 2 a* = 10
    assert "segregated & A $|$ B & 9.3333 &" in tables["remedies_servers.tex"]
    assert "mixed & A,B $|$ A,B & 10.0000 & 0.0000" in tables["remedies_servers.tex"]
    # B = 1000, l0 = l1 = 20: a* = 2B / (l1 (2 l0 + l1 + 1)) = 100/61, worst cycle B / (l1 (l0 + l1)) = 5/4
    assert "$1$ & 1.6393 & 1.6393 & 0.0000 & 1" in tables["remedies.tex"]
    assert "\\newcommand{\\RemedyAstar}{1.6393}" in tables["remedies_values.tex"]
    assert "\\newcommand{\\RemedyWorst}{1.2500}" in tables["remedies_values.tex"]
