"""Command line: `qa-tui [--topic SLUG] [--set NAME=VALUE] ...` and `qa-tui run SLUG ...`.

Bad input exits 2 with one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import socket
import sys
from typing import NoReturn

from demos import get_topic, slugs, topics
from demos.base import Value
from tui import __version__
from tui.settings import SEED_RANGE, SEED_TEXT, UsageError, parse_sets


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line on stderr and exit status 2 (argparse would also print the usage)."""
        self.exit(2, f"qa-tui: error: {message} (see qa-tui --help)\n")


def build_parser() -> Parser:
    parser = Parser(
        prog="qa-tui",
        allow_abbrev=False,  # `--ser` is an error, not a guess passed on to the served app
        description="Live PyTorch demos for a deep-learning course Q&A, in your terminal.",
        epilog="qa-tui run SLUG [--set NAME=VALUE ...] [--steps N] [--seed S] [--json] "
        "steps a demo without the full-screen app (qa-tui run --help); "
        "qa-tui export-script SLUG [--set NAME=VALUE ...] [--seed S] [--steps N] prints it "
        "as a standalone Python script.",
    )
    parser.add_argument("--version", action="version", version=f"qa-tui {__version__}")
    parser.add_argument("--list", action="store_true", help="list the questions and exit")
    parser.add_argument(
        "--topic", metavar="SLUG", help=f"open this question ({', '.join(slugs())})"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter of the topic (repeatable)",
    )
    parser.add_argument("--seed", type=int, help="random seed (default: the remembered one, or 0)")
    parser.add_argument(
        "--fps", type=float, default=10.0, help="redraws per second, 1-30 (default 10)"
    )
    parser.add_argument("--paused", action="store_true", help="open with the demo paused")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads in the compute process (default 1)"
    )
    parser.add_argument(
        "--forget", action="store_true", help="neither read nor save the remembered state"
    )
    parser.add_argument(
        "--serve", action="store_true", help="serve the app to a web browser (needs qa-tui[web])"
    )
    parser.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["run"]:
        from tui.headless_cli import run_command

        return run_command(argv[1:])
    if argv[:1] == ["export-script"]:
        from tui.script_export import export_command

        return export_command(argv[1:])
    if argv == ["experiments"]:
        from tui.headless_cli import experiments_text

        print(experiments_text())
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list:
        try:
            for topic in topics():
                print(f"{topic.slug:<13} {topic.question}")
            sys.stdout.flush()
        except BrokenPipeError:  # `qa-tui --list | head -1`, or a closed pipe
            silence_stdout()
        return 0
    if args.topic is not None and args.topic not in slugs():
        parser.error(f"unknown topic {args.topic!r} (choose from {', '.join(slugs())})")
    if args.set and args.topic is None:
        parser.error("--set needs --topic SLUG to say whose parameter it is")
    if not 1 <= args.fps <= 30:
        parser.error(f"--fps must be between 1 and 30, not {args.fps:g}")
    if not 1 <= args.threads <= 64:
        parser.error(f"--threads must be between 1 and 64, not {args.threads}")
    if args.seed is not None and not SEED_RANGE[0] <= args.seed <= SEED_RANGE[1]:
        parser.error(f"--seed must be an integer {SEED_TEXT}, not {args.seed}")
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be between 1 and 65535, not {args.port}")
    values: dict[str, Value] = {}
    if args.topic is not None:
        try:
            values = parse_sets(get_topic(args.topic), args.set)
        except UsageError as error:
            parser.error(str(error))
    if args.serve:
        from tui.serve import serve

        if not port_free(args.port):
            parser.error(f"port {args.port} is in use; choose another with --port N")
        return serve(argv, args.port)
    if not has_terminal():
        parser.error(
            "needs a terminal (stdin, and stdout or stderr to draw on); "
            "without one, use: qa-tui run SLUG"
        )
    run_app(args, values)
    return 0


def has_terminal() -> bool:
    """A full-screen app needs keys from a terminal and a terminal to draw on: Textual draws on
    stderr (`sys.__stderr__`), so that is the one checked; textual-serve's web driver brings
    its own."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.__stderr__ is not None and sys.__stderr__.isatty()


def port_free(port: int) -> bool:
    """Can the server bind `port` on localhost (checked first, so a port in use is one line)?"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno not in (errno.EADDRINUSE, errno.EACCES)
    return True


def silence_stdout() -> None:
    """After a broken pipe: send what is left to /dev/null, so exit prints no traceback."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run_app(args: argparse.Namespace, values: dict[str, Value]) -> None:
    from tui import driver
    from tui.compute import Compute
    from tui.memory import hold_collection, settle

    driver.install()  # one byte that is not UTF-8 must not end the app (tui/driver.py)

    hold_collection()  # until the first screen is up (tui.memory)
    # Textual repaints on a 60 Hz clock: a key's echo waited up to 17 ms for the tick after a
    # chart's. At 120 Hz it waits 8 ms at most; nothing changes when nothing is dirty.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    # While the chart thread runs plotext, every turn of the event loop waited for the GIL for up
    # to the switch interval (5 ms): a key took 15-20 ms just to be read. 1 ms bounds that wait.
    sys.setswitchinterval(0.001)
    compute = Compute(threads=args.threads)
    compute.start()  # before the app runs: torch loads while the first screen paints
    try:
        from tui.app import QaApp

        app = QaApp(
            compute,
            slug=args.topic,
            values=values,
            seed=args.seed,
            fps=args.fps,
            paused=args.paused,
            remember=not args.forget,
            when_ready=settle,
        )
        app.run()
    finally:
        compute.stop()
    # The terminal is restored and the state saved: skip the interpreter's slow teardown
    # (module finalisers, joining the idle chart thread), so quitting feels instant.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or 0)


if __name__ == "__main__":
    sys.exit(main())
