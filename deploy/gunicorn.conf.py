"""gunicorn for copaperu: ``gunicorn -c deploy/gunicorn.conf.py copaperu.wsgi``.

Sync workers, 2 × cores + 1 as gunicorn advises: while one waits on the
database or the cache, another computes. WEB_CONCURRENCY overrides the count,
BIND the address.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5  # behind a proxy that reuses its connections
# No max_requests: at cached pages' rates a worker would restart every few seconds.
# No control socket: its default path (~/.gunicorn/gunicorn.ctl) is shared by every
# gunicorn of the user, as two app servers on one machine are.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# The proxy in front (deploy/compose.yaml) sets X-Forwarded-Proto; trust it, not clients.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
