"""Notification service (tornado). POST /notify/<user> sends the user an e-mail through the
company relay. smtplib is blocking, so delivery runs on a 4-thread executor with
tornado.concurrent.run_on_executor; the handler waits for it and answers 202.

Usage: notify_service.py PORT SMTP_HOST:PORT
"""

import json
import logging
import smtplib
import sys
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage

import tornado.ioloop
import tornado.web
from tornado.concurrent import run_on_executor

log = logging.getLogger("notify")


class Mailer:
    executor = ThreadPoolExecutor(max_workers=4)

    def __init__(self, relay):
        host, port = relay.rsplit(":", 1)
        self.host, self.port = host, int(port)

    @run_on_executor
    def send(self, to, subject, body):
        message = EmailMessage()
        message["From"] = "noreply@example.com"
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port) as relay:
            relay.send_message(message)
        return to


class NotifyHandler(tornado.web.RequestHandler):
    def initialize(self, mailer):
        self.mailer = mailer

    async def post(self, user):
        payload = json.loads(self.request.body or b"{}")
        log.info("queueing mail to %s", user)
        await self.mailer.send(f"{user}@example.com", payload.get("subject", "Notice"), payload.get("body", ""))
        self.set_status(202)
        self.write({"queued": user})


class HealthHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"ok": True})


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    port, relay = int(sys.argv[1]), sys.argv[2]
    mailer = Mailer(relay)
    app = tornado.web.Application([
        (r"/notify/([a-z0-9.]+)", NotifyHandler, {"mailer": mailer}),
        (r"/health", HealthHandler),
    ])
    app.listen(port, address="127.0.0.1")
    log.info("notification service on port %d", port)
    tornado.ioloop.IOLoop.current().start()
