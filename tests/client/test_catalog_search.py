from __future__ import annotations

from repapp.services.catalog_search import fts_query
from repapp.services.workspace import Workspace


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
