"""Settings come from RISKWATCH_* variables; a malformed value is refused, not defaulted."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskwatch.config import Settings, SettingsError, settings_from_env


def test_defaults_use_a_sqlite_file_in_the_instance_folder() -> None:
    settings = settings_from_env({})

    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("instance/riskwatch.db")
    assert settings.feeds_file == Path("feeds.yaml")


def test_environment_overrides() -> None:
    settings = settings_from_env({"RISKWATCH_DATABASE_URL": "sqlite:////tmp/x.db",
                                  "RISKWATCH_FEEDS_FILE": "/etc/rw/feeds.yaml",
                                  "RISKWATCH_LOG_LEVEL": "DEBUG",
                                  "RISKWATCH_POLL_THREADS": "3"})

    assert (settings.database_url, settings.feeds_file, settings.log_level,
            settings.poll_threads) == ("sqlite:////tmp/x.db", Path("/etc/rw/feeds.yaml"),
                                       "DEBUG", 3)


def test_a_malformed_number_is_an_error() -> None:
    with pytest.raises(SettingsError, match="RISKWATCH_POLL_THREADS='many'"):
        settings_from_env({"RISKWATCH_POLL_THREADS": "many"})


def test_overrides_by_field_name() -> None:
    settings = Settings().with_overrides({"database_url": "sqlite:///a.db", "TESTING": True})

    assert settings.database_url == "sqlite:///a.db"
    assert settings.extra == {"TESTING": True}
