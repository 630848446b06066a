import pytest

from bot.core.config import ConfigError, load_settings, parse_admins


def test_admins_parse_both_platforms():
    assert parse_admins("telegram:123, bale:456") == [("telegram", 123), ("bale", 456)]
    assert parse_admins("") == []


@pytest.mark.parametrize("raw", ["x", "telegram:abc", "whatsapp:1", "telegram:۱۲۳", ":1"])
def test_bad_admins_are_one_clear_sentence(monkeypatch, raw):
    monkeypatch.setenv("ADMINS", raw)
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert message.startswith("The setting ADMINS is wrong")
    assert "\n" not in message and "Traceback" not in message


def test_api_url_must_end_in_bot(monkeypatch):
    monkeypatch.setenv("BALE_API_URL", "https://tapi.bale.ai/")
    with pytest.raises(ConfigError, match="BALE_API_URL"):
        load_settings(_env_file=None)


def test_unknown_timezone(monkeypatch):
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match="TIMEZONE"):
        load_settings(_env_file=None)


def test_tokens_are_secret_and_optional(monkeypatch):
    monkeypatch.setenv("TELEGRAM_TOKEN", "123:secret")
    monkeypatch.setenv("BALE_TOKEN", "")
    settings = load_settings(_env_file=None)
    assert settings.tokens() == {"telegram": "123:secret"}
    assert "secret" not in repr(settings)
    assert settings.api_url("telegram") == "https://api.telegram.org/bot"
    assert settings.api_url("bale") == "https://tapi.bale.ai/bot"
    assert settings.default_locale == "fa"
    assert str(settings.tz) == "Asia/Tehran"


def test_invite_hours_default_env_and_bounds(monkeypatch):
    assert load_settings(_env_file=None).invite_hours == 72
    monkeypatch.setenv("INVITE_HOURS", "24")
    assert load_settings(_env_file=None).invite_hours == 24
    for bad in ("0", "-5", "abc", "1.5"):
        monkeypatch.setenv("INVITE_HOURS", bad)
        with pytest.raises(ConfigError, match="INVITE_HOURS"):
            load_settings(_env_file=None)


def test_readme_lists_every_setting():
    from pathlib import Path

    from bot.core.config import Settings

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`{name.upper()}`" not in readme]
    assert not missing, f"README.md's settings table lacks {missing}"


def test_reminder_leads_in_the_same_minute_are_refused(monkeypatch):
    """A session reminder is keyed by its lead in whole minutes: two leads in one minute would
    collapse into one reminder, so start-up refuses them with one sentence naming the setting."""
    monkeypatch.setenv("REMINDER_SESSION_LEADS_HOURS", "24,2,1")
    assert load_settings(_env_file=None).reminder_session_leads_hours == [24.0, 2.0, 1.0]
    monkeypatch.setenv("REMINDER_SESSION_LEADS_HOURS", "2,2.01")  # 120 and 120.6 minutes
    with pytest.raises(ConfigError, match="REMINDER_SESSION_LEADS_HOURS") as info:
        load_settings(_env_file=None)
    assert "same minute" in str(info.value) and "\n" not in str(info.value)
    monkeypatch.setenv("REMINDER_SESSION_LEADS_HOURS", "2,2.0167")  # a minute apart: fine
    assert load_settings(_env_file=None).reminder_session_leads_hours == [2.0167, 2.0]
    monkeypatch.setenv("REMINDER_SESSION_LEADS_HOURS", "0.01")  # 36 seconds
    with pytest.raises(ConfigError, match="at least one minute"):
        load_settings(_env_file=None)
