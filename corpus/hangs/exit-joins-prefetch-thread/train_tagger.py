"""Trains the part-of-speech tagger on a tokenized corpus. Batches are read and tensorized on a
background thread that stays a few batches ahead of the training loop.

Usage: train_tagger.py CORPUS_FILE EPOCHS
"""

import logging
import queue
import sys
import threading

log = logging.getLogger("train")
_DONE = object()


class ThreadedIterator:
    """Iterates over `source` on a background thread, at most `max_queue_size` items ahead."""

    def __init__(self, source, max_queue_size=8):
        self._queue = queue.Queue(maxsize=max_queue_size)
        self._thread = threading.Thread(target=self._produce, args=(source,), name="batch-prefetch")
        self._thread.start()

    def _produce(self, source):
        for item in source:
            self._queue.put(item)
        self._queue.put(_DONE)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            yield item


def read_batches(path, batch_size=32):
    batch = []
    with open(path) as f:
        for line in f:
            tokens = [token.rsplit("/", 1) for token in line.split()]
            batch.append(tokens)
            if len(batch) == batch_size:
                yield batch
                batch = []
    if batch:
        yield batch


class Tagger:
    def __init__(self):
        self.weights = {}

    def update(self, batch):
        for sentence in batch:
            for word, tag in sentence:
                key = (word.lower(), tag)
                self.weights[key] = self.weights.get(key, 0) + 1


def train(path, epochs):
    tagger = Tagger()
    for epoch in range(epochs):
        for n, batch in enumerate(ThreadedIterator(read_batches(path))):
            tagger.update(batch)
            if n % 50 == 0:
                log.info("epoch %d: %d batches", epoch, n)
    return tagger


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    tagger = train(argv[0], int(argv[1]))
    log.info("trained %d weights", len(tagger.weights))


if __name__ == "__main__":
    main(sys.argv[1:])
