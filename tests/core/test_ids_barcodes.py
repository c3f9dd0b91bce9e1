import uuid

from repapp.core.barcodes import gtin_check_digit, is_valid_gtin, make_gtin13
from repapp.core.ids import new_order_uuid, provisional_reference


def test_gtin_check_digits() -> None:
    assert gtin_check_digit("400638133393") == 1  # EAN-13 4006381333931
    assert is_valid_gtin("4006381333931")
    assert is_valid_gtin("036000291452")  # UPC-A
    assert not is_valid_gtin("4006381333932")
    assert not is_valid_gtin("40063813339a")
    assert make_gtin13("614141000000") == "6141410000007"


def test_ids() -> None:
    assert uuid.UUID(new_order_uuid()).version == 4
    assert provisional_reference("D007", 42) == "D007-00042"
