"""A suite with three hangs Python can interrupt, between passing tests (hangdoctor pytest plugin)."""
import socket
import threading

import pytest


def test_passes_first():
    assert True


def test_recv_without_timeout():
    server = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    client = socket.create_connection(server.getsockname())
    client.recv(10)


def test_passes_between():
    assert 1 + 1 == 2


def test_lock_order_deadlock():
    first, second = threading.Lock(), threading.Lock()
    both_hold_one = threading.Barrier(2)

    def other_order():
        with second:
            both_hold_one.wait()
            with first:
                pass

    threading.Thread(target=other_order, daemon=True).start()
    with first:
        both_hold_one.wait()
        with second:
            pass


@pytest.fixture
def cleanup_that_waits_forever():
    yield
    threading.Event().wait()


def test_fixture_stuck_in_teardown(cleanup_that_waits_forever):
    pass


@pytest.mark.hang_timeout(0)
def test_marker_turns_it_off():
    pass


def test_passes_last():
    assert True
