import os

bind = f"127.0.0.1:{os.environ.get('GEO_PORT', '8000')}"
worker_class = "gthread"
workers = 1
threads = 4
timeout = 30
accesslog = "-"
loglevel = "info"
control_socket = os.path.abspath("gunicorn.ctl")
