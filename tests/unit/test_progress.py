"""A long run says what it is doing: from LARGE_ROWS constraint rows on, each stage is
announced on the log (stderr) as it starts, with the time the last one took; a small
run's terminal shows only its summary."""

from __future__ import annotations

import logging
from pathlib import Path

from inputs.build_default import ROWS
from model import cli
from model.run import optimise as pipeline
from tests.helpers.workbooks import write_clean

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "inputs" / "portfolio.xlsx"

STAGES = (
    "Model built in",
    "Baseline solved in",
    "Scenario solved in",
    "Budgets found in",
    "Tracing the trade-off curve over 3 budgets",
    "Trade-off curve traced in",
    "Writing the result workbook",
)


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]


def test_a_large_run_announces_each_stage_in_order(tmp_path, caplog, monkeypatch):
    """With the threshold lowered to one row, the default example counts as large: every
    stage line appears once, in the order the stages run."""
    monkeypatch.setattr(pipeline, "LARGE_ROWS", 1)
    caplog.set_level(logging.INFO)
    base_only = write_clean(tmp_path / "base.xlsx", ROWS)  # the shipped scenarios aside
    argv = ["--input", str(base_only), "--output", str(tmp_path / "r.xlsx"), "--sweep", "3"]
    assert cli.main(argv) == 0
    messages = _messages(caplog)
    positions = []
    for stage in STAGES:
        hits = [i for i, message in enumerate(messages) if message.startswith(stage)]
        assert len(hits) == 1, (stage, messages)
        positions.append(hits[0])
    assert positions == sorted(positions)
    assert "rows" in messages[positions[0]] and "columns" in messages[positions[0]]


def test_a_small_run_keeps_the_terminal_to_its_summary(tmp_path, caplog):
    """The default example (54 rows) is far below LARGE_ROWS: no stage line at INFO."""
    caplog.set_level(logging.INFO)
    assert cli.main(["--input", str(DEFAULT), "--output", str(tmp_path / "r.xlsx")]) == 0
    assert not any(m.startswith(STAGES) for m in _messages(caplog))
