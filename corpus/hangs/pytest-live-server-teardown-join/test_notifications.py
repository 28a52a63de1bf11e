import threading

import requests


def test_recent_lists_events(live_server):
    response = requests.get(f"{live_server}/recent", timeout=5)
    assert response.status_code == 200
    assert [e["kind"] for e in response.json()] == ["invoice.paid", "user.invited"]


def test_event_stream_sends_heartbeats(live_server):
    received = []
    first = threading.Event()

    def follow():
        with requests.get(f"{live_server}/events", stream=True, timeout=30) as response:
            for line in response.iter_lines():
                if line.startswith(b"data:"):
                    received.append(line)
                    first.set()

    threading.Thread(target=follow, name="sse-follower", daemon=True).start()
    assert first.wait(10)
    assert received[0] == b'data: {"seq": 1}'
