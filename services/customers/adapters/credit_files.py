"""The credit scorecard, credit policy and rewards programme, read from YAML files.

The shipped documents are in ``services/customers/credit``; a bad document is refused
at load with its path and the reason of every error (``ConfigRejected``).
"""

from __future__ import annotations

from pathlib import Path

from services.customers.domain.credit.policy import CreditPolicy
from services.customers.domain.credit.rewards import RewardsProgramme
from services.customers.domain.credit.scorecard import Scorecard
from shared.config_files import parse_yaml_document

SHIPPED = Path(__file__).resolve().parent.parent / "credit"


def load_scorecard(path: Path = SHIPPED / "scorecard.yaml") -> Scorecard:
    return parse_yaml_document(path.read_text(encoding="utf-8"), Scorecard, str(path), "scorecard")


def load_credit_policy(path: Path = SHIPPED / "policy.yaml") -> CreditPolicy:
    text = path.read_text(encoding="utf-8")
    return parse_yaml_document(text, CreditPolicy, str(path), "credit policy")


def load_rewards(path: Path = SHIPPED / "rewards.yaml") -> RewardsProgramme:
    text = path.read_text(encoding="utf-8")
    return parse_yaml_document(text, RewardsProgramme, str(path), "rewards programme")
