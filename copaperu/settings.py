"""Settings for copaperu, read from the environment.

DEBUG           "1"/"true" turns debug mode on (default: off).
SECRET_KEY      required when DEBUG is off.
DATABASE_URL    e.g. postgres://user:pass@host/db (default: SQLite file db.sqlite3, in WAL mode).
ALLOWED_HOSTS   comma-separated (default: localhost names when DEBUG is on, none otherwise).
HTTPS           "1" behind an HTTPS proxy: secure cookies, HSTS, redirect to https, and the
                client's address read from X-Forwarded-For (as BEHIND_PROXY).
BEHIND_PROXY    "1" behind one proxy (HTTPS implies it): the client's address, for the
                login and API throttles, is the last X-Forwarded-For entry, not the proxy's.
SECURE_HSTS_SECONDS  with HTTPS=1 (default: one year).
CACHE_URL       where pages are cached (default: files in .cache/, shared by the workers of
                one machine); redis://host:port/N for several servers; dummy:// for none.
CONN_MAX_AGE    seconds a database connection is kept (default: 60).
PREPARED_STATEMENTS  "0" on PostgreSQL behind a pooler in transaction mode (PgBouncer),
                which cannot keep them (default: on).
RELEASE         names the deployed code in cache keys (default: a hash of the code).
"""

import hashlib
import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_cache_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def code_release(base_dir):
    """A short hash of the code and templates that render the pages, so that cached
    pages of one release are never served by the next."""
    digest = hashlib.sha256()
    for pattern in ("copaperu/**/*.py", "tournaments/**/*", "templates/**/*", "locale/**/*.po"):
        for path in sorted(base_dir.glob(pattern)):
            if path.is_file() and path.suffix in (".py", ".html", ".po"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def forwarded_client_ip(request):
    """The client's address as our proxy saw it: the last entry of X-Forwarded-For, the one
    the proxy appended (a client can write entries before it, never after it)."""
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


# HTTPS=1 when the site is served over HTTPS, behind one proxy that sets X-Forwarded-Proto
# and appends the client's address to X-Forwarded-For; BEHIND_PROXY=1 for such a proxy
# over plain HTTP (deploy/compose.yaml's nginx on localhost).
BEHIND_PROXY = env_flag("BEHIND_PROXY") or env_flag("HTTPS")
if env_flag("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = forwarded_client_ip  # REMOTE_ADDR is the proxy's

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from here, not a CDN
    "tournaments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # outside the page cache: cached answers too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "copaperu.middleware.PreferredLanguageMiddleware",
    "copaperu.page_cache.PageCacheMiddleware",  # after the language redirect, before the views
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After CSRF (a refused POST opens no transaction), before messages: the "changed
    # successfully" of a request rolled back is dropped with its response.
    "copaperu.middleware.WriteTransactionMiddleware",
    "copaperu.middleware.EditRecordingMiddleware",  # inside the request's transaction
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "copaperu.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "copaperu.context_processors.language_versions",
            ],
        },
    },
]

WSGI_APPLICATION = "copaperu.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: the others wait for it (up to 20 s) instead of failing with
    # "database is locked". A transaction can only wait if it takes the write lock as it
    # begins (IMMEDIATE): one that reads first fails at once when it comes to write. In
    # WAL mode, readers of the site don't hold up the editors' commits.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and env_flag(
    "PREPARED_STATEMENTS", default=True
):
    # PostgreSQL planned the season page's seven reads in 3 ms and ran them in 1 ms.
    # Bound on the server, a statement that a connection has run five times (psycopg's
    # threshold) is prepared there, and planned no more. Django leaves both off, for
    # the poolers that can't keep a prepared statement: PREPARED_STATEMENTS=0 for those.
    options = DATABASES["default"].setdefault("OPTIONS", {})  # the URL's own, as ?sslmode=
    options |= {"server_side_binding": True, "prepare_threshold": 5}
# Keep each worker's connection (checked before each reuse): a new one costs a few
# milliseconds on PostgreSQL, and on SQLite a cold page cache and the schema read
# again, measured at about 6 ms a request, a fifth of the season page's render.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE") or "60")

CACHES = {
    "default": django_cache_url.parse(
        os.environ.get("CACHE_URL") or f"file://{BASE_DIR / '.cache'}"
    )
}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 5000}

# Public pages, cached whole under the data version (copaperu/page_cache.py).
PAGE_CACHE_SECONDS = 600  # on the server: a change makes a new key long before this
PAGE_MAX_AGE = 30  # in browsers and proxies, which revalidate with the ETag after it
PAGE_STALE_WHILE_REVALIDATE = 60
RELEASE = os.environ.get("RELEASE") or code_release(BASE_DIR)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # first: refuses a locked-out login before any other checks it
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The admin's sign-in is throttled (django-axes): five wrong passwords for one username from
# one address lock that pair out for 15 minutes, and each further try restarts the wait.
# Unlocking sooner: README.md, "Security".
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"  # status 429, Too Many Requests

# Content-Security-Policy (django-csp): the site's own files only, no inline script or
# style attribute. The one inline <style>, the zone colours of the season page (editors'
# data), carries the request's nonce. The Django admin needs nothing more: its scripts are
# files that read their settings from data- attributes. (django-simple-history's history
# page has one style="border-top: 0"; the browser drops it, a cosmetic loss.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "style-src": [SELF, NONCE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Spanish first, for Peruvian readers and editors; English at /en/... (see urls.py).
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"  # kickoff times and the admin's date widgets in Peruvian time
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage",
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DJANGO_TABLES2_TEMPLATE = "tables/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The open JSON API (/api/): anyone may read it from any site (django-cors-headers),
# nobody may write through it.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")

# The right-hand side of every calendar event's UID (match-12@copaperu): set it once,
# before calendars are published, and never change it, or every calendar app that
# subscribed sees each match as a new event beside the old one.
CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "copaperu")

# The open JSON API (tournaments/api/): read-only and anonymous, so every answer is cached
# whole like a page; JSON only, chosen by the address alone (?format=), never by the
# Accept header, since the page cache keeps one answer per address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # no session read: anonymous, cacheable
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],  # nothing is ever sent to it
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "tournaments.api.negotiation.ByAddressNegotiation",
    "DEFAULT_PAGINATION_CLASS": "tournaments.api.pagination.Pages",
    "PAGE_SIZE": 50,
    # Per client address, counted in the cache (CACHE_URL): with dummy:// nothing is
    # counted and nobody is throttled, which suits a benchmark. Answers served from the
    # page cache cost nothing and are not counted.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
    # The client's address: behind our one proxy (BEHIND_PROXY), the last X-Forwarded-For
    # entry, the one the proxy added; else REMOTE_ADDR (a client's own header is never
    # believed). Without it, behind a proxy, every client would share the proxy's limit.
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# The API's OpenAPI document (/api/schema/) and its Swagger UI (/api/docs/), whose files
# come from drf-spectacular-sidecar: the CSP allows no CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": _("Copa Perú records API"),
    "DESCRIPTION": _(
        "The records of the Copa Perú, Peru's national amateur football tournament: "
        "seasons, their tables and knockout ties, matches, teams and departments. "
        "Read-only and open to anyone; each address may make a limited number of "
        "requests a minute (an answer of status 429 says when to try again)."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",  # its schemas are JSON Schema: null is a type, not "nullable"
    "SCHEMA_PATH_PREFIX": r"/api/",
    "SERVE_INCLUDE_SCHEMA": False,
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,  # the code's notes; the docs' texts are translated
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},  # no outside badge
}
