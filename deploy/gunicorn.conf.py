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
max_requests = 5000  # renew workers now and then: no slow leak can last
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# The proxy in front (deploy/compose.yaml) sets X-Forwarded-Proto; trust it, not clients.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
