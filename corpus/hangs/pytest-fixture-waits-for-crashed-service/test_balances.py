import socket


def query(address, account):
    with socket.create_connection(address, timeout=5) as conn:
        conn.sendall(f"{account}\n".encode())
        return conn.makefile().readline().split()


def test_known_account_balance(ledger):
    assert query(ledger, "acme") == ["acme", "1200"]


def test_unknown_account_is_zero(ledger):
    assert query(ledger, "initech") == ["initech", "0"]
