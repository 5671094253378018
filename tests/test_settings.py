"""copaperu.settings reads the environment, as a fresh process would see it.

Each test imports the settings module in a subprocess, so that the environment
(and not whatever the test run already imported) decides the values.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

ENVIRONMENT_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "CONN_MAX_AGE",
    "PREPARED_STATEMENTS",
)

PRINT_SETTINGS = """
import json
import copaperu.settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST", ""),
    "PORT": db.get("PORT", ""),
    "USER": db.get("USER", ""),
    "OPTIONS": db.get("OPTIONS", {}),
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "CACHE_BACKEND": s.CACHES["default"]["BACKEND"],
    "TIME_ZONE": s.TIME_ZONE,
    "USE_TZ": s.USE_TZ,
}))
"""


def import_settings(code="import copaperu.settings", **variables):
    """Run ``code`` in a new interpreter whose environment holds only ``variables``
    of the settings' own variables (the others are unset)."""
    env = {key: value for key, value in os.environ.items() if key not in ENVIRONMENT_VARIABLES}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**variables):
    result = import_settings(PRINT_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("debug", [None, "", "0", "false", "no"], ids=repr)
def test_importing_without_secret_key_and_debug_off_fails_naming_secret_key(debug):
    variables = {} if debug is None else {"DEBUG": debug}
    result = import_settings(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_an_empty_secret_key_is_refused_like_a_missing_one():
    result = import_settings(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("debug", ["1", "true", "TRUE", "yes", "on"])
def test_importing_with_debug_on_works_without_secret_key(debug):
    values = settings_with(DEBUG=debug)
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"]  # a development-only key stands in


def test_a_given_secret_key_is_used_and_debug_stays_off_by_default():
    values = settings_with(SECRET_KEY="s3cret")
    assert values["SECRET_KEY"] == "s3cret"
    assert values["DEBUG"] is False


def test_database_url_for_postgres_selects_the_postgresql_engine():
    values = settings_with(SECRET_KEY="x", DATABASE_URL="postgres://u:p@h:5432/d")
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "d"
    assert values["USER"] == "u"
    assert values["HOST"] == "h"
    assert int(values["PORT"]) == 5432


def test_postgresql_prepares_the_statements_a_connection_runs_again():
    """Bound on the server, so that psycopg can prepare them; off for a pooler."""
    url = "postgres://u:p@h:5432/d"
    prepared = {"server_side_binding": True, "prepare_threshold": 5}
    assert settings_with(SECRET_KEY="x", DATABASE_URL=url)["OPTIONS"] == prepared
    unprepared = settings_with(SECRET_KEY="x", DATABASE_URL=url, PREPARED_STATEMENTS="0")
    assert unprepared["OPTIONS"] == {}
    with_ssl = settings_with(SECRET_KEY="x", DATABASE_URL=f"{url}?sslmode=require")
    assert with_ssl["OPTIONS"] == {"sslmode": "require", **prepared}


@pytest.mark.parametrize("url", [None, "sqlite:////tmp/copaperu.sqlite3"])
def test_sqlite_writers_wait_for_each_other_instead_of_failing(url):
    """tests/test_sqlite_concurrency.py shows why: eight editors saving at once."""
    values = settings_with(SECRET_KEY="x", **({"DATABASE_URL": url} if url else {}))
    assert values["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def test_without_database_url_the_database_is_sqlite_in_base_dir():
    values = settings_with(SECRET_KEY="x")
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(django_settings.BASE_DIR / "db.sqlite3")


def test_time_zone_is_lima_and_datetimes_are_aware():
    values = settings_with(SECRET_KEY="x")
    assert values["TIME_ZONE"] == "America/Lima"
    assert values["USE_TZ"] is True


def test_allowed_hosts_are_read_from_a_comma_separated_list():
    values = settings_with(SECRET_KEY="x", ALLOWED_HOSTS=" copaperu.example , www.example.org,,")
    assert values["ALLOWED_HOSTS"] == ["copaperu.example", "www.example.org"]


def test_allowed_hosts_given_override_the_debug_defaults():
    values = settings_with(DEBUG="1", ALLOWED_HOSTS="copaperu.example")
    assert values["ALLOWED_HOSTS"] == ["copaperu.example"]


def test_allowed_hosts_default_to_local_names_in_debug_and_to_none_otherwise():
    assert settings_with(DEBUG="1")["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert settings_with(SECRET_KEY="x")["ALLOWED_HOSTS"] == []


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("", "django.core.cache.backends.filebased.FileBasedCache"),
        ("redis://127.0.0.1:6379/2", "django.core.cache.backends.redis.RedisCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_one_setting_chooses_the_cache(cache_url, backend):
    assert settings_with(DEBUG="1", CACHE_URL=cache_url)["CACHE_BACKEND"] == backend


@pytest.mark.parametrize("database_url", ["", "postgres://u@db.example/copaperu"])
def test_connections_are_kept_and_checked(database_url):
    printed = settings_with(DEBUG="1", DATABASE_URL=database_url)
    assert printed["CONN_MAX_AGE"] == 60
    assert printed["CONN_HEALTH_CHECKS"] is True


def test_conn_max_age_sets_how_long_a_connection_is_kept():
    assert settings_with(DEBUG="1", CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0
