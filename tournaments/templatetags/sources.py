"""A source as its title: ``{% source url title as src %}``, then
``tournaments/includes/_source_link.html`` (or ``src.url`` and ``src.label``)."""

from django import template

from ..sources import describe

register = template.Library()


@register.simple_tag
def source(url, title=""):
    return describe(url or "", title or "")
