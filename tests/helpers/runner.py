"""Run the tool as a user does: `python run.py …` in a subprocess, from the project or
from a copy of it (so the default paths write into the copy, not the checkout)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(Path(cwd) / "run.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def copy_project(target: Path) -> Path:
    """model/, inputs/ and run.py copied to `target`."""
    for name in ("model", "inputs"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "run.py", target / "run.py")
    return target
