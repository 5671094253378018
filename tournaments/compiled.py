"""Reads whose SQL Django compiles once, for the work that follows every save.

A save of a match and the recompute of its group's table run the same few
statements every time, each with another id. Django took 0.5–1.5 ms to compile
each of them, the database 0.1–0.3 ms to run it: compiled once, they made a save
in a group of 380 matches about twice as fast (bench/results.md). The ORM still
writes the SQL (quoting, joins, each database's dialect, ``FOR UPDATE OF``); it
only stops writing the same SQL again.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.transaction import TransactionManagementError


class CompiledRead:
    """``build(key)``, a values_list queryset, compiled once per database. Called
    with a key, it runs that SQL with the key in the parameters' place and returns
    the rows the queryset would (tuples, Django's converters applied)."""

    # A key no row has: marks where the key is among the compiled SQL's parameters.
    PLACEHOLDER = -731_415_926

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, key, using=DEFAULT_DB_ALIAS):
        sql, params, compiler, converters = self._compile(using)
        if compiler.query.select_for_update and connections[using].get_autocommit():
            # As Django's compiler says, which compiled the SQL only once; and on SQLite
            # too, which takes no row lock, so that its tests catch a lock left outside.
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        values = [key if param == self.PLACEHOLDER else param for param in params]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _compile(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            compiler = self.build(self.PLACEHOLDER).query.get_compiler(using)
            sql, params = compiler.as_sql()
            if self.PLACEHOLDER not in params:
                raise ImproperlyConfigured("A compiled read must filter on its key.")
            columns = [expression for expression, _sql, _alias in compiler.select]
            converters = compiler.get_converters(columns[: compiler.col_count])
            compiled = self._compiled[using] = (sql, params, compiler, converters)
        return compiled
