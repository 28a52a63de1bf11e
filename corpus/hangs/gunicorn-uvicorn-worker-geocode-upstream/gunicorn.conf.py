import os

bind = f"127.0.0.1:{os.environ.get('STORES_PORT', '8000')}"
workers = 2
worker_class = "uvicorn.workers.UvicornWorker"
timeout = 240
accesslog = "-"
loglevel = "info"
control_socket = os.path.abspath("gunicorn.ctl")
