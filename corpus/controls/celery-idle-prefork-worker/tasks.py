"""Celery tasks of the newsletter worker: render and queue one newsletter per subscriber segment.
Broker is the local filesystem transport of the on-premise install; outside the weekly send the
worker has nothing to do.
"""

import logging
import os

from celery import Celery

log = logging.getLogger("newsletter.tasks")
QUEUE_DIR = os.path.abspath(os.environ.get("NEWSLETTER_QUEUE_DIR", "queue"))
for sub in ("in", "processed"):
    os.makedirs(os.path.join(QUEUE_DIR, sub), exist_ok=True)

app = Celery("newsletter")
app.conf.update(
    broker_url="filesystem://",
    broker_transport_options={
        "data_folder_in": os.path.join(QUEUE_DIR, "in"),
        "data_folder_out": os.path.join(QUEUE_DIR, "in"),
        "processed_folder": os.path.join(QUEUE_DIR, "processed"),
        "store_processed": True,
    },
)


@app.task(name="newsletter.render_segment")
def render_segment(segment, issue):
    log.info("rendering issue %s for segment %s", issue, segment)
    return f"{issue}:{segment}:queued"
