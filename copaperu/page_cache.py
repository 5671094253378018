"""Whole public pages from the shared cache, never stale, compressed once.

A page is stored under the current data version (tournaments.freshness), so
the first request after any change renders it again, in every worker that
shares the cache. Its ETag and Last-Modified come from that version, which
lets a browser or a proxy revalidate with a 304 instead of a download. Only
anonymous reads are cached: a request with a session (an editor) is answered
afresh and marked private.
"""

import gzip
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from tournaments.freshness import current_version

COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/geo+json")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
SMALLEST_WORTH_COMPRESSING = 200  # bytes: below this gzip's header costs more than it saves


@dataclass(frozen=True)
class CachedPage:
    """A response as stored. A compressible body is stored gzipped only: every hit
    reads the entry, and browsers take gzip; a client that doesn't (rare) gets it
    decompressed. Kept with both, the entry was five times the bytes to read."""

    status: int
    headers: tuple
    body: bytes
    gzipped: bool

    @classmethod
    def of(cls, response):
        compressible = response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
        headers = tuple(response.items())
        if compressible and len(response.content) >= SMALLEST_WORTH_COMPRESSING:
            gzipped = gzip.compress(response.content, compresslevel=6, mtime=0)
            return cls(response.status_code, headers, gzipped, gzipped=True)
        return cls(response.status_code, headers, response.content, gzipped=False)

    def response(self, request):
        send_gzip = self.gzipped and ACCEPTS_GZIP.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        body = gzip.decompress(self.body) if self.gzipped and not send_gzip else self.body
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if send_gzip:
            response["Content-Encoding"] = "gzip"
        if self.gzipped:
            patch_vary_headers(response, ("Accept-Encoding",))
        return response


def is_anonymous_read(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def can_store(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding"):
        return False  # compressed by the view itself
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def page_key(request, version, today):
    """The page's key: the data version, the day, the language, and the whole address."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    language = translation.get_language()
    return f"copaperu:page:{settings.RELEASE}:{version.token}:{today}:{language}:{digest}"


def entity_tag(version, today):
    """The same for every page of one data version, one day and one release of the code:
    what is still to come (the home page's next fixtures) changes at midnight in Lima
    even when no data does."""
    return f'W/"{settings.RELEASE}-{version.token}-{today:%Y%m%d}"'


def last_modified(version, today):
    """The later of the last change of the data and the start of the site's day."""
    midnight = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone())
    return int(max(version.changed_at, midnight.timestamp()))


class PageCacheMiddleware:
    """Serve anonymous GETs from the cache. Sits after the language middlewares
    (which may redirect a plain address to /en/) and before the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True, no_store=True)
            return response
        version, today = current_version(), timezone.localdate()
        key = page_key(request, version, today)
        page = cache.get(key)
        if page is None:
            response = self.get_response(request)
            if not can_store(response):
                return response
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_MAX_AGE,
                stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
            )
            response["ETag"] = entity_tag(version, today)
            response["Last-Modified"] = http_date(last_modified(version, today))
            page = CachedPage.of(response)
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        return get_conditional_response(
            request,
            etag=entity_tag(version, today),
            last_modified=last_modified(version, today),
            response=page.response(request),
        )
