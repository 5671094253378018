from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings


class ByAddressNegotiation(DefaultContentNegotiation):
    """The renderer that the address names (``?format=json``), else the view's first.

    Never the Accept header: the page cache keeps one answer per address, so an
    answer chosen by a header would be served to clients that asked for another.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(api_settings.URL_FORMAT_OVERRIDE) or None
        for renderer in renderers:
            if wanted in (None, renderer.format):
                return renderer, renderer.media_type
        raise Http404(_("This address has no %(format)s version.") % {"format": wanted})
