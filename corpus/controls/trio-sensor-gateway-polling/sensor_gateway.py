"""Sensor gateway: reads each sensor through its blocking driver in a worker thread (the driver
waits up to 10 s for the next reading) and forwards the readings to an aggregator task."""
import logging
import random
import socket
import threading
import time

import trio

SENSORS = ("boiler", "intake", "exhaust")
READ_TIMEOUT = 10.0
log = logging.getLogger("gateway")


class SensorDriver:
    def __init__(self, name):
        self.name = name
        self._device, self._link = socket.socketpair()
        self._link.settimeout(READ_TIMEOUT)

    def emit_forever(self, period):
        while True:
            time.sleep(period)
            self._device.sendall(f"{random.uniform(20, 90):.1f}\n".encode())

    def read(self):
        return float(self._link.recv(64).decode().split()[-1])


async def poll(driver, send):
    async with send:
        while True:
            value = await trio.to_thread.run_sync(driver.read)
            await send.send((driver.name, value))


async def aggregate(receive):
    count = 0
    async with receive:
        async for name, value in receive:
            count += 1
            if count % 6 == 0:
                log.info("received %d readings, last %s=%.1f", count, name, value)


async def main():
    drivers = [SensorDriver(name) for name in SENSORS]
    for period, driver in zip((2.0, 2.5, 3.0), drivers):
        threading.Thread(target=driver.emit_forever, args=(period,), daemon=True).start()
    send, receive = trio.open_memory_channel(16)
    log.info("gateway polling %d sensors", len(drivers))
    async with trio.open_nursery() as nursery:
        nursery.start_soon(aggregate, receive)
        async with send:
            for driver in drivers:
                nursery.start_soon(poll, driver, send.clone(), name=f"poll {driver.name}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    trio.run(main)
