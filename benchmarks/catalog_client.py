"""The rep's side of the catalog benchmark, run in a process of its own so its memory is its own.

`python -m benchmarks.catalog_client URL DATABASE QUERIES` opens a fresh workspace, signs in and
syncs (one JSON line "initial"), waits for a line on stdin (the parent changes the server's
catalog meanwhile), syncs again ("incremental"), then times searches through the catalog table
model against plain FTS5 queries on the same file and reads its own RSS ("search"). Every line it
prints is one JSON object; the parent reads them.
"""

from __future__ import annotations

import json
import math
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.catalog_data import BENCH_PASSWORD, BENCH_USER

RAW_FTS = "SELECT rowid FROM product_search WHERE product_search MATCH ? ORDER BY rank LIMIT 200"
TABLES = ("categories", "products", "stock_levels", "price_lists", "prices", "promotions")
TABLES += ("customers", "contracts")


def say(event: str, **values: Any) -> None:
    print(json.dumps({"event": event, **values}), flush=True)


def proc_status_mb(field: str, pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Meter:
    """Counts pages and response bytes of the pull by wrapping the workspace's HTTP client."""

    def __init__(self) -> None:
        self.pages = 0
        self.bytes = 0

    def attach(self, workspace: Any) -> None:
        http = workspace.client._http
        send = http.request

        def counted(*args: Any, **kwargs: Any) -> Any:
            response = send(*args, **kwargs)
            if str(response.url).endswith("/sync/pull"):
                self.pages += 1
                self.bytes += len(response.content)
            return response

        http.request = counted

    def take(self) -> dict[str, int]:
        taken = {"pages": self.pages, "bytes": self.bytes}
        self.pages = self.bytes = 0
        return taken


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered) - 1e-9)
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def sync_phase(url: str, database: Path) -> Any:
    from repapp.services.workspace import Workspace

    started = time.perf_counter()
    workspace = Workspace.open(database)
    opened = time.perf_counter()
    meter = Meter()
    workspace.sign_in(url, BENCH_USER, BENCH_PASSWORD)
    meter.attach(workspace)
    signed_in = time.perf_counter()
    summary = workspace.sync()
    done = time.perf_counter()
    say(
        "initial",
        seconds=done - started,
        open_s=opened - started,
        sign_in_s=signed_in - opened,
        pull_s=done - signed_in,
        changes=summary.pulled,
        peak_rss_mb=proc_status_mb("VmHWM"),
        **meter.take(),
    )
    sys.stdin.readline()  # the parent has changed the server's catalog
    started = time.perf_counter()
    summary = workspace.sync()
    say(
        "incremental", seconds=time.perf_counter() - started, changes=summary.pulled, **meter.take()
    )
    with workspace.store.reading() as session:
        from sqlalchemy import text

        counts = {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
    say("counts", **counts, client_db_bytes=database.stat().st_size)
    return workspace


def search_phase(
    workspace: Any, database: Path, queries: list[tuple[str, str]], rounds: int
) -> None:
    from repapp.services.catalog_search import fts_query
    from repapp.ui.app import create_application
    from repapp.ui.catalog_model import CatalogModel

    app = create_application([sys.argv[0]])
    model = CatalogModel(workspace.catalog.search)
    shown: list[float] = []
    model.results_shown.connect(lambda _words: shown.append(time.perf_counter()))
    raw = sqlite3.connect(database)

    def through_model(words: str) -> tuple[float, int]:
        started = time.perf_counter()
        model.set_query(words)
        assert shown, "the first page never arrived"
        return (shown.pop() - started) * 1000, model.rowCount()

    def plain(words: str) -> tuple[float, int]:
        started = time.perf_counter()
        found = raw.execute(RAW_FTS, (fts_query(words),)).fetchall()
        return (time.perf_counter() - started) * 1000, len(found)

    for _, words in queries[:: max(1, len(queries) // 20)]:  # warm both connections' caches
        through_model(words)
        plain(words)
    model_ms: list[list[float]] = [[] for _ in queries]
    raw_ms: list[list[float]] = [[] for _ in queries]
    rows: list[int] = [0] * len(queries)
    for round_ in range(rounds):
        for n, (_, words) in enumerate(queries):
            # Alternate which goes first, so neither always meets a cold CPU cache or a busy core.
            if (n + round_) % 2:
                model_ms[n].append(through_model(words)[0])
                raw_ms[n].append(plain(words)[0])
            else:
                raw_ms[n].append(plain(words)[0])
                elapsed, rows[n] = through_model(words)
                model_ms[n].append(elapsed)
    per_model = [statistics.median(samples) for samples in model_ms]
    per_raw = [statistics.median(samples) for samples in raw_ms]
    by_kind: dict[str, list[int]] = {}
    for n, (kind, _) in enumerate(queries):
        by_kind.setdefault(kind, []).append(n)
    slowest = sorted(range(len(queries)), key=lambda n: -per_model[n])[:5]
    raw.close()
    say(
        "search",
        queries=len(queries),
        rounds=rounds,
        search_p50_ms=percentile(per_model, 0.50),
        search_p95_ms=percentile(per_model, 0.95),
        search_max_ms=max(per_model),
        raw_fts_p50_ms=percentile(per_raw, 0.50),
        raw_fts_p95_ms=percentile(per_raw, 0.95),
        empty_results=sum(1 for r in rows if r == 0),
        by_kind={
            kind: {
                "n": len(ns),
                "model_p95_ms": percentile([per_model[n] for n in ns], 0.95),
                "raw_p95_ms": percentile([per_raw[n] for n in ns], 0.95),
            }
            for kind, ns in by_kind.items()
        },
        slowest=[
            {"query": queries[n][1], "model_ms": per_model[n], "raw_ms": per_raw[n]}
            for n in slowest
        ],
        client_rss_mb=proc_status_mb("VmRSS"),
        client_peak_rss_mb=proc_status_mb("VmHWM"),
    )
    app.processEvents()


def main(argv: list[str]) -> int:
    url, database, queries_file = argv[0], Path(argv[1]), Path(argv[2])
    rounds = int(argv[3]) if len(argv) > 3 else 3
    queries = [(kind, text) for kind, text in json.loads(queries_file.read_text())]
    workspace = sync_phase(url, database)
    search_phase(workspace, database, queries, rounds)
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
