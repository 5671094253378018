"""Numbers of the tables as printed: a difference with its sign, a true minus sign."""

from django import template

register = template.Library()

MINUS = "\N{MINUS SIGN}"


@register.filter
def signed(number):
    """+11, 0, −3: a goal difference."""
    return f"+{number}" if number > 0 else str(number).replace("-", MINUS)


@register.filter
def minus(number):
    """−3 rather than -3: points can be negative after a deduction."""
    return str(number).replace("-", MINUS)
