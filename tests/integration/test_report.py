"""The HTML report (model/report/html.py): written beside each result workbook like
every output, opened in a real browser (headless Chromium, installed by .ci/run) with
no network: the page loads with no script error and the Sankey's node labels are in
the rendered page."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from model.io.reader import read_input
from model.report.html import build_report, publish_report, report_path
from model.report.sankey import BACK_IN_USE, FROM_RECYCLING, RECOVERED
from model.results.flows import IN_USE, LEAVING, LOST, NEW, PRIMARY, RECYCLED, REUSED, SECONDARY
from model.results.tables import build_tables
from model.run.optimise import optimise
from tests.helpers.runner import copy_project, run_cli

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = next(
    (shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (apt-get install chromium; .ci/run installs it)",
)
LABELS = (PRIMARY, SECONDARY, NEW, IN_USE, LEAVING, REUSED, RECYCLED, LOST)


@functools.cache
def _tables(name: str):
    data = read_input(ROOT / "inputs" / name).data
    solution = optimise(data)
    return build_tables(data, solution, {"input_file": f"inputs/{name}"})


def _open(page: Path, fragment: str = "") -> tuple[str, str]:
    """The page as Chromium renders it (the DOM after its scripts ran) and what the
    browser logged (console messages, script errors), with the network switched off."""
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
            "--proxy-server=127.0.0.1:9",  # nothing may come from the network
            "--dump-dom",
            page.resolve().as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def _console(log: str) -> list[str]:
    """The page's console messages and errors in Chromium's log (not its own chatter)."""
    return [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def _node_labels(dom: str) -> list[str]:
    """The text of the Sankey's node labels as drawn (plotly writes each as an SVG text
    of class node-label, its lines as tspans)."""
    labels = re.findall(r'<text[^>]*class="node-label"[^>]*>(.*?)</text>', dom, re.S)
    return [re.sub(r"<[^>]+>", " ", label) for label in labels]


@needs_chromium
@pytest.mark.parametrize(
    ("name", "fragment"), [("portfolio.xlsx", ""), ("nl_pathway.xlsx", "#2030")]
)
def test_the_report_opens_in_a_browser_and_draws_the_sankey(tmp_path, name, fragment):
    tables = _tables(name)
    page = report_path(tmp_path / name)
    publish_report(tables, tmp_path / name, keep=False)
    dom, log = _open(page, fragment)
    assert not _console(log), _console(log)
    assert 'data-drawn="yes"' in dom  # the page's script ran to its end
    drawn = " ".join(_node_labels(dom))
    for label in LABELS:
        assert label in drawn, (label, drawn[:500])
    assert "kt" in drawn  # every node says its tonnes
    if fragment:  # the year asked for is the one drawn
        assert "Tonnes in 2030" in dom
    else:
        assert "Tonnes a year" in dom
    assert re.search(r'class="[^"]*main-svg', dom)  # the pathway's or one year's charts
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", dom)  # nothing to fetch


def test_the_page_is_whole_without_network_and_escapes_names():
    """plotly.js is in the page (no script src), and a name with markup in it is text."""
    tables = _tables("portfolio.xlsx")
    tables.overview = [*tables.overview, ("<b>Who?</b>", "a </script><script>alert(1)</script>")]
    page = build_report(tables, workbook="x.xlsx")
    assert "<script src" not in page
    assert page.count("</script>") == page.count("<script")  # no script ended early
    assert "&lt;b&gt;Who?&lt;/b&gt;" in page and "alert(1)</script>" not in page
    data = re.search(r'id="report-data">(.*?)</script>', page, re.S).group(1)
    parsed = json.loads(data)
    assert parsed["order"] == [""] and len(parsed["sankey"][""]["data"]) == 1


def test_the_pathway_page_offers_its_years_target_and_last_first():
    tables = _tables("nl_pathway.xlsx")
    page = build_report(tables, workbook="nl_pathway.xlsx")
    options = re.findall(r'<option value="(\d+)"', page)
    assert options[0] == "2050"  # the last year (the example has no reduction target)
    assert options[1:] == [str(t) for t in range(2025, 2051)]
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', page, re.S).group(1))
    assert sorted(data["sankey"]) == [str(t) for t in range(2025, 2051)]
    trace = data["sankey"]["2030"]["data"][0]
    labels = " ".join(trace["node"]["label"])
    for label in (BACK_IN_USE, FROM_RECYCLING, RECOVERED):  # the loops, drawn open
        assert label in labels
    chart_ids = [chart["id"] for chart in data["charts"]]
    assert chart_ids[:3] == ["chart-cut", "chart-activity", "chart-critical"]


def test_a_drawn_link_is_a_flow_of_the_sheet():
    """The diagram's tonnes are the flows sheet's: every link of 2030's diagram, loops
    opened, sums to the sheet's flows of that year, baseline and portfolio."""
    tables = _tables("nl_pathway.xlsx")
    page = build_report(tables, workbook="nl_pathway.xlsx")
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', page, re.S).group(1))
    trace = data["sankey"]["2030"]["data"][0]
    flows = tables.flows[tables.flows["year"] == 2030]
    both = flows["baseline_t"].sum() + flows["portfolio_t"].sum()
    recovered = flows.loc[(flows["from"] == RECYCLED) & (flows["to"] == SECONDARY)]
    opened = recovered["baseline_t"].sum() + recovered["portfolio_t"].sum()  # drawn twice
    assert sum(trace["link"]["value"]) == pytest.approx(both + opened, rel=1e-5)


@pytest.fixture(scope="module")
def scenarios_run(tmp_path_factory):
    """The default example (base and four scenarios) run twice into a copy's outputs/."""
    project = copy_project(tmp_path_factory.mktemp("report"))
    first = run_cli("--quiet", cwd=project)
    second = run_cli("--quiet", cwd=project)
    return project, first, second


def test_a_report_beside_each_result_workbook_the_earlier_kept(scenarios_run):
    project, first, second = scenarios_run
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    outputs = project / "outputs"
    workbooks = sorted(p.stem for p in outputs.glob("nl_2026*.xlsx") if p.stem.count(".") == 0)
    pages = sorted(p.stem for p in outputs.glob("*.html") if p.stem.count(".") == 0)
    assert pages == [w for w in workbooks if w != "nl_2026_scenarios"]
    kept = [p for p in outputs.glob("nl_2026.*.html")]
    assert len(kept) == 1  # the first run's, kept as its workbook is
    assert not list(outputs.glob(".*.tmp"))
    base = (outputs / "nl_2026.html").read_text(encoding="utf-8")
    assert "Scenarios side by side" in base and 'href="nl_2026_tight_budget.html"' in base
    other = (outputs / "nl_2026_tight_budget.html").read_text(encoding="utf-8")
    assert "Scenarios side by side" not in other


@needs_chromium
def test_the_scenarios_page_opens_with_no_script_error(scenarios_run):
    project, *_ = scenarios_run
    dom, log = _open(project / "outputs" / "nl_2026.html")
    assert not _console(log), _console(log)
    assert 'data-drawn="yes"' in dom and 'id="scenarios-cut"' in dom
    assert PRIMARY in " ".join(_node_labels(dom))


def test_no_report_writes_no_page(tmp_path):
    output = tmp_path / "r.xlsx"
    done = run_cli("--scenario", "tight_budget", "--output", output, "--no-report", "--quiet")
    assert done.returncode == 0, done.stderr
    assert output.exists() and not report_path(output).exists()


def test_the_page_never_replaces_the_workbook_nor_the_input(tmp_path, caplog):
    """An --output named .html would put the page on the workbook: it is not written,
    and the log says so; the same for an input that stands where the page would go."""
    tables = _tables("portfolio.xlsx")
    workbook = tmp_path / "r.html"
    workbook.write_bytes(b"the workbook")
    assert publish_report(tables, workbook, keep=False) is None
    assert workbook.read_bytes() == b"the workbook"
    source = tmp_path / "in.html"
    source.write_bytes(b"the input")
    assert publish_report(tables, tmp_path / "in.xlsx", keep=True, source=source) is None
    assert source.read_bytes() == b"the input"
    assert "would be written over the result workbook" in caplog.text
    assert "would be written over the input" in caplog.text
