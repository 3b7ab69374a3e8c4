"""Take a lesson away: one standalone Python script for a question, its mode and its values.

`qa-tui export-script SLUG [--set NAME=VALUE ...] [--seed S] [--steps N]` prints it; the app's
`x` key and palette entry write it to a file. The script is the lesson inlined (with the project
modules it imports: the written-out optimizers, the phantom, ...), the values, a loop of `steps`
steps, and the readouts `qa-tui run` prints for the same seed, values and steps: plain torch and
numpy, no import of `tui` or `demos`, laid out in `# %%` cells that Jupyter and VS Code open as a
notebook.

Everything is read from the source files with `ast`, never imported: the UI process that calls
this never imports torch. The demo module names its lesson (`from demos.lessons.<name> import
...`) and the lesson's run and Config classes (`lesson = ...`, `config = ...`), and defines the
`readouts(run)` and `message(run)` its frames show; those two, and whatever they use, come along.
"""

from __future__ import annotations

import argparse
import ast
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from demos import get_topic, slugs
from demos.base import Topic, Value
from tui.inline import ExportError, Module, Script, join
from tui.settings import CommandParser, UsageError, integer, parse_sets

__all__ = ["ExportError", "export_command", "export_script", "lesson_files", "script_name"]

PROG = "qa-tui export-script"
REPORT = ("readouts", "message")  # what the demo module defines for its frames' text
DEFAULT_STEPS = 200
MAX_STEPS = 100_000
SEED_RANGE = (-(2**63), 2**64 - 1)


def docstring_comment(module: Module) -> str:
    text = ast.get_docstring(module.tree) or ""
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def demo_parts(topic: Topic, values: Mapping[str, Value]) -> tuple[Module, str, str, str]:
    """(demo module, lesson module name, run class name, Config class name)."""
    target = topic.demo_for(values)
    if not target:
        raise ExportError(f"{topic.slug} has no live demo")
    module_name, _, class_name = target.partition(":")
    demo = Module.load(module_name)
    lesson_modules = {m for _, m, _ in demo.imports.values() if m.startswith("demos.lessons.")}
    expected = "demos.lessons." + module_name.rpartition(".")[2]
    if lesson_modules != {expected}:
        raise ExportError(f"{module_name} must import its lesson {expected} (and no other)")
    cls = demo.defs.get(class_name)
    if not isinstance(cls, ast.ClassDef):
        raise ExportError(f"{module_name} defines no class {class_name}")
    found: dict[str, str] = {}
    for node in cls.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            for target_node in node.targets:
                if isinstance(target_node, ast.Name) and target_node.id in ("lesson", "config"):
                    found[target_node.id] = node.value.id
    if set(found) != {"lesson", "config"}:
        raise ExportError(f"{class_name} must name its lesson and config classes")
    run, config = (demo.imports.get(found[key], (None, "", ""))[2] for key in ("lesson", "config"))
    if not run or not config:
        raise ExportError(f"{class_name}'s lesson and config must be imported from {expected}")
    return demo, expected, run, config


def lesson_files(topic: Topic, values: Mapping[str, Value]) -> list[Path]:
    """The lesson of the topic's current mode, the project modules it uses, then the demo
    module that draws it: the files the code view shows (and the script inlines)."""
    demo, lesson_name, _, _ = demo_parts(topic, values)
    script = Script()
    lesson = script.module(lesson_name)
    script.whole(lesson)
    used = [script.modules[name].path for name in script.cells]
    return [lesson.path, *used, demo.path]


def config_fields(lesson: Module, config: str) -> list[str]:
    node = lesson.defs.get(config)
    if not isinstance(node, ast.ClassDef):
        raise ExportError(f"{lesson.name} defines no class {config}")
    return [
        item.target.id
        for item in node.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    ]


def script_name(topic: Topic, values: Mapping[str, Value]) -> str:
    """`<demo module name>.py`, e.g. `sgd_learning_rate.py`."""
    return topic.demo_for(values).partition(":")[0].rpartition(".")[2] + ".py"


def command_line(topic: Topic, values: Mapping[str, Value], seed: int, steps: int) -> str:
    from tui.settings import format_value

    sets = [
        "--set " + shlex.quote(f"{param.name}={format_value(param, values[param.name])}")
        for param in topic.params
        if values.get(param.name, param.default) != param.default
    ]
    return " ".join(["qa-tui run", topic.slug, *sets, f"--seed {seed}", f"--steps {steps}"])


def export_script(topic: Topic, values: Mapping[str, Value], seed: int, steps: int) -> str:
    """The standalone script (text) for these clamped values, seed and number of steps."""
    values = {p.name: p.clamp(values.get(p.name, p.default)) for p in topic.params}
    demo, lesson_name, run_class, config_class = demo_parts(topic, values)
    script = Script()
    lesson = script.module(lesson_name)
    body = script.whole(lesson)
    lesson_cells = {name: script.cells[name] for name in script.ordered([lesson.name])}
    script.cells.clear()
    for name in REPORT:
        if name not in demo.defs:
            raise ExportError(f"{demo.name} must define {name}(run)")
    script.need(demo, REPORT)
    arguments = ", ".join(
        f"{name}={values[name]!r}" for name in config_fields(lesson, config_class)
    )
    mode = values.get("mode")
    title = topic.question + (f" (mode: {mode})" if mode else "")
    rerun = command_line(topic, values, seed, steps)
    cells = [
        "# %% [markdown]\n"
        f"# # {title}\n"
        "#\n"
        f"# The lesson of qa-tui's question {topic.slug!r}, exported with its values. It runs\n"
        "# with plain torch (and numpy), and ends by printing what this command prints:\n"
        f"#\n#     {rerun}",
        "# %%\nfrom __future__ import annotations\n\n" + "\n".join(script_imports(script)),
    ]
    for name, definitions in lesson_cells.items():
        module = script.modules[name]
        cells.append(f"# %% {relative(module.path)} (used by the lesson)\n" + join(definitions))
    cells.append(f"# %% [markdown]\n{docstring_comment(lesson)}")
    cells.append(f"# %% the lesson: {relative(lesson.path)}\n{body}")
    cells.append(
        "# %% run it with qa-tui's values and seed\n"
        "torch.set_num_threads(1)  # as qa-tui's compute process does\n"
        f"config = {config_class}({arguments})\n"
        f"run = {run_class}(config, seed={seed})\n"
        f"for _ in range({steps}):\n"
        "    if not run.step():\n"
        "        break"
    )
    report = [join(script.cells[name]) for name in script.ordered([demo.name, *script.cells])]
    cells.append(
        f"# %% what `qa-tui run` prints, from {relative(demo.path)}\n" + "\n\n\n".join(report)
    )
    cells.append(
        "# %%\n"
        'rows = [*readouts(run), ("step", str(run.steps)), ("status", run.status)]\n'
        "if message(run):\n"
        '    rows.append(("message", message(run)))\n'
        "width = max(len(label) for label, _ in rows) + 1\n"
        "for label, value in rows:\n"
        "    print(f\"{label + ':':<{width}} {value}\")"
    )
    return "\n\n\n".join(cells) + "\n"


def script_imports(script: Script) -> list[str]:
    plain = sorted(i for i in script.imports if i.startswith("import "))
    froms = sorted(i for i in script.imports if i.startswith("from "))
    return plain + froms


def relative(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("demos") :]) if "demos" in parts else path.name


# --- the command ---------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog=PROG,
        description="Print a standalone Python script of a question's lesson with these values.",
    )
    parser.add_argument("slug", metavar="SLUG", help=f"the question ({', '.join(slugs())})")
    parser.add_argument(
        "--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
        help="a parameter value (repeatable), as for qa-tui run",
    )  # fmt: skip
    parser.add_argument("--seed", default="0", metavar="S", help="random seed (default 0)")
    parser.add_argument(
        "--steps", default=str(DEFAULT_STEPS), metavar="N",
        help=f"steps the script runs, 1-{MAX_STEPS} (default {DEFAULT_STEPS}, as qa-tui run)",
    )  # fmt: skip
    return parser


def export_command(argv: list[str]) -> int:
    """`qa-tui export-script` with the arguments after "export-script"; the exit status."""
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help
            return done.code if isinstance(done.code, int) else 0
        if args.slug not in slugs():
            raise UsageError(f"unknown topic {args.slug!r} (choose from {', '.join(slugs())})")
        topic = get_topic(args.slug)
        values = topic.defaults() | parse_sets(topic, args.sets)
        seed = integer("--seed", args.seed, *SEED_RANGE)
        steps = integer("--steps", args.steps, 1, MAX_STEPS)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    try:
        text = export_script(topic, values, seed, steps)
    except (ExportError, OSError, SyntaxError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(export_command(sys.argv[1:]))
