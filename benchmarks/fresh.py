"""Run a benchmark's child in a fresh Python process and read back what it measured."""

from __future__ import annotations

import json
import subprocess
import sys


def in_fresh_process(script: str, *args: str) -> dict:
    """`python script *args`; its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
