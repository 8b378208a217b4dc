"""Runs a Pulumi program function through the Automation API's inline mode: a stack of a local
workspace, its configuration, one operation. Prints one JSON object: the operation, its change
summary and the stack's outputs. A failed operation prints the engine's message on stderr and
exits 1.

    python driver.py --program-file FILE --project NAME [options] preview|up|refresh|destroy
        runs the function `program` of FILE (a program written for the Python language host,
        such as examples/python/__main__.py)
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
from collections.abc import Callable
from typing import Any

from pulumi import automation as auto


def key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if sep == "" or key == "":
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE")
    return key, value


def run(program: Callable[[], None], project: str, args: argparse.Namespace) -> dict[str, Any]:
    stack = auto.create_or_select_stack(stack_name=args.stack, project_name=project, program=program)
    for key, value in args.config:
        stack.set_config(key, auto.ConfigValue(value=value))
    for key, value in args.secret:
        stack.set_config(key, auto.ConfigValue(value=value, secret=True))

    result: dict[str, Any] = {"operation": args.operation}
    if args.operation == "preview":
        preview = stack.preview(policy_packs=args.policy_pack, policy_pack_configs=args.policy_pack_config)
        result["changeSummary"] = {str(k): v for k, v in preview.change_summary.items()}
        result["stdout"] = preview.stdout
    elif args.operation == "up":
        up = stack.up()
        result["changeSummary"] = up.summary.resource_changes
    elif args.operation == "refresh":
        refreshed = stack.refresh()
        result["changeSummary"] = refreshed.summary.resource_changes
    else:
        destroyed = stack.destroy()
        result["changeSummary"] = destroyed.summary.resource_changes
    result["outputs"] = {k: v.value for k, v in stack.outputs().items()}
    return result


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=key_value, action="append", default=[], help="KEY=VALUE stack configuration")
    parser.add_argument("--secret", type=key_value, action="append", default=[], help="KEY=VALUE secret configuration")
    parser.add_argument("--policy-pack", action="append", default=[], help="policy pack directory for preview")
    parser.add_argument("--policy-pack-config", action="append", default=[], help="policy pack configuration file")
    parser.add_argument("--stack", default="dev", help="stack name")
    parser.add_argument("operation", choices=["preview", "up", "refresh", "destroy"])
    return parser


def main(program: Callable[[], None], project: str, argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result = run(program, project, args)
    except auto.CommandError as err:
        print(str(err), file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    outer = argparse.ArgumentParser(add_help=False)
    outer.add_argument("--program-file", required=True)
    outer.add_argument("--project", required=True)
    known, rest = outer.parse_known_args()
    loaded = runpy.run_path(known.program_file, run_name="program")
    sys.exit(main(loaded["program"], known.project, rest))
