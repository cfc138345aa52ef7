"""Bearer tokens: every failure is a 401 in the one error shape; last use is recorded at most once a minute; the
rate limit answers 429 with Retry-After."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tuyengiao.api.models import ApiToken, digest


def assert_unauthenticated(response, words: str) -> None:
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert words in body["message"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_call_without_a_token_is_refused(personas, api_client):
    assert_unauthenticated(api_client(None).get("/units/"), "Thiếu mã truy cập")


def test_a_wrong_token_is_refused(personas, api_client):
    client = api_client(personas.leader)
    client.secret = client.secret[:-2] + "xx"
    assert_unauthenticated(client.get("/units/"), "không đúng")


def test_a_header_that_is_not_bearer_is_refused(personas, api_client):
    client = api_client(personas.leader)
    response = client.get("/units/", headers={"Authorization": f"Token {client.secret}"})
    assert_unauthenticated(response, "Bearer")


def test_an_expired_token_is_refused(personas, api_token):
    from tests.api.conftest import ApiClient

    _token, secret = api_token(personas.leader, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_unauthenticated(ApiClient(secret).get("/units/"), "hết hạn")


def test_a_revoked_token_is_refused(personas, api_token):
    from tests.api.conftest import ApiClient

    _token, secret = api_token(personas.leader, revoked_at=timezone.now())
    assert_unauthenticated(ApiClient(secret).get("/units/"), "thu hồi")


def test_the_token_of_a_locked_account_is_refused(personas, api_client):
    client = api_client(personas.leader)
    personas.leader.is_active = False
    personas.leader.save(update_fields=["is_active"])
    assert_unauthenticated(client.get("/units/"), "khoá")


def test_a_session_does_not_authenticate_the_api(personas):
    client = personas.client(personas.leader)
    assert client.get("/api/v1/units/").status_code == 401


def test_only_the_digest_of_the_secret_is_stored(personas, api_client):
    client = api_client(personas.leader)
    token = ApiToken.objects.get(pk=client.token.pk)
    assert token.digest == digest(client.secret) != client.secret
    assert client.secret.startswith(token.prefix)
    assert client.secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_last_use_is_recorded_at_most_once_a_minute(personas, api_client, django_assert_num_queries):
    client = api_client(personas.leader)
    assert client.get("/units/", {"limit": 1}).status_code == 200
    first = ApiToken.objects.get(pk=client.token.pk).last_used_at
    assert first is not None
    client.get("/units/", {"limit": 1})
    assert ApiToken.objects.get(pk=client.token.pk).last_used_at == first
    ApiToken.objects.filter(pk=client.token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/units/", {"limit": 1})
    assert ApiToken.objects.get(pk=client.token.pk).last_used_at > first


def test_the_token_acts_as_its_user_with_the_users_scope(personas, api_client):
    leader = api_client(personas.leader).get(f"/units/{personas.province.key}")
    outsider = api_client(personas.outsider).get(f"/units/{personas.province.key}")
    assert (leader.status_code, outsider.status_code) == (200, 404)


# --- Rate limit ----------------------------------------------------------------------------------------------


def test_calls_past_the_rate_are_refused_with_retry_after(personas, api_client, settings):
    settings.TG_API_RATE = "3/minute"
    client = api_client(personas.leader)
    statuses = [client.get("/units/", {"limit": 1}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/units/", {"limit": 1})
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "3 lần" in refused.json()["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_rate_is_counted_per_token(personas, api_client, settings):
    settings.TG_API_RATE = "1/minute"
    first, second = api_client(personas.leader), api_client(personas.leader)
    assert first.get("/units/", {"limit": 1}).status_code == 200
    assert first.get("/units/", {"limit": 1}).status_code == 429
    assert second.get("/units/", {"limit": 1}).status_code == 200


def test_a_new_window_lets_calls_through_again(personas, api_client, settings, monkeypatch):
    import time

    settings.TG_API_RATE = "1/second"
    client = api_client(personas.leader)
    now = [1_000_000.2]
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert client.get("/units/", {"limit": 1}).status_code == 200
    assert client.get("/units/", {"limit": 1}).status_code == 429
    now[0] += 1
    assert client.get("/units/", {"limit": 1}).status_code == 200


@pytest.mark.parametrize("text", ["600", "600/week", "0/minute", "x/minute", "-1/hour"])
def test_an_unreadable_rate_setting_stops_the_process(text, monkeypatch):
    from tuyengiao.lib.env import ConfigError, envrate

    monkeypatch.setenv("TG_API_RATE", text)
    with pytest.raises(ConfigError):
        envrate("TG_API_RATE", "600/minute")


def test_the_rate_setting_reads_the_environment(monkeypatch):
    from tuyengiao.lib.env import envrate, parse_rate

    monkeypatch.setenv("TG_API_RATE", "120/hour")
    assert parse_rate(envrate("TG_API_RATE", "600/minute")) == (120, 3600)
    monkeypatch.delenv("TG_API_RATE")
    assert envrate("TG_API_RATE", "600/minute") == "600/minute"


def _redis_url() -> str | None:
    """The local Redis of the development and CI machines (README), or None where there is none."""
    import os

    import redis

    url = os.environ.get("TG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            raise
        return None
    return url


def test_with_a_redis_cache_the_rate_window_is_shared_by_every_process(personas, api_client, settings):
    import redis

    url = _redis_url()
    if url is None:
        pytest.skip("no Redis at 127.0.0.1:6379 (CI has one)")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "tgtest"}
    }
    server = redis.Redis.from_url(url)
    server.flushdb()
    try:
        settings.TG_API_RATE = "2/minute"
        client = api_client(personas.leader)
        assert [client.get("/units/", {"limit": 1}).status_code for _ in range(3)] == [200, 200, 429]
        # The counter lives in Redis, where another worker process reads the same window.
        counters = [key for key in server.keys("tgtest:*")]
        assert counters and max(int(server.get(key) or 0) for key in counters) >= 2
    finally:
        server.flushdb()


def test_a_cache_url_that_is_not_redis_stops_the_process():
    import subprocess
    import sys
    from pathlib import Path

    env = {"TG_CACHE_URL": "memcached://127.0.0.1:11211", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "TG_CACHE_URL" in result.stderr
