"""A price cache whose refresher holds the cache lock through a slow upstream call."""

import threading
import time

cache_lock = threading.Lock()
prices = {}
refreshing = threading.Event()


def refresh_prices():
    with cache_lock:
        refreshing.set()
        time.sleep(3600)  # the slow upstream call, made while holding the lock
        prices["EUR"] = 1.0


def read_price(currency):
    with cache_lock:  # hangs here
        return prices.get(currency)


def main():
    refresher = threading.Thread(target=refresh_prices, name="refresher")
    refresher.start()
    refreshing.wait()
    reader = threading.Thread(target=read_price, args=("EUR",), name="price-reader")
    reader.start()
    print(f"READY refresher={refresher.native_id} reader={reader.native_id}", flush=True)
    reader.join()
    refresher.join()


if __name__ == "__main__":
    main()
