"""The lessons: for each question and mode, the PyTorch code that makes its point.

Each file reads top to bottom as a short program a student could copy: a `Config` whose fields
are the panel's parameters (same names, same defaults), the functions that do the work, and one
run class, `Run(config, seed)` with `step() -> bool`, `steps` and `status`. No Frame, Plot or
Series here: the demo module of the same name in `demos/` turns a run into frames, and `qa-tui
export-script` inlines the lesson into a standalone script.
"""
