"""The site's URLs plus /bench/hello/: Django's floor, a view that renders nothing."""

from django.http import HttpResponse
from django.urls import path

from copaperu.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world\n", content_type="text/plain")


# The site's list spliced in, not include()d: i18n_patterns only works in the root URLconf.
urlpatterns = [path("bench/hello/", hello), *site_urlpatterns]
