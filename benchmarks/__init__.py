"""Repeatable performance runs: `python -m benchmarks NAME [--quick]`; each prints one JSON line last."""
