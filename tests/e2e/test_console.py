"""The console against the real services: a collector's day in Chromium, and who sees what.

Browser tests drive Debian's Chromium (``/usr/bin/chromium``) through Playwright; nothing
is downloaded at run time. Select them with ``-m browser``. They save screenshots of the
worklist and debtor pages as test artefacts in ``var/artefacts/screenshots/`` (or the folder
``HUIKUAN_ARTEFACTS`` names); with ``HUIKUAN_UPDATE_SCREENSHOTS=1`` they also refresh the copies
in ``docs/screenshots/`` that the README links, so a plain test run leaves the checkout clean.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import redis
from playwright.sync_api import Browser, Page, expect, sync_playwright

from shared.infra import keys
from tests.e2e.console_system import (
    DEBTORS,
    NEW_PASSWORD,
    TASKED,
    ConsoleSystem,
    console_system,
    contact_email,
    signed_in_client,
    until,
)

__all__ = ["console_system"]  # the module's system fixture

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("HUIKUAN_ARTEFACTS", ROOT / "var" / "artefacts")) / "screenshots"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"


def save_screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot as a test artefact (and into docs/ when asked to)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)
    assert (SCREENSHOTS / name).stat().st_size > 0
    if os.environ.get("HUIKUAN_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(SCREENSHOTS / name, DOCS_SCREENSHOTS / name)


PARKED = "hk:test:console-replayed"  # a stream no service reads: a replay lands there
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def sign_in(page: Page, cs: ConsoleSystem, username: str) -> None:
    page.goto(f"{cs.url}/sign-in")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("^(密码|Password)$")).fill(cs.passwords[username])
    page.get_by_role("button", name=re.compile("登录|Sign in")).click()
    if page.url.endswith("/password"):
        page.locator("#current").fill(cs.passwords[username])
        page.locator("#new").fill(NEW_PASSWORD)
        page.get_by_role("button", name=re.compile("保存|Save")).click()
        cs.passwords[username] = NEW_PASSWORD
    expect(page).to_have_url(re.compile(r"/worklist$"))


@pytest.mark.browser
def test_a_collector_signs_in_works_a_debtor_and_signs_out(
    console_system: ConsoleSystem, page: Page
) -> None:
    cs = console_system
    sign_in(page, cs, "chen")

    ranked = page.locator("#worklist tbody tr td:nth-child(2)").all_inner_texts()
    assert ranked == [customer_id for customer_id, _ in DEBTORS] + [TASKED[0]]
    page.wait_for_selector("#charts figure svg")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_screenshot(page, "worklist.png")

    first = DEBTORS[0][0]
    page.get_by_role("link", name=first, exact=True).click()
    expect(page.locator("h1")).to_contain_text(first)

    promise = page.locator("#form-promise")
    promise.get_by_label(re.compile("金额|Amount")).fill("-5")
    promise.get_by_label(re.compile("付款日期|Pay by")).fill(_in_days(cs, 7).isoformat())
    promise.get_by_role("button").click()
    error = page.locator("#form-promise #e-promise-amount")
    expect(error).to_be_visible()
    expect(page.locator("#f-promise-amount")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#timeline")).not_to_contain_text("PromiseMade")

    promise = page.locator("#form-promise")
    promise.get_by_label(re.compile("金额|Amount")).fill("5000.00")
    promise.get_by_label(re.compile("付款日期|Pay by")).fill(_in_days(cs, 7).isoformat())
    promise.get_by_role("button").click()
    row = page.locator("#timeline tr", has_text="PromiseMade")
    expect(row).to_contain_text("5000.00")
    expect(row).to_contain_text("console:chen")  # the event names the person, not a service
    page.wait_for_selector("#balance-chart figure svg")
    save_screenshot(page, "debtor.png")

    expect(page.get_by_role("link", name=re.compile("API 密钥|API keys"))).to_have_count(0)
    answer = page.goto(f"{cs.url}/admin/keys")
    assert answer is not None and answer.status == 403

    page.goto(f"{cs.url}/worklist")
    page.get_by_role("button", name=re.compile("退出|Sign out")).click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.goto(f"{cs.url}/worklist")
    expect(page).to_have_url(re.compile(r"/sign-in$"))


@pytest.mark.browser
def test_a_collector_takes_a_task_completes_it_and_logs_a_call(
    console_system: ConsoleSystem, page: Page
) -> None:
    cs = console_system
    sign_in(page, cs, "chen")
    page.get_by_role("link", name=re.compile("^(任务|Tasks)$")).click()
    expect(page.locator("#tasks")).to_contain_text(re.compile("没有未完成的任务|No open task"))

    page.goto(f"{cs.url}/tasks?whose=all")
    row = page.locator("#tasks tbody tr", has_text=TASKED[0])
    expect(row).to_contain_text("collections-team")
    row.get_by_role("button", name=re.compile("^(转派|Reassign)$")).click()  # to me, prefilled
    expect(page.get_by_role("status")).to_be_visible()
    page.goto(f"{cs.url}/tasks")  # mine
    mine = page.locator("#tasks tbody tr", has_text=TASKED[0])
    expect(mine).to_contain_text("console:chen")
    page.goto(f"{cs.url}/worklist?mine=1")
    expect(page.locator("#worklist tbody")).to_contain_text(TASKED[0])
    expect(page.locator("#worklist tbody")).not_to_contain_text(DEBTORS[0][0])

    page.goto(f"{cs.url}/tasks")
    mine = page.locator("#tasks tbody tr", has_text=TASKED[0])
    mine.get_by_label(re.compile("结果|Outcome")).fill("phoned the buyer")
    mine.get_by_role("button", name=re.compile("^(完成|Complete)$")).click()
    expect(page.locator("#tasks")).to_contain_text(re.compile("没有未完成的任务|No open task"))

    page.goto(f"{cs.url}/debtors/{TASKED[0]}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("reassigned from collections-team to console:chen")
    expect(timeline).to_contain_text("completed by console:chen")

    zone = ZoneInfo(cs.settings.business_timezone)
    held = (_now(cs) - dt.timedelta(hours=1)).astimezone(zone)
    form = page.locator("#form-conversation")
    form.get_by_label(re.compile("渠道|Channel")).select_option("phone")
    form.get_by_label(re.compile("结果|Outcome")).select_option("promised_to_pay")
    form.get_by_label(re.compile("时间|When")).fill(held.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button").click()
    utc = held.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    row = page.locator("#timeline tr", has_text="ConversationRecorded")
    expect(row).to_contain_text(f"phone {utc} UTC: promised to pay (console:chen)")


@pytest.mark.browser
def test_an_admin_sees_the_keys_and_replays_a_dead_letter(
    console_system: ConsoleSystem, page: Page
) -> None:
    client = redis.Redis.from_url(console_system.system.redis_url)
    dead_id = client.xadd(keys.dead_letter("customers"), {
        "stream": PARKED, "entry_id": "1-1", "error": "Invalid JSON: planted by the test",
        "deliveries": 5, "dead_at": 1, "payload": b'{"type": "Planted"}'}).decode()  # fmt: skip
    sign_in(page, console_system, "root")
    page.get_by_role("link", name=re.compile("API 密钥|API keys")).click()
    expect(page.locator("#keys")).to_contain_text("console:chen")
    page.get_by_role("link", name=re.compile("死信|Dead letters")).click()
    row = page.locator("tr", has_text=dead_id)
    expect(row).to_contain_text("planted by the test")
    row.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text(f"customers {dead_id} →")
    assert page.locator("tr", has_text=dead_id).count() == 0
    [(_, fields)] = client.xrange(PARKED)
    assert fields[b"__data__"] == b'{"type": "Planted"}'
    client.close()


def test_an_auditor_downloads_the_evidence_and_a_collector_may_not(
    console_system: ConsoleSystem,
) -> None:
    customer_id = DEBTORS[0][0]
    with signed_in_client(console_system, "audra") as auditor:
        answer = until("the debtor's evidence", lambda: _ok(auditor.get(
            f"/debtors/{customer_id}/evidence.json")))  # fmt: skip
        pdf = auditor.get(f"/debtors/{customer_id}/evidence.pdf")
        page = auditor.get(f"/debtors/{customer_id}").text
    with signed_in_client(console_system, "chen") as collector:
        refused = collector.get(f"/debtors/{customer_id}/evidence.json")
    assert answer.json()["customer_id"] == customer_id
    assert "attachment" in answer.headers["content-disposition"]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'id="messages"' in page and "overdue_reminder" in page
    assert refused.status_code == 403


def _ok(answer: httpx.Response) -> httpx.Response | None:
    return answer if answer.status_code == 200 else None


def test_an_auditor_sees_no_contact_details_while_a_collector_does(
    console_system: ConsoleSystem,
) -> None:
    customer_id = DEBTORS[1][0]
    with signed_in_client(console_system, "audra") as auditor:
        page = auditor.get(f"/debtors/{customer_id}")
    with signed_in_client(console_system, "chen") as collector:
        seen_by_collector = collector.get(f"/debtors/{customer_id}").text
    assert page.status_code == 200
    assert contact_email(customer_id) in seen_by_collector
    for personal in (contact_email(customer_id), "Wang Fang", "13800138"):
        assert personal not in page.text
    assert 'id="contacts-hidden"' in page.text


def test_an_auditor_may_not_record_a_promise_through_the_console(
    console_system: ConsoleSystem,
) -> None:
    customer_id = DEBTORS[2][0]
    with signed_in_client(console_system, "audra") as auditor:
        page = auditor.get(f"/debtors/{customer_id}").text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert token and 'id="form-promise"' not in page
        answer = auditor.post(f"/debtors/{customer_id}/actions/promise", data={
            "csrf_token": token.group(1), "amount": "100.00", "currency": "CNY",
            "due_on": "2099-01-01", "channel": "phone"})  # fmt: skip
    assert answer.status_code == 403
    with console_system.admin_api() as api:
        view = api.get(f"{console_system.system.urls()['collections']}/debtors/{customer_id}")
    assert "PromiseMade" not in [e["type"] for e in view.json()["timeline"]]


def _now(cs: ConsoleSystem) -> dt.datetime:
    with cs.admin_api() as api:
        now = api.get(f"{cs.system.urls()['collections']}/admin/clock").json()["now"]
    return dt.datetime.fromisoformat(now)


def _in_days(cs: ConsoleSystem, days: int) -> dt.date:
    return _now(cs).date() + dt.timedelta(days=days)
