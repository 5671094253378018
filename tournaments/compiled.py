"""Reads whose SQL Django compiles once: the work that follows every save, and the
season page that a final's crowd opens.

A save of a match and the recompute of its group's table run the same few
statements every time, each with another id. Django took 0.5–1.5 ms to compile
each of them, the database 0.1–0.3 ms to run it: compiled once, they made a save
in a group of 380 matches about twice as fast (bench/results.md). The season page
read its season in 2.6 ms, 0.2 ms of it in the database. The ORM still writes the
SQL (quoting, joins, each database's dialect, ``FOR UPDATE OF``); it only stops
writing the same SQL again.
"""

import copy
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.transaction import TransactionManagementError

KEY_IN_THE_SQL = "A compiled read's SQL must be the same whatever its key."


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple
    key_places: frozenset  # the indexes of the key among ``params``
    converters: dict  # Django's, by column: {index: ([converter, ...], expression)}
    locks: bool  # select_for_update
    queryset: object  # built with the first probe: its prefetches, its model
    compiler: object  # the queryset's, having compiled it: its columns, how rows map to objects


class CompiledRead:
    """``build(key)``, a values_list queryset, compiled once per database. Called
    with a key (a value as the database takes it: an id, not a model instance), it
    runs that SQL with the key in its places and returns the rows as tuples, Django's
    converters applied (``flat`` and ``named`` are not honoured). CompiledModelRead
    returns model instances instead."""

    # Two keys the query is compiled with: the parameters that differ are the key's.
    # Small, so that any integer field takes them (Django refuses a lookup out of range).
    PROBES = (1, 2)

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, key, using=DEFAULT_DB_ALIAS):
        compiled = self._compile(using)
        params = self._params(compiled, key, using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return rows
        return [convert(row, compiled.converters, connection) for row in rows]

    def _params(self, compiled, key, using):
        """The SQL's parameters with ``key`` in its places."""
        if compiled.locks and connections[using].get_autocommit():
            # As Django's compiler says, which compiled the SQL only once; and on SQLite
            # too, which takes no row lock, so that its tests catch a lock left outside.
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        return [
            key if place in compiled.key_places else param
            for place, param in enumerate(compiled.params)
        ]

    def _compile(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile_anew(using)
        return compiled

    def _compile_anew(self, using):
        queryset, other = (self.build(probe) for probe in self.PROBES)
        try:
            (sql, params, compiler), (other_sql, other_params, _) = (
                sql_of(queryset, using),
                sql_of(other, using),
            )
        except (EmptyResultSet, FullResultSet) as error:
            raise ImproperlyConfigured(KEY_IN_THE_SQL) from error
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(KEY_IN_THE_SQL)
        pairs = zip(params, other_params, strict=True)
        key_places = frozenset(place for place, (a, b) in enumerate(pairs) if a != b)
        if not key_places:
            raise ImproperlyConfigured("A compiled read must filter on its key, as a parameter.")
        columns = [expression for expression, _sql, _alias in compiler.select]
        converters = compiler.get_converters(columns[: compiler.col_count])
        locks = bool(compiler.query.select_for_update)
        compiler.connection = None  # each call uses its own thread's, not the compiling one's
        return Compiled(sql, tuple(params), key_places, converters, locks, queryset, compiler)


class CompiledModelRead(CompiledRead):
    """``build(key)``, a queryset of model instances, compiled once per database.
    Called with a key, it returns ``list(build(key))``: its select_related, its
    annotations and its prefetch_related, whose reads Django writes as usual.

    ``build`` must depend on its key alone, not on the request, the user or the
    active language: it is called only to compile.

    It leans on how Django 5.2 runs a query, checked against its code: ModelIterable
    asks the query for its compiler, whose execute_sql() calls as_sql() and which
    nothing of the iteration writes to, so a shallow copy per call is enough. Check it
    again on a new Django; the tests of tests/test_compiled.py would fail first."""

    def __call__(self, key, using=DEFAULT_DB_ALIAS):
        compiled = self._compile(using)
        params = self._params(compiled, key, using)
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[using]  # the calling thread's
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        queryset = compiled.queryset.using(using)
        # Django's ModelIterable asks the query for a compiler, which compiles as it
        # runs: this one has compiled already and knows how its rows map to objects.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


def sql_of(queryset, using):
    compiler = queryset.query.get_compiler(using)
    sql, params = compiler.as_sql()
    return sql, params, compiler


def convert(row, converters, connection):
    """A row with Django's converters applied, as its compiler's apply_converters does
    (that method would hand them the connection of the thread that compiled)."""
    row = list(row)
    for place, (functions, expression) in converters.items():
        value = row[place]
        for function in functions:
            value = function(value, expression, connection)
        row[place] = value
    return tuple(row)
