"""Run one benchmark by name: `python -m benchmarks startup [--quick]`.

A benchmark is a module in this package with `run(quick: bool) -> dict`; the dict is printed as one
JSON line, the last line of the output, so scripts and CI can read it with `tail -n 1`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("name", choices=available(), help="which benchmark to run")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for CI")
    args = parser.parse_args(argv)
    benchmark = importlib.import_module(f"benchmarks.{args.name}")
    result = benchmark.run(quick=args.quick)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
