"""Command line: `qa-tui [--topic SLUG] [--list] ...`. Bad input exits 2 with one line."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from demos import SLUGS, TOPICS
from tui import __version__


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line on stderr and exit status 2 (argparse would also print the usage)."""
        self.exit(2, f"qa-tui: error: {message} (see qa-tui --help)\n")


def build_parser() -> Parser:
    parser = Parser(
        prog="qa-tui",
        description="Live PyTorch demos for a deep-learning course Q&A, in your terminal.",
    )
    parser.add_argument("--version", action="version", version=f"qa-tui {__version__}")
    parser.add_argument("--list", action="store_true", help="list the questions and exit")
    parser.add_argument("--topic", metavar="SLUG", help=f"open this question ({', '.join(SLUGS)})")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--fps", type=float, default=10.0, help="redraws per second, 1-30 (default 10)"
    )
    parser.add_argument("--paused", action="store_true", help="open with the demo paused")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads in the compute process (default 1)"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list:
        for topic in TOPICS:
            print(f"{topic.slug:<13} {topic.question}")
        return
    if args.topic is not None and args.topic not in SLUGS:
        parser.error(f"unknown topic {args.topic!r} (choose from {', '.join(SLUGS)})")
    if not 1 <= args.fps <= 30:
        parser.error(f"--fps must be between 1 and 30, not {args.fps:g}")
    if not 1 <= args.threads <= 64:
        parser.error(f"--threads must be between 1 and 64, not {args.threads}")
    run_app(args.topic or SLUGS[0], args.seed, args.fps, args.threads, args.paused)


def run_app(slug: str, seed: int, fps: float, threads: int, paused: bool) -> None:
    from tui.compute import Compute

    compute = Compute(threads=threads)
    compute.start()  # before the app runs: torch loads while the first screen paints
    try:
        from tui.app import QaApp

        QaApp(compute, slug=slug, seed=seed, fps=fps, paused=paused).run()
    finally:
        compute.stop()


if __name__ == "__main__":
    sys.exit(main())
