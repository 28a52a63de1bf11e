import os

bind = f"127.0.0.1:{os.environ.get('INVOICES_PORT', '8000')}"
workers = 1
timeout = 600
graceful_timeout = 30
accesslog = "-"
loglevel = "info"
control_socket = os.path.abspath("gunicorn.ctl")
