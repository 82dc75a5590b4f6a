"""A jurisdiction no policy names is never dunned under China's policy: with a default policy
configured, that policy decides and is named in every decision; without one, the debtor's
facts are recorded, its dunning holds, and a collector is asked to configure a policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from services.collections.adapters.policy_files import (
    SHIPPED,
    PolicyRejected,
    load_book,
    parse_policy,
)
from services.collections.application.views import DebtorView
from services.collections.application.worklist import entry_for
from services.collections.domain import errors
from services.collections.domain import events as ev
from services.collections.domain.commands import CompleteTask, MakePromise
from services.collections.domain.policy import RULE_POLICY_DEFAULT, RULE_POLICY_MISSING
from shared.contracts import Event
from shared.contracts import collections as c
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    History,
    Invoices,
    day,
    money,
    of_type,
    one,
    registered,
    types,
)

EXAMPLE_DEFAULT = SHIPPED / "examples" / "default.yaml"


def registered_in(jurisdiction: str) -> Event:
    return registered(currency="EUR").model_copy(update={"jurisdiction": jurisdiction})


def with_default(tmp_path: Path) -> History:
    for policy in [*SHIPPED.glob("*.yaml"), EXAMPLE_DEFAULT]:
        shutil.copy(policy, tmp_path / policy.name)
    return History(book=load_book(tmp_path))


def overdue_in_mx(history: History) -> History:
    inv = Invoices()
    history.given(registered_in("mx"), inv.issue("INV-1", "900.00", "EUR"))
    return history.given(inv.miss("INV-1"))


def test_without_a_default_a_debtor_of_an_unnamed_jurisdiction_is_held_not_dunned_as_cn() -> None:
    history = overdue_in_mx(History())
    assert of_type(history.events, ev.PolicyAssigned) == []
    assert of_type(history.events, c.DunningLevelReached) == []
    assert "NotificationRequested" not in types(history.events)
    missing = one(history.events, ev.PolicyMissing)
    assert missing.jurisdiction == "mx"
    task = one(history.events, c.CollectorTaskRaised)
    assert (task.task, task.rule) == ("configure_dunning_policy", RULE_POLICY_MISSING)
    assert history.review(day(3, 1, 2027)) == []  # nothing escalates, nothing is said twice


def test_the_view_of_a_held_debtor_names_no_policy_and_why() -> None:
    history = overdue_in_mx(History())
    shown = DebtorView.of(history.state, history.events, len(history.events), BOOK, history.now)
    assert (shown.policy_id, shown.policy_version) == (None, None)
    assert shown.policy_problem and "jurisdiction mx" in shown.policy_problem
    assert shown.overdue == [money("900.00", "EUR")] and shown.next_step is None
    assert any("no dunning policy" in t.summary for t in shown.timeline)
    entry = entry_for(history.state, len(history.events), BOOK, history.now)
    assert entry is not None and entry.overdue == money("900.00", "EUR")


def test_a_collectors_command_for_a_held_debtor_is_refused_by_name() -> None:
    history = overdue_in_mx(History())
    promise = MakePromise(customer_id=DEBTOR, promise_id="P-1", amount=money("900.00", "EUR"),
                          due_on=day(12, 20), channel="phone", taken_by="c-7")  # fmt: skip
    with pytest.raises(errors.NoDunningPolicy, match="no default policy"):
        history.do(promise)


def test_a_debtor_registered_later_in_an_unnamed_jurisdiction_leaves_the_home_policy() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "900.00"), inv.miss("INV-1"))
    assert history.state.policy_id == "cn-default"  # not registered yet: the home jurisdiction
    events = history.when(registered_in("br"))
    assert types(events) == ["DebtorRegistered", "PolicyMissing", "CollectorTaskRaised"]
    assert (history.state.policy_id, history.state.assigned_version) == (None, None)


def test_a_configured_default_decides_and_is_named_in_every_decision(tmp_path: Path) -> None:
    history = overdue_in_mx(with_default(tmp_path))
    history.review(day(1, 15, 2027))
    assigned = one(history.events, ev.PolicyAssigned)
    assert (assigned.policy_id, assigned.rule) == ("default", RULE_POLICY_DEFAULT)
    decisions = of_type(history.events, c.Provenance)
    assert len(decisions) > 3
    assert {e.policy_version for e in decisions} == {"default-2026.1"}
    assert one(history.events, c.DemandIssued).policy_version == "default-2026.1"
    shown = DebtorView.of(history.state, history.events, len(history.events), history.book,
                          history.now)  # fmt: skip
    assert (shown.policy_id, shown.policy_version, shown.policy_problem) == (
        "default", "default-2026.1", None,
    )  # fmt: skip
    assert any("configured default" in t.summary for t in shown.timeline)


def test_a_cn_debtor_keeps_the_cn_policy_when_a_default_is_configured(tmp_path: Path) -> None:
    inv = Invoices()
    history = with_default(tmp_path).given(registered(), inv.issue("INV-1", "100.00"))
    assert one(history.events, ev.PolicyAssigned).policy_version == "cn-2026.1"


def test_two_default_policies_are_refused_at_load(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_DEFAULT, tmp_path / "a.yaml")
    text = EXAMPLE_DEFAULT.read_text().replace("id: default", "id: other-default")
    (tmp_path / "b.yaml").write_text(text)
    with pytest.raises(PolicyRejected, match="only one policy may be the default"):
        load_book(tmp_path)


def test_a_default_policy_whose_version_would_not_name_it_is_refused() -> None:
    text = EXAMPLE_DEFAULT.read_text().replace("version: default-2026.1", "version: v1")
    with pytest.raises(PolicyRejected, match="must start with 'default'"):
        parse_policy(text, "default.yaml")


def test_the_task_of_a_held_debtor_can_still_be_completed() -> None:
    history = overdue_in_mx(History())
    task = one(history.events, c.CollectorTaskRaised)
    complete = CompleteTask(customer_id=DEBTOR, task_id=task.task_id, outcome="asked legal",
                            completed_by="c-7")  # fmt: skip
    done = history.do(complete)
    assert types(done) == ["CollectorTaskCompleted"]
    assert history.state.open_tasks == ()
