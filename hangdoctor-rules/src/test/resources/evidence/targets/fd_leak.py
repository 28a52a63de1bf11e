"""Opens a pipe every 30 ms and never closes it: a descriptor leak."""
import os
import time

leaked = []


def open_channel():
    leaked.append(os.pipe())


def main():
    open_channel()
    print("READY", flush=True)
    while True:
        open_channel()
        time.sleep(0.03)


if __name__ == "__main__":
    main()
