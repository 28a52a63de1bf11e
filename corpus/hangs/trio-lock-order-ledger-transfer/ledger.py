"""Ledger service: settles transfers between accounts. A transfer locks the payer's account to
debit it, then the payee's to credit it; a reporter task logs progress every half second."""
import logging

import trio

log = logging.getLogger("ledger")


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance
        self.lock = trio.Lock()


class Ledger:
    def __init__(self):
        self.in_flight = 0
        self.completed = 0

    async def transfer(self, payer, payee, amount):
        self.in_flight += 1
        async with payer.lock:
            payer.balance -= amount
            await trio.sleep(0.05)  # write the debit to the journal
            async with payee.lock:
                payee.balance += amount
        self.in_flight -= 1
        self.completed += 1

    async def report(self):
        while True:
            await trio.sleep(0.5)
            log.info("%d transfers in flight, %d completed", self.in_flight, self.completed)


async def main():
    ledger = Ledger()
    checking, savings = Account("DE-1001", 500), Account("DE-2002", 900)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(ledger.report, name="ledger report")
        nursery.start_soon(ledger.transfer, checking, savings, 120, name="transfer 1001->2002")
        nursery.start_soon(ledger.transfer, savings, checking, 75, name="transfer 2002->1001")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    trio.run(main)
