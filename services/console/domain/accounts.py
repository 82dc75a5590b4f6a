"""The console's people: accounts, their role and language, and the lock-out rule.

Pure: the time is always an argument. A wrong password counts toward a lock-out; the
fifth in a row locks the account for a while; a right one clears the count; a locked
account refuses even the right password until the lock runs out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

PersonRole = Literal["admin", "collector", "auditor"]
"""The roles a person signs in with (``integration`` is for machines, never people)."""
PERSON_ROLES: tuple[PersonRole, ...] = ("admin", "collector", "auditor")

Language = Literal["zh-CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh-CN", "en")

USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,31}")
"""Lower-case ASCII, 2–32 characters: it names the user in events (``console:<name>``)."""

MIN_PASSWORD_LENGTH = 12


class InvalidUsername(ValueError):
    """A username must be 2–32 lower-case ASCII letters, digits, ``.``, ``_`` or ``-``."""


class PasswordTooShort(ValueError):
    """A password has at least :data:`MIN_PASSWORD_LENGTH` characters."""


def check_username(name: str) -> str:
    if not USERNAME.fullmatch(name):
        raise InvalidUsername(f"{name!r}: use 2–32 of a-z 0-9 . _ - (starting with a letter)")
    return name


def check_password_is_long_enough(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


class LockoutRule(BaseModel):
    """How many wrong passwords in a row lock an account, and for how long."""

    model_config = ConfigDict(frozen=True)

    failures: int = Field(default=5, ge=1)
    lock_for: dt.timedelta = dt.timedelta(minutes=15)


class Account(BaseModel):
    """One person's console account (the password hash is never shown)."""

    model_config = ConfigDict(frozen=True)

    username: str
    role: PersonRole
    language: Language = "zh-CN"
    password_hash: str = Field(repr=False)
    # The user's own API key (role = the user's role), sealed with the console's secret:
    # the services then name the user in every event a write through the console makes.
    sealed_api_key: str = Field(default="", repr=False)
    must_change_password: bool = False
    disabled: bool = False
    failures: int = 0
    locked_until: AwareDatetime | None = None
    created_at: AwareDatetime

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        return check_username(value)

    @property
    def actor(self) -> str:
        """The name writes through the console carry in the services' events."""
        return f"console:{self.username}"

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_wrong_password(self, now: dt.datetime, rule: LockoutRule) -> Account:
        """One more failure; the rule's n-th in a row locks the account from ``now``."""
        failures = self.failures + 1
        if failures >= rule.failures:
            return self.model_copy(update={"failures": 0, "locked_until": now + rule.lock_for})
        return self.model_copy(update={"failures": failures})

    def after_sign_in(self) -> Account:
        return self.model_copy(update={"failures": 0, "locked_until": None})
