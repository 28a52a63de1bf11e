"""Works through a long batch in small steps, pausing briefly between them."""

import hashlib
import time


def process_batch():
    digest = b""
    step = 0
    while True:
        for _ in range(200):
            digest = hashlib.sha256(digest + step.to_bytes(8, "little")).digest()
        step += 1
        time.sleep(0.02)


if __name__ == "__main__":
    process_batch()
