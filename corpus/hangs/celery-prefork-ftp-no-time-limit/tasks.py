"""Celery tasks of the accounts-payable worker: pull the supplier's daily invoice batch from their
FTP drop and record it. Broker and result store are the local filesystem transport, which is what
the on-premise install uses.
"""

import io
import logging
import os
from ftplib import FTP

from celery import Celery

log = logging.getLogger("ap.tasks")
QUEUE_DIR = os.path.abspath(os.environ.get("AP_QUEUE_DIR", "queue"))
for sub in ("in", "processed"):
    os.makedirs(os.path.join(QUEUE_DIR, sub), exist_ok=True)

app = Celery("ap")
app.conf.update(
    broker_url="filesystem://",
    broker_transport_options={
        "data_folder_in": os.path.join(QUEUE_DIR, "in"),
        "data_folder_out": os.path.join(QUEUE_DIR, "in"),
        "processed_folder": os.path.join(QUEUE_DIR, "processed"),
        "store_processed": True,
    },
    task_acks_late=True,
    worker_prefetch_multiplier=1,
)


def download_batch(host, port, remote_path):
    buffer = io.BytesIO()
    ftp = FTP()
    ftp.connect(host, port)
    ftp.login("ap-sync", os.environ.get("SUPPLIER_FTP_PASSWORD", ""))
    ftp.retrbinary(f"RETR {remote_path}", buffer.write)
    ftp.quit()
    return buffer.getvalue().decode()


@app.task(name="ap.fetch_invoice_batch")
def fetch_invoice_batch(supplier, host, port, day):
    log.info("fetching %s invoices for %s", supplier, day)
    batch = download_batch(host, int(port), f"/outgoing/{day}.csv")
    rows = [line.split(",") for line in batch.splitlines()[1:]]
    log.info("recorded %d invoices from %s", len(rows), supplier)
    return len(rows)
