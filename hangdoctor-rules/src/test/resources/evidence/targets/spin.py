"""A pure-Python busy loop in a worker thread, stuck on the same line."""
import threading


def wait_for_flag(state):
    while not state["done"]:
        pass


def main():
    state = {"done": False}
    t = threading.Thread(target=wait_for_flag, args=(state,), name="spinner")
    t.start()
    print("READY", flush=True)
    t.join()


if __name__ == "__main__":
    main()
