from __future__ import annotations

from pathlib import Path

import pytest

from repapp.services import catalog_search
from repapp.services.catalog_search import fts_query
from repapp.services.workspace import Workspace
from tests import sample_store


def test_search_matches_prefixes_of_every_word_and_ignores_accents(workspace: Workspace) -> None:
    assert [hit.sku for hit in workspace.catalog.search("cafe mu")] == ["MUG-1"]
    assert [hit.sku for hit in workspace.catalog.search("terra")] == ["VASE-2"]
    assert [hit.sku for hit in workspace.catalog.search("mug-1")] == ["MUG-1"]


def test_search_hides_discontinued_products(workspace: Workspace) -> None:
    assert [hit.sku for hit in workspace.catalog.search("mug")] == ["MUG-1"]
    assert [hit.sku for hit in workspace.catalog.search("")] == ["MUG-1", "VASE-2"]


def test_search_input_is_never_fts_syntax(workspace: Workspace) -> None:
    assert fts_query('"oak" OR (x') == '"oak"* "OR"* "x"*'
    assert workspace.catalog.search('"') == workspace.catalog.search("")
    assert workspace.catalog.search("NEAR(x y)") == []


def test_barcodes_find_exactly_one_product(workspace: Workspace) -> None:
    assert workspace.catalog.by_barcode("4006381333931") == "MUG-1"
    assert workspace.catalog.by_barcode(" 036000291452\n") == "VASE-2"
    assert workspace.catalog.by_barcode("400638133393") is None  # a prefix is not a match
    assert workspace.catalog.by_barcode("abc") is None


def test_an_exact_sku_or_barcode_comes_first(workspace: Workspace) -> None:
    hits = workspace.catalog.search("vase-2")
    assert hits[0].sku == "VASE-2"
    assert [hit.sku for hit in workspace.catalog.search("036000291452")] == ["VASE-2"]


def test_descriptions_are_searched_and_hits_carry_what_the_table_shows(
    workspace: Workspace,
) -> None:
    (hit,) = workspace.catalog.search("dishwasher")
    assert hit.sku == "MUG-1" and hit.description == "Stoneware, dishwasher safe"
    assert (hit.available, hit.stock_as_of) == (120, "2025-03-14T09:30:00+00:00")
    assert hit.order_increment == 6 and hit.category_id == sample_store.MUGS


def test_a_category_filter_includes_its_subcategories(workspace: Workspace) -> None:
    catalog = workspace.catalog
    assert [hit.sku for hit in catalog.search("", category_id=sample_store.DECOR)] == ["VASE-2"]
    assert [hit.sku for hit in catalog.search("", category_id=sample_store.MUGS)] == ["MUG-1"]
    assert catalog.search("mug", category_id=sample_store.VASES) == []
    tree = [(node.name, node.depth) for node in catalog.categories()]
    assert tree == [
        ("Home Decor", 0),
        ("Candles", 1),
        ("Vases", 1),
        ("Kitchen & Dining", 0),
        ("Mugs", 1),
    ]
    assert catalog.category_path(sample_store.VASES) == (
        str(sample_store.VASES),
        str(sample_store.DECOR),
    )


def test_a_query_matching_more_than_can_be_ranked_still_pages_through_every_match_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace.open(tmp_path / "big.db")
    try:
        sample_store.fill(workspace.store, generated=300)
        monkeypatch.setattr(catalog_search, "RANKED", 50)
        catalog = workspace.catalog
        everything = {hit.sku for hit in catalog.search("", limit=1000)} - {"MUG-1", "VASE-2"}
        pages = [catalog.search("no", limit=40, offset=offset) for offset in range(0, 400, 40)]
        seen = [hit.sku for page in pages for hit in page]
        assert len(seen) == len(set(seen)) == len(everything)  # each once, none lost
        assert set(seen) == everything
        monkeypatch.setattr(catalog_search, "RANKED", 10_000)
        assert {hit.sku for hit in catalog.search("no", limit=1000)} == everything
    finally:
        workspace.close()
