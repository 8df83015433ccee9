"""The root-locus figure: its artists, and the PNG/PDF written without overwriting."""

import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.report.locus import locus_paths, plot_locus, save_locus
from coupling_sym.stability.locus import root_locus


def test_figure_shows_circle_roots_limit_and_crossing():
    data = root_locus((2, 3), "1/2", range(0, 10))
    fig = plot_locus(data)
    ax = fig.axes[0]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[0] == "unit circle" and r"roots of $P_{l_0}$" in labels
    assert "limiting roots (roots of $A$)" in labels
    assert any(label.startswith("crossing at $l_0 = 1") and "$l_0^* = 2$" in label for label in labels)
    roots = ax.collections[0].get_offsets()
    assert len(roots) == 2 * 10                                 # two roots for each of 10 values of l0
    assert "$l_0^* = 2$" in ax.get_title()


def test_save_writes_png_and_pdf_and_refuses_to_overwrite(tmp_path):
    data = root_locus((3, 5), "1/2", range(0, 12))
    png, pdf = save_locus(plot_locus(data), tmp_path / "locus.png")
    assert (png, pdf) == locus_paths(tmp_path / "locus")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locus.pdf", "locus.png"]   # no temporary left
    before = png.stat().st_mtime_ns
    with pytest.raises(ParameterError, match=r"^--out must be a file that does not exist yet \(or use --force to replace it\)"):
        save_locus(plot_locus(data), tmp_path / "locus")
    assert png.stat().st_mtime_ns == before
    save_locus(plot_locus(data), tmp_path / "locus", force=True)


def test_missing_folder_is_created_like_every_output_option(tmp_path):
    data = root_locus((2, 3), "1/2", range(0, 4))
    png, pdf = save_locus(plot_locus(data), tmp_path / "nowhere" / "locus")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and pdf.read_bytes()[:5] == b"%PDF-"


def test_folder_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    data = root_locus((2, 3), "1/2", range(0, 4))
    with pytest.raises(ParameterError, match="folders are folders, not files"):
        save_locus(plot_locus(data), tmp_path / "file" / "locus")


def test_target_that_is_a_folder(tmp_path):
    # even with force, a folder named locus.png is not replaced: one ParameterError, no traceback
    (tmp_path / "locus.png").mkdir()
    data = root_locus((2, 3), "1/2", range(0, 4))
    with pytest.raises(ParameterError, match="a file path, not a folder"):
        save_locus(plot_locus(data), tmp_path / "locus", force=True)
    assert (tmp_path / "locus.png").is_dir() and not (tmp_path / "locus.pdf").exists()


def test_unwritable_target_is_a_parameter_error(tmp_path, monkeypatch):
    # an OSError from the file system (full disk, no permission) becomes the one-line error
    import matplotlib.figure

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    data = root_locus((2, 3), "1/2", range(0, 4))
    fig = plot_locus(data)
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", refuse)
    with pytest.raises(ParameterError, match=r"written to \(Permission denied\)"):
        save_locus(fig, tmp_path / "locus")


def test_title_at_an_extreme_share_stays_short():
    # p = 1e-30 has a 31-digit denominator and l0* = 2 10^30 - 2 (Jury, tests/stability/
    # test_extreme_shares.py): written out, the title ran off both sides of the figure
    import matplotlib.pyplot as plt
    from fractions import Fraction

    fig = plot_locus(root_locus((2, 3), Fraction(1, 10 ** 30), range(0, 3)))
    title = fig.axes[0].get_title()
    plt.close(fig)
    assert r"p = (\approx 1.0 \times 10^{-30}, \approx 1.0)" in title
    assert r"l_0^* = \approx 2.0 \times 10^{30}" in title
    assert "1000000" not in title
