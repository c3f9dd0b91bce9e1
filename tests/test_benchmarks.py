"""The benchmarks run and report what they promise (never how fast: timings are not asserted)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from benchmarks.catalog_data import Spec, change_catalog, generate, search_terms
from repapp.core.barcodes import is_valid_gtin

ROOT = Path(__file__).resolve().parents[1]
CATALOG_KEYS = {
    "initial_sync_s",
    "incremental_sync_s",
    "search_p50_ms",
    "search_p95_ms",
    "raw_fts_p95_ms",
    "client_rss_mb",
}


def test_the_catalog_data_is_seeded_valid_and_versioned(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.db"
        counts = generate(url, Spec.sized(products=300, customers=40))
        with sqlite3.connect(tmp_path / f"{name}.db") as db:
            dumps.append(db.execute("SELECT sku, name, list_price FROM products").fetchall())
    assert dumps[0] == dumps[1]  # the same seed gives the same catalog
    assert counts["products"] == 300 and counts["customers"] == 40
    assert counts["bench_rep_accounts"] >= 2 and counts["price_lists"] == 3
    with sqlite3.connect(tmp_path / "a.db") as db:
        codes = [code for (code,) in db.execute("SELECT code FROM barcodes")]
        assert 300 <= len(codes) <= 600 and all(is_valid_gtin(code) for code in codes)
        per_product = db.execute(
            "SELECT min(n), max(n) FROM (SELECT count(*) n FROM price_entries "
            "GROUP BY price_list_id, product_id)"
        ).fetchone()
        assert per_product == (1, 3)  # the list price and up to two volume breaks
        versions = [
            v
            for table in ("products", "stock", "price_entries", "customers", "categories")
            for (v,) in db.execute(f"SELECT version FROM {table}")
        ]
        assert len(versions) == len(set(versions))  # each row its own version
        (counter,) = db.execute("SELECT value FROM counters WHERE name = 'sync_version'").fetchone()
        assert max(versions) <= counter

    url = f"sqlite:///{tmp_path / 'a.db'}"
    changed = change_catalog(url, fraction=0.05)
    assert changed == {"changed_products": 15, "changed_prices": counts["price_entries"] // 20}
    with sqlite3.connect(tmp_path / "a.db") as db:
        (newer,) = db.execute(
            "SELECT count(*) FROM products WHERE version > ?", (max(versions),)
        ).fetchone()
        assert newer == 15
    queries = search_terms(url)
    assert len(queries) >= 200 and {kind for kind, _ in queries} >= {
        "prefix1",
        "prefix2",
        "prefix3",
        "brand",
        "sku",
        "barcode",
    }


def test_the_catalog_benchmark_ends_with_its_json_figures() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "catalog", "--quick", "--products", "800"]
        + ["--customers", "60", "--rounds", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert result.keys() >= CATALOG_KEYS
    assert all(result[key] > 0 for key in CATALOG_KEYS)
    assert result["products"] == 800 and result["client_rows"]["products"] == 800
    assert result["initial_sync_changes"] >= result["generated"]["price_entries"] + 800
    assert result["incremental_sync_changes"] >= 8 + result["changed"]["changed_prices"]
    assert result["search_queries"] >= 200
    assert 0 < result["client_rss_mb"] < 4000
    assert any("initial_sync_s" in line and "<= 60 s" in line for line in lines)


ORDER_DESK_KEYS = {
    "scan_add_p50_ms",
    "scan_add_p95_ms",
    "edit_recalc_p50_ms",
    "edit_recalc_p95_ms",
    "desk_add_p95_ms",
    "desk_edit_p95_ms",
    "raw_scan_p95_ms",
    "raw_edit_p95_ms",
    "scan_vs_raw_p95",
    "edit_vs_raw_p95",
}


def test_the_order_desk_benchmark_ends_with_its_json_figures() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "order_desk", "--quick", "--products", "800"]
        + ["--order-lines", "60", "--scans", "20", "--repeats", "5", "--edits", "20"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert result.keys() >= ORDER_DESK_KEYS
    assert all(result[key] > 0 for key in ORDER_DESK_KEYS)
    assert result["products"] == 800 and result["target_ms"] == 50
    assert result["order_lines"] == 60 and result["edits"] == 20
    assert result["scans"] == 20 and result["repeat_scans"] == 5
    assert result["scanned_order_lines"] == 20  # each scan landed once, repeats on their lines
    assert result["changes"] > 800 * 3  # products, stock and prices went in as a sync would
    assert any(line.startswith("edit_recalc") and "p95 <= 50 ms" in line for line in lines)


PUSH_KEYS = {
    "orders_per_s_1",
    "orders_per_s_8",
    "orders_per_s_32",
    "raw_insert_orders_per_s",
    "oversold_units",
    "duplicate_orders",
    "verdicts",
}


def test_the_push_benchmark_never_oversells_nor_duplicates() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "push", "--quick", "--database", "sqlite"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    figures = result["sqlite"]
    assert figures.keys() >= PUSH_KEYS and result["target_orders_per_s_8_postgres"] == 100
    assert figures["oversold_units"] == 0 and figures["duplicate_orders"] == 0
    pushed = figures["orders_1"] + figures["orders_8"] + figures["orders_32"]
    assert pushed == 2 * (1 + 8 + 32)
    assert sum(figures["verdicts"].values()) == pushed  # one stored verdict per order
    assert figures["verdicts"] == figures["answered"]  # and the devices were told the same
    assert figures["verdicts"]["accepted"] > pushed // 2  # mostly accepted
    assert figures["verdicts"]["needs_approval"] >= 1  # at least the account on credit hold
    assert figures["verdicts"].get("rejected", 0) == figures["orders_with_discontinued_sku"]
    assert figures["backordered_units"] > 0  # the scarce SKUs ran out
    assert figures["order_lines"] == 20 * pushed  # every order kept with its 20 lines, none raw
    assert any(line.startswith("sqlite") for line in lines)
