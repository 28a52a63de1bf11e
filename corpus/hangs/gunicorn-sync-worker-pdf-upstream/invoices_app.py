"""Invoice download endpoint (WSGI, served by gunicorn sync workers). GET /invoices/<id>.pdf
streams the PDF rendered by the document service; big month-end invoices take minutes to render,
so the deployment raised gunicorn's worker timeout to 10 minutes.
"""

import logging
import os
import urllib.request

log = logging.getLogger("invoices")
DOCUMENT_SERVICE = os.environ.get("DOCUMENT_SERVICE_URL", "http://docs.internal")


def render_pdf(invoice_id):
    request = urllib.request.Request(
        f"{DOCUMENT_SERVICE}/render", data=f'{{"invoice": "{invoice_id}"}}'.encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.read()


def application(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/health":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok\n"]
    if path.startswith("/invoices/") and path.endswith(".pdf"):
        invoice_id = path[len("/invoices/"):-len(".pdf")]
        log.warning("rendering invoice %s", invoice_id)
        pdf = render_pdf(invoice_id)
        start_response("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(pdf)))])
        return [pdf]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]
