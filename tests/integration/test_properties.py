"""Property tests (hypothesis): random valid workbooks never crash, and corrupting any
one number cell of a valid workbook gives exit 2 with a message naming that cell."""

from __future__ import annotations

import contextlib
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import schema
from model.cli import main
from tests.helpers.workbooks import random_rows, write_messy

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
BAD_NUMBERS = ("abc", "-1", "1,350", "nan", "12 t", "#DIV/0!", "1e400")


def run_main(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, err.getvalue()


@SETTINGS
@given(seed=st.integers(0, 10_000))
def test_random_valid_workbooks_never_crash(tmp_path, seed):
    path = write_messy(tmp_path / f"r{seed}.xlsx", random_rows(seed), seed=seed)
    out = tmp_path / f"out{seed}.xlsx"
    code, err = run_main(["--input", str(path), "--output", str(out), "--quiet"])
    assert "Internal error" not in err and "Traceback" not in err
    assert code in (0, 2, 3), err
    if code == 2:  # only an infeasible baseline (current practice) may be an input error
        assert "min_t" in err, err
    assert out.exists() == (code == 0)


def _number_cells(rows):
    for sheet in schema.SHEETS:
        if sheet.name == "settings":
            continue
        for i, record in enumerate(rows.get(sheet.name, [])):
            for col in sheet.columns:
                if col.kind == "number" and record.get(col.name) is not None:
                    yield sheet.name, i, col.name


@SETTINGS
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 10**6), bad=st.sampled_from(BAD_NUMBERS))
def test_one_corrupted_cell_is_named(tmp_path, seed, pick, bad):
    rows = random_rows(seed)
    cells = list(_number_cells(rows))
    sheet, index, column = cells[pick % len(cells)]
    rows[sheet][index][column] = bad
    path = write_messy(tmp_path / f"c{seed}.xlsx", rows, seed=seed, blank_rows=False)
    code, err = run_main(["--input", str(path), "--output", str(tmp_path / "o.xlsx")])
    assert code == 2, err
    located = [
        line
        for line in err.splitlines()
        if f" › row {index + 2} › {column}: " in line and line.strip().startswith(str(path))
    ]
    assert located, err
    assert not (tmp_path / "o.xlsx").exists()
