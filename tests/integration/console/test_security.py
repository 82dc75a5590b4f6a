"""The console's own defences: CSRF tokens, session cookies, lock-out after wrong passwords.

The console runs in-process on the session's real Redis; time is the test's own clock,
moved by hand (nothing sleeps).
"""

from __future__ import annotations

import datetime as dt
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from services.console.entrypoints.web import SESSION_COOKIE
from tests.integration.console.harness import Running, running_console
from tests.support.redis_server import RedisServer

PASSWORD = "a long enough password"


async def _account(running: Running, username: str = "lin", role: str = "collector") -> str:
    """An account that has chosen its own password (the one-time one is used up)."""
    accounts = running.console.accounts
    account, one_time = await accounts.create(username, role, "en")  # type: ignore[arg-type]
    await accounts.change_password(account, one_time, PASSWORD)
    return username


@pytest.fixture
async def console(redis: aioredis.Redis, redis_server: RedisServer, tmp_path: Path) -> Running:  # type: ignore[misc]
    async with running_console(redis_server.url, str(tmp_path)) as running:
        yield running


async def test_a_sign_in_without_its_csrf_token_is_refused_with_403(console: Running) -> None:
    username = await _account(console)
    await console.client.get("/sign-in")
    answer = await console.client.post(
        "/sign-in", data={"username": username, "password": PASSWORD}
    )
    assert answer.status_code == 403
    assert SESSION_COOKIE not in console.client.cookies


async def test_a_form_with_a_missing_or_wrong_token_is_refused_and_changes_nothing(
    console: Running,
) -> None:
    username = await _account(console)
    assert (await console.sign_in(username, PASSWORD)).status_code == 303
    no_token = await console.client.post("/language", data={"language": "zh-CN"})
    wrong = await console.client.post("/language", data={"language": "zh-CN", "csrf_token": "x"})
    sign_out = await console.client.post("/sign-out")
    assert (no_token.status_code, wrong.status_code, sign_out.status_code) == (403, 403, 403)
    account = await console.console.accounts.store.get(username)
    assert account is not None and account.language == "en"
    assert (await console.client.get("/password")).status_code == 200  # still signed in


async def test_the_right_token_is_accepted(console: Running) -> None:
    username = await _account(console)
    await console.sign_in(username, PASSWORD)
    token = await console.token("/password")
    answer = await console.client.post("/language", data={"language": "zh-CN", "csrf_token": token})
    assert answer.status_code == 303
    account = await console.console.accounts.store.get(username)
    assert account is not None and account.language == "zh-CN"


ENVIRONMENTS = [("development", False), ("staging", True), ("production", True), ("test", True)]


@pytest.mark.parametrize(("environment", "secure"), ENVIRONMENTS)
async def test_the_session_cookie_is_httponly_samesite_and_secure_outside_development(
    redis: aioredis.Redis, redis_server: RedisServer, tmp_path: Path, environment: str,
    secure: bool,
) -> None:  # fmt: skip
    async with running_console(redis_server.url, str(tmp_path), environment) as console:
        answer = await console.sign_in(await _account(console), PASSWORD)
    assert answer.status_code == 303
    [header] = [h for h in answer.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)]
    cookie = SimpleCookie(header)[SESSION_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() in ("lax", "strict")
    assert bool(cookie["secure"]) is secure


async def test_five_wrong_passwords_lock_the_account_for_a_while(console: Running) -> None:
    username = await _account(console)
    for _ in range(5):
        assert (await console.sign_in(username, "not the password")).status_code == 401
    locked = await console.sign_in(username, PASSWORD)
    assert locked.status_code == 401 and "locked" in locked.text
    console.clock.now += dt.timedelta(minutes=14, seconds=59)
    assert (await console.sign_in(username, PASSWORD)).status_code == 401
    console.clock.now += dt.timedelta(seconds=1)
    assert (await console.sign_in(username, PASSWORD)).status_code == 303


async def test_four_wrong_passwords_then_the_right_one_sign_in_and_start_the_count_again(
    console: Running,
) -> None:
    username = await _account(console)
    for _ in range(4):
        await console.sign_in(username, "not the password")
    assert (await console.sign_in(username, PASSWORD)).status_code == 303
    for _ in range(4):
        await console.sign_in(username, "not the password")
    assert (await console.sign_in(username, PASSWORD)).status_code == 303


async def test_a_session_cookie_is_worthless_after_sign_out(console: Running) -> None:
    username = await _account(console)
    await console.sign_in(username, PASSWORD)
    stolen = console.client.cookies[SESSION_COOKIE]
    token = await console.token("/password")
    assert (await console.client.post("/sign-out", data={"csrf_token": token})).status_code == 303
    console.client.cookies.set(SESSION_COOKIE, stolen, domain="console.test")
    answer = await console.client.get("/worklist")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"


async def test_a_forged_session_cookie_signs_nobody_in(console: Running) -> None:
    await _account(console)
    console.client.cookies.set(SESSION_COOKIE, "forged.value.here", domain="console.test")
    answer = await console.client.get("/worklist")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"
