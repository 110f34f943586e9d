"""Command line: count a Pabulib file and print the outcome as JSON.

    python -m app.tally FILE.pb --rule greedy|mes --utility cost|cardinality \\
        --completion none|greedy|add1|add1-greedy [--threshold-votes N | --threshold-percent P]

prints ``{"selected": [ids sorted as strings], "cost": <number>, "budget": <number>}``, numbers
exactly as decimals (integers where they are whole). Bad arguments or an unreadable or broken
file: a message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from app.tally.counting import COMPLETIONS, RULES, count
from app.tally.decimals import format_decimal, parse_decimal
from app.tally.errors import TallyError
from app.tally.greedy import UTILITIES
from app.tally.model import Outcome
from app.tally.pb_read import read_pb

PROG = "python -m app.tally"


def _votes(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 0")
    return int(text)


def _percent(text: str) -> Fraction:
    value = parse_decimal(text)
    if value is None or value > 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage between 0 and 100")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Count a participatory-budgeting election stored as a Pabulib .pb file.",
    )
    p.add_argument("file", help="the .pb file")
    p.add_argument("--rule", required=True, choices=RULES)
    p.add_argument("--utility", default="cost", choices=UTILITIES,
                   help="a supporter's utility of a project (default: cost)")
    p.add_argument("--completion", default="none", choices=COMPLETIONS,
                   help="what MES does with money left over (default: none)")
    t = p.add_mutually_exclusive_group()
    t.add_argument("--threshold-votes", type=_votes, metavar="N",
                   help="greedy: only projects with at least N supporters")
    t.add_argument("--threshold-percent", type=_percent, metavar="P",
                   help="greedy: only projects with at least P%% of the top project's supporters")
    return p


def to_json(outcome: Outcome) -> str:
    """The contract's JSON text, with exact decimal numbers."""
    return (f'{{"selected": {json.dumps(outcome.selected, ensure_ascii=False)}, '
            f'"cost": {format_decimal(outcome.cost)}, '
            f'"budget": {format_decimal(outcome.budget)}}}')


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with code 2 and a message on bad arguments
    if args.rule == "mes" and (args.threshold_votes is not None
                               or args.threshold_percent is not None):
        parser.error("--threshold-votes and --threshold-percent apply only to --rule greedy")
    if args.rule == "greedy" and args.completion not in ("none", "greedy"):
        parser.error(f"--completion {args.completion} applies only to --rule mes")
    try:
        election = read_pb(args.file)
        outcome = count(election, args.rule, args.utility, args.completion,
                        threshold_votes=args.threshold_votes,
                        threshold_percent=args.threshold_percent)
    except TallyError as exc:
        print(f"{PROG}: error: {args.file}: {exc}", file=sys.stderr)
        return 2
    print(to_json(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
