import pytest

from pricing import basket_total, unit_price


@pytest.mark.parametrize("quantity,expected", [(1, 1000), (10, 950), (100, 850), (250, 850)])
def test_unit_price_tiers(quantity, expected):
    assert unit_price(1000, quantity) == expected


def test_basket_total():
    assert basket_total([(1000, 1), (200, 10)]) == 1000 + 190 * 10
