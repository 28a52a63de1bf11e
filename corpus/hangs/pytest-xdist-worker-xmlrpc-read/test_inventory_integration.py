from inventory_client import InventoryClient


def test_reserve_reduces_stock():
    client = InventoryClient()
    before = client.stock("AX-1")
    assert client.reserve("AX-1", 2) is True
    assert client.stock("AX-1") == before - 2
