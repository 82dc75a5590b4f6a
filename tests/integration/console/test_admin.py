"""An administrator's users page: a new person gets an API key of their own role, named for
them; disabling them revokes it and ends their sessions; other roles cannot get in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from services.console.entrypoints.web import SESSION_COOKIE
from tests.integration.console.harness import Running, running_console
from tests.support.apps import keys_of
from tests.support.redis_server import RedisServer

PASSWORD = "a long enough password"


@pytest.fixture
async def console(redis: aioredis.Redis, redis_server: RedisServer, tmp_path: Path) -> Running:  # type: ignore[misc]
    async with running_console(redis_server.url, str(tmp_path)) as running:
        yield running


async def _signed_in(console: Running, username: str, role: str) -> None:
    accounts = console.console.accounts
    account, one_time = await accounts.create(username, role, "en")  # type: ignore[arg-type]
    await accounts.change_password(account, one_time, PASSWORD)
    assert (await console.sign_in(username, PASSWORD)).status_code == 303


async def test_a_new_user_gets_a_one_time_password_and_a_key_of_its_role_named_for_it(
    console: Running, redis: aioredis.Redis
) -> None:
    await _signed_in(console, "boss", "admin")
    form = {"username": "wei", "role": "collector", "language": "zh-CN",
            "csrf_token": await console.token("/admin/users")}  # fmt: skip
    page = await console.client.post("/admin/users", data=form)
    assert page.status_code == 200
    shown = re.search(r'id="one-time-password">([^<]+)<', page.text)
    assert shown is not None
    wei = await console.console.accounts.sign_in("wei", shown.group(1))
    assert wei.must_change_password
    principal = await keys_of(redis).lookup(console.console.accounts.api_key(wei))
    assert principal is not None and (principal.name, principal.role) == (
        "console:wei",
        "collector",
    )


async def test_disabling_a_user_revokes_its_key_and_ends_its_sessions(
    console: Running, redis: aioredis.Redis, redis_server: RedisServer, tmp_path: Path
) -> None:
    async with running_console(redis_server.url, str(tmp_path)) as other_browser:
        await _signed_in(other_browser, "wei", "collector")
        assert (await other_browser.client.get("/password")).status_code == 200
        key = console.console.accounts.api_key(
            await console.console.accounts.store.get("wei")  # type: ignore[arg-type]
        )
        await _signed_in(console, "boss", "admin")
        token = await console.token("/admin/users")
        answer = await console.client.post("/admin/users/wei/disable", data={"csrf_token": token})
        assert answer.status_code == 200
        assert await keys_of(redis).lookup(key) is None
        assert "console:wei" not in [r.name for r in (await keys_of(redis).listing()).values()]
        kicked_out = await other_browser.client.get("/password")
    assert kicked_out.status_code == 303 and kicked_out.headers["location"] == "/sign-in"


@pytest.mark.parametrize("role", ["collector", "auditor"])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/keys", "/admin/dead-letters"])
async def test_only_an_admin_reaches_the_admin_pages(
    console: Running, role: str, path: str
) -> None:
    await _signed_in(console, "someone", role)
    assert (await console.client.get(path)).status_code == 403
    assert SESSION_COOKIE in console.client.cookies
