"""Audits the password hashes exported from the identity provider against a list of known-leaked
passwords: every candidate is hashed with each account's salt and iteration count (PBKDF2) and
compared. It is slow by design; progress is logged every thousand candidates.

Usage: password_audit.py ACCOUNTS_FILE CANDIDATES_FILE
"""

import hashlib
import hmac
import json
import logging
import sys
import time

log = logging.getLogger("audit")


def load_accounts(path):
    with open(path) as f:
        return [dict(a, salt=bytes.fromhex(a["salt"]), hash=bytes.fromhex(a["hash"])) for a in json.load(f)]


def candidates(path):
    with open(path) as f:
        for line in f:
            word = line.strip()
            if word:
                yield word


def audit(accounts, words):
    weak = []
    started = time.monotonic()
    for n, word in enumerate(words, start=1):
        for account in accounts:
            digest = hashlib.pbkdf2_hmac("sha256", word.encode(), account["salt"], account["iterations"])
            if hmac.compare_digest(digest, account["hash"]):
                weak.append(account["user"])
                log.warning("account %s uses a leaked password", account["user"])
        if n % 1000 == 0:
            log.info("%d candidates checked (%.0f/s)", n, n / (time.monotonic() - started))
    return weak


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    accounts = load_accounts(argv[0])
    log.info("auditing %d accounts", len(accounts))
    weak = audit(accounts, candidates(argv[1]))
    log.info("audit finished: %d weak accounts", len(weak))


if __name__ == "__main__":
    main(sys.argv[1:])
