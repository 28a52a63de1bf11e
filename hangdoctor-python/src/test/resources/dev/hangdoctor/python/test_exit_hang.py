"""Passing tests that leave a ThreadPoolExecutor worker in user code: exit joins it forever."""
import threading
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(thread_name_prefix="left-behind")
never_set = threading.Event()


def wait_for_a_signal_that_never_comes():
    never_set.wait()


def test_submits_work_that_never_ends():
    pool.submit(wait_for_a_signal_that_never_comes)


def test_passes():
    assert True
