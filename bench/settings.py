"""The site's settings plus the bench's hello-world view and a static root of its own.

The HTTP bench runs gunicorn with DJANGO_SETTINGS_MODULE=bench.settings:
bench/urls.py adds /bench/hello/, and collectstatic writes to the temporary
directory named by BENCH_STATIC_ROOT instead of the project's staticfiles/.
"""

import os

from copaperu.settings import *  # noqa: F403
from copaperu.settings import STATIC_ROOT as SITE_STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or SITE_STATIC_ROOT
