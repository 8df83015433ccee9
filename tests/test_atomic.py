"""A failed write leaves neither a truncated file nor a temporary one."""

import pytest

from coupling_sym.atomic import atomic_open


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "rows.csv"
    target.write_text("old\n")
    with pytest.raises(OSError, match="disk full"):
        with atomic_open(target) as handle:
            handle.write("new, half")
            raise OSError(28, "disk full")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]


def test_the_file_gets_the_umask_permissions(tmp_path):
    import os

    old = os.umask(0o027)
    try:
        with atomic_open(tmp_path / "x.txt") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert (tmp_path / "x.txt").stat().st_mode & 0o777 == 0o640
