"""What the head of every page tells search engines and link previews: its canonical
address, its Open Graph tags and, on match and team pages, its JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tournaments import linked_data, previews

register = template.Library()

# Open Graph names a locale language_TERRITORY. Spanish as read in Peru; English in
# the protocol's default territory, the site having no English one of its own.
OPEN_GRAPH_LOCALES = {"es": "es_PE", "en": "en_US"}

# Inside <script>, "</script>" or "<!--" in a team's name must not end the element:
# the JSON escapes for <, > and & keep the data the same and the markup inert.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered by the template engine, so already escaped.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}...{% endcapture %}: render once, show twice (a page's
    title and description, in its <title> and in its link preview's tags). Blocks
    inside are overridden by child templates as anywhere else."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own address, absolute: its path without the query string, but for a
    later page of a list shown whole (?page=3 and nothing else), which is a page of
    its own. A filtered, sorted or searched list's canonical page is the list."""
    request = context.get("request")
    if request is None:
        return ""
    if context.get("canonical_path"):  # a page of two addresses names the one to index
        return request.build_absolute_uri(context["canonical_path"])
    page = context.get("page_obj") or getattr(context.get("table"), "page", None)
    path = request.path
    if page is not None and page.number > 1 and set(request.GET) == {"page"}:
        path = f"{path}?page={page.number}"
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, viewname, *args):
    """{% absolute_url 'tournaments:season-preview' season.year %}"""
    path = reverse(viewname, args=args)
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag
def open_graph_locales():
    """{"current": "es_PE", "alternates": ["en_US"]} for the active language."""
    current = get_language()
    codes = [code for code, _name in settings.LANGUAGES]
    return {
        "current": OPEN_GRAPH_LOCALES.get(current, current),
        "alternates": [OPEN_GRAPH_LOCALES.get(code, code) for code in codes if code != current],
    }


@register.simple_tag
def season_summary(season, stats):
    """A season page's link preview: 'Champion: José Gálvez · 15 matches · 55 goals'."""
    return previews.season_summary(season.champion, stats.matches_played, stats.total_goals)


@register.simple_tag(takes_context=True)
def match_event(context, match):
    return linked_data.match_event(match, context["request"].build_absolute_uri)


@register.simple_tag(takes_context=True)
def sports_team(context, team):
    return linked_data.sports_team(team, context["request"].build_absolute_uri)


@register.filter
def ld_json(data):
    """JSON for a <script type="application/ld+json"> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(SCRIPT_SAFE))
