"""`qa-tui export-script`: every question and mode, taken away as a plain script, prints what
`qa-tui run` prints for the same seed, values and steps, without qa-tui's packages."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from demos import TOPICS
from demos.base import Topic, Value
from tui.headless_cli import _run, readout_text
from tui.script_export import ExportError, export_command, export_script

STEPS = 12  # a few steps reach every readout; the whole file runs in about half a minute
SEED = 3

# Readouts (and messages) that are wall-clock timings, or decided by them, cannot match between
# two runs: for these, given as patterns of their labels, only the label is compared (its
# presence, in its place), never the value. Where the timings decide how far a run got (the
# autodiff race's Jacobians are computed a time budget at a time; numpy skips sizes predicted
# to be slow), the size in the label is a timing too.
TIMED: dict[tuple[str, str], tuple[str, ...]] = {
    ("sgd", "closed form"): ("lstsq solve time", "SGD time to 1 %", "SGD time / lstsq time"),
    ("deeper", ""): ("ms/step plain", "ms/step residual"),
    ("numpy", "speed"): (r"NumPy at n=\d+", r"torch at n=\d+", "message"),
    ("autodiff", "forward vs reverse"): (r"f( at n=\d+)?", r"g( at m=\d+)?", "message"),
}


def cases() -> list[tuple[Topic, dict[str, Value]]]:
    out: list[tuple[Topic, dict[str, Value]]] = []
    for topic in TOPICS:
        for mode in topic.modes() or ("",):
            values = topic.defaults() | ({"mode": mode} if mode else {})
            out.append((topic, values))
    return out


CASES = cases()
IDS = [f"{topic.slug}-{values.get('mode', '')}".rstrip("-") for topic, values in CASES]
PARAMS = [pytest.param(t, v, id=name) for (t, v), name in zip(CASES, IDS, strict=True)]

# Runs each script as __main__ with `demos` and `tui` unimportable, and reports its output.
DRIVER = """
import contextlib, io, json, runpy, sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("demos", "tui"):
            raise ModuleNotFoundError(f"the exported script imported {name}")
        return None

sys.meta_path.insert(0, Refuse())
out = {}
for path in sys.argv[1:]:
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            runpy.run_path(path, run_name="__main__")
        out[path] = buffer.getvalue()
    except BaseException as error:
        out[path] = f"FAILED: {type(error).__name__}: {error}"
leaked = [m for m in sys.modules if m.partition(".")[0] in ("demos", "tui")]
print(json.dumps({"outputs": out, "leaked": leaked}))
"""


def rows(text: str) -> dict[str, str]:
    parsed = {}
    for line in text.strip().splitlines():
        label, _, value = line.partition(": ")
        parsed[label.rstrip(":").strip()] = value.strip()
    return parsed


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every case's script, written to a directory far from the repo and run there with
    `python -I` (no current directory, no PYTHONPATH, no user site on sys.path)."""
    directory = tmp_path_factory.mktemp("scripts")
    paths, failed = [], {}
    for (topic, values), name in zip(CASES, IDS, strict=True):
        path = directory / f"{name.replace(' ', '_')}.py"
        try:
            path.write_text(export_script(topic, values, SEED, STEPS), encoding="utf-8")
        except ExportError as error:  # that case's test fails, the others still run
            failed[name] = f"FAILED to export: {error}"
            continue
        paths.append(str(path))
    result = subprocess.run(
        [sys.executable, "-I", "-c", DRIVER, *paths],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["leaked"] == []
    outputs = {Path(path).stem: text for path, text in report["outputs"].items()}
    return {name: outputs.get(name.replace(" ", "_"), "") for name in IDS} | failed


@pytest.mark.parametrize(("topic", "values"), PARAMS)
def test_the_exported_script_prints_what_qa_tui_run_prints(
    topic: Topic, values: dict[str, Value], exported: dict[str, str]
) -> None:
    name = IDS[CASES.index((topic, values))]
    expected = rows(readout_text(_run(topic, values, SEED, STEPS)))
    got = exported[name]
    assert not got.startswith("FAILED"), got
    printed = rows(got)
    timed = TIMED.get((topic.slug, str(values.get("mode", ""))), ())

    def pattern(label: str) -> str | None:
        return next((p for p in timed if re.fullmatch(p, label)), None)

    assert [pattern(a) or a for a in printed] == [pattern(a) or a for a in expected]
    for (label, value), (_, shown) in zip(expected.items(), printed.items(), strict=True):
        if pattern(label) is None:
            assert shown == value, label


@pytest.mark.parametrize(("topic", "values"), PARAMS)
def test_the_script_is_notebook_cells_of_plain_torch(
    topic: Topic, values: dict[str, Value]
) -> None:
    text = export_script(topic, values, SEED, STEPS)
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name.partition(".")[0] not in ("demos", "tui") for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").partition(".")[0] not in ("demos", "tui")
    assert text.count("\n# %%") >= 5
    assert "Frame(" not in text and "Plot(" not in text and "Series(" not in text


def test_the_command_prints_the_script_and_rejects_bad_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert export_command(["sgd", "--set", "mode=closed form", "--seed", "4", "--steps", "9"]) == 0
    text = capsys.readouterr().out
    assert "run = SgdClosedForm(config, seed=4)" in text and "for _ in range(9):" in text
    assert export_command(["sgd", "--set", "lr=99"]) == 2
    assert "out of range" in capsys.readouterr().err
    assert export_command(["nope"]) == 2


def test_the_cli_dispatches_export_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export-script", "sgd", "--steps", "3"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# %% [markdown]")
