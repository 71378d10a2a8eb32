"""Benchmark: reading a large input workbook. Ours (guard + calamine, or openpyxl +
validation) against bare openpyxl read-only iteration and python-calamine (a Rust
reader), on the same generated workbook.

    python benchmarks/read.py [--groups 3000] [--materials-per-group 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import openpyxl  # noqa: E402
from scale import make_data, write_workbook  # noqa: E402

from model.io.reader import read_workbook  # noqa: E402


def bare_openpyxl(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    workbook.close()
    return cells


def calamine(path: Path) -> int | None:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    workbook = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).to_python():
            cells += len(row)
    return cells


def timed(function, path: Path) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(path)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=3000)
    parser.add_argument("--materials-per-group", type=int, default=10)
    args = parser.parse_args()
    data = make_data(args.groups, materials_per_group=args.materials_per_group)
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(data, Path(folder) / "large.xlsx")
        size = path.stat().st_size
        ours, _ = timed(read_workbook, path)
        bare, cells = timed(bare_openpyxl, path)
        fast, fast_cells = timed(calamine, path)
    print(f"workbook          {args.groups} groups, {size / 2**20:.1f} MiB, {cells:,} cells")
    print(f"ours              {ours:7.2f} s  (guard, calamine or openpyxl, parse, validate)")
    print(f"bare openpyxl     {bare:7.2f} s  ratio ours/bare {ours / bare:5.2f}")
    if fast_cells is None:
        print("python-calamine   not installed (pip install -e '.[bench]')")
    else:
        print(f"python-calamine   {fast:7.2f} s  ratio ours/calamine {ours / fast:5.2f}")


if __name__ == "__main__":
    main()
