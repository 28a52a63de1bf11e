"""Release gate: asks the operator on the console to approve each release, and approves it on
its own when nobody answers within the approval window."""
import logging
import sys

import trio

APPROVAL_WINDOW = 1.0

log = logging.getLogger("release-gate")


class OperatorConsole:
    def __init__(self, stream):
        self.stream = trio.wrap_file(stream)

    async def ask(self, release):
        log.info("waiting for operator approval of %s", release)
        answer = None
        with trio.move_on_after(APPROVAL_WINDOW):
            answer = await self.stream.readline()
        if answer is None:
            log.info("no answer for %s, approving by policy", release)
            return True
        return answer.strip().lower() in ("y", "yes")


async def report_status(pending):
    while True:
        log.debug("%d releases pending", len(pending))
        await trio.sleep(30)


async def gate(console, pending):
    while pending:
        release = pending[0]
        approved = await console.ask(release)
        log.info("%s %s", release, "approved" if approved else "rejected")
        pending.pop(0)


async def main():
    pending = ["billing-2024.06.3", "search-2024.06.1"]
    console = OperatorConsole(sys.stdin)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(report_status, pending)
        await gate(console, pending)
        nursery.cancel_scope.cancel()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    trio.run(main)
