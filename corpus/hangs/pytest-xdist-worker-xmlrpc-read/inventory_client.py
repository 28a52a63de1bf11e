"""Client for the legacy inventory service's XML-RPC API."""

import os
import xmlrpc.client


class InventoryClient:
    def __init__(self, url=None):
        self.url = url or os.environ.get("INVENTORY_RPC_URL", "http://inventory.internal/RPC2")
        self.proxy = xmlrpc.client.ServerProxy(self.url)

    def stock(self, sku):
        return self.proxy.inventory.stock(sku)

    def reserve(self, sku, quantity):
        return self.proxy.inventory.reserve(sku, quantity)
