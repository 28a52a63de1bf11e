"""Ledger service used by the integration tests: reads its settings file, opens its journal and
serves balance queries on a TCP port. Prints "ledger ready on PORT" once it accepts connections."""

import json
import socketserver
import sys


class BalanceHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            account = line.decode().strip()
            self.wfile.write(f"{account} {self.server.balances.get(account, 0)}\n".encode())


def main(settings_path):
    with open(settings_path) as f:
        settings = json.load(f)
    journal = settings["journal"]["path"]
    with open(journal) as f:
        balances = {a: int(b) for a, b in (line.split() for line in f if line.strip())}
    server = socketserver.ThreadingTCPServer(("127.0.0.1", settings["port"]), BalanceHandler)
    server.balances = balances
    print(f"ledger ready on {settings['port']}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
