"""A test stuck in C that ignores signals: a pthread mutex locked twice by one thread."""
import ctypes


def test_passes_first():
    assert True


def test_mutex_locked_twice():
    libc = ctypes.CDLL(None)
    mutex = ctypes.create_string_buffer(64)  # PTHREAD_MUTEX_INITIALIZER is all zeros
    libc.pthread_mutex_lock(mutex)
    libc.pthread_mutex_lock(mutex)


def test_never_reached():
    assert True
