"""Moves money between two accounts from two threads; each transfer locks both accounts."""

import threading


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount, both_locked):
    with source.lock:
        both_locked.wait()
        with target.lock:  # hangs here
            source.balance -= amount
            target.balance += amount


def main():
    savings = Account("savings", 100)
    checking = Account("checking", 100)
    both_locked = threading.Barrier(3)
    workers = [
        threading.Thread(
            target=transfer, args=(savings, checking, 10, both_locked), name="to-checking"
        ),
        threading.Thread(
            target=transfer, args=(checking, savings, 20, both_locked), name="to-savings"
        ),
    ]
    for worker in workers:
        worker.start()
    both_locked.wait()
    print("READY " + " ".join(f"{w.name}={w.native_id}" for w in workers), flush=True)
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
