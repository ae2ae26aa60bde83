"""/healthz tells a load balancer or an operator whether the database, Redis and a worker answer.

Warnings (a year without a holiday calendar) are tested in tests/linze/test_holiday_calendar.py."""

import time

import pytest

BROKEN_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_all_up_answers_200_with_each_check(client, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "redis", "worker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_answer_has_the_same_shape_whether_or_not_a_worker_runs(client):
    response = client.get("/healthz")

    assert response.status_code in (200, 503)
    body = response.json()
    assert set(body) == {"status", "failing", "warnings", "checks"}
    assert isinstance(body["warnings"], dict)  # name → what to do; never a reason for 503
    assert body["checks"]["database"] == {"ok": True, "detail": "ok"}
    assert body["checks"]["redis"] == {"ok": True, "detail": "ok"}
    assert set(body["checks"]["worker"]) == {"ok", "detail"}
    assert body["failing"] == [name for name, check in body["checks"].items() if not check["ok"]]


@pytest.mark.django_db
def test_redis_unreachable_answers_503_naming_redis_within_seconds(client, settings):
    settings.REDIS_URL = BROKEN_REDIS
    settings.CELERY_BROKER_URL = BROKEN_REDIS

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "redis" in body["failing"]
    assert body["checks"]["redis"]["ok"] is False
    # The broker is the same Redis: no worker can be reached either, and saying so must not hang.
    assert "worker" in body["failing"]
    assert body["checks"]["database"]["ok"] is True
    assert elapsed < 3, f"/healthz took {elapsed:.1f} s with Redis down"
