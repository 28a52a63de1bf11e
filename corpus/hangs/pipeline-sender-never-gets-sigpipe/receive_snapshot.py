"""Receives a snapshot tar stream on stdin and unpacks it into the destination, unless the
destination already holds that snapshot."""

import os
import sys
import tarfile


def main(argv):
    destination = argv[0]
    marker = os.path.join(destination, ".snapshot")
    if os.path.exists(marker):
        print(f"cannot receive: destination {destination} already exists", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=sys.stdin.buffer, mode="r|") as stream:
        stream.extractall(destination, filter="data")
    with open(marker, "w") as f:
        f.write("received\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
