"""Which link of the site's menu is where the reader is."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context, url):
    """The link's aria-current: "page" on the page itself, "true" anywhere under it
    (a season's page is in Seasons), "" elsewhere."""
    request = context.get("request")
    if request is None:
        return ""
    if request.path == url:
        return "page"
    return "true" if request.path.startswith(url) else ""
