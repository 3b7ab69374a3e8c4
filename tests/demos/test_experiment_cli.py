"""`qa-tui experiments` and `qa-tui run SLUG --experiment NAME [--json]`, headless."""

from __future__ import annotations

import json
import subprocess
import sys

from demos import TOPICS


def qa_tui(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from tui.__main__ import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_experiments_lists_one_per_line_slug_name_title() -> None:
    result = qa_tui("experiments")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = [(t.slug, e.name, e.title) for t in TOPICS for e in t.experiments]
    assert len(lines) == len(expected)
    for line, (slug, name, title) in zip(lines, expected, strict=True):
        assert line.split()[:2] == [slug, name] and line.endswith(title)


def test_run_with_an_experiment_reports_whether_it_held_in_json() -> None:
    result = qa_tui("run", "gradient", "--experiment", "lr-too-large", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["experiment"] == {"name": "lr-too-large", "held": True}
    assert data["values"]["lr"] == 2.0 and data["values"]["loss"] == "squared"
    assert data["status"] == "diverged"


def test_run_with_too_few_steps_says_it_did_not_hold() -> None:
    result = qa_tui("run", "gradient", "--experiment", "kink-bounce", "--steps", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "experiment kink-bounce: did not hold"
    held = qa_tui("run", "gradient", "--experiment", "kink-bounce")
    assert held.stdout.splitlines()[-1] == "experiment kink-bounce: held"


def test_an_unknown_experiment_is_a_usage_error_naming_the_choices() -> None:
    result = qa_tui("run", "gradient", "--experiment", "nope")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown experiment 'nope'" in result.stderr and "kink-bounce" in result.stderr
    both = qa_tui("run", "gradient", "--experiment", "kink-bounce", "--set", "lr=1")
    assert both.returncode == 2 and "leave out --set" in both.stderr
