"""Run one benchmark by name: `python -m benchmarks NAME [--quick] [its own options]`.

A benchmark is a module in this package with `run(quick: bool, **options) -> dict`; it may add
options of its own with `add_arguments(parser)`. The dict is printed as one JSON line, the last
line of the output, so scripts and CI can read it with `tail -n 1`. Modules without `run` (data
generators, child-process helpers) are not benchmarks.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _has_run(module: str) -> bool:
    tree = ast.parse((HERE / f"{module}.py").read_text())
    return any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body)


def available() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(HERE)])
        if not m.name.startswith("_") and not m.ispkg and _has_run(m.name)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("name", choices=available(), help="which benchmark to run")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for CI")
    known, _ = parser.parse_known_args(argv)
    benchmark = importlib.import_module(f"benchmarks.{known.name}")
    if hasattr(benchmark, "add_arguments"):
        benchmark.add_arguments(parser)
    args = vars(parser.parse_args(argv))
    args.pop("name")
    quick = args.pop("quick")
    options = {key: value for key, value in args.items() if value is not None}
    result = benchmark.run(quick=quick, **options)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
