import pytest

from tuyengiao.lib.env import ConfigError, envbool, envint, envlist, envstr


def test_it_reads_secrets_from_a_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("TG_X_FILE", str(secret))
    assert envstr("TG_X") == "s3cret"


def test_it_fails_loudly_on_an_unreadable_file(monkeypatch):
    monkeypatch.setenv("TG_X_FILE", "/nonexistent/secret")
    with pytest.raises(ConfigError):
        envstr("TG_X")


def test_it_parses_booleans_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("TG_B", "yes")
    assert envbool("TG_B") is True
    monkeypatch.setenv("TG_B", "maybe")
    with pytest.raises(ConfigError):
        envbool("TG_B")


def test_it_parses_integers_and_lists(monkeypatch):
    monkeypatch.setenv("TG_I", "42")
    monkeypatch.setenv("TG_L", "a, b,,c")
    assert envint("TG_I", 1) == 42
    assert envlist("TG_L") == ["a", "b", "c"]
    monkeypatch.setenv("TG_I", "forty")
    with pytest.raises(ConfigError):
        envint("TG_I", 1)
