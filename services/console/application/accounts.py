"""Signing in (with the lock-out rule), and an administrator's acts on accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from services.console.application.ports import (
    AccountStore,
    Clock,
    KeyIssuer,
    KeySealer,
    PasswordHasher,
    SessionStore,
)
from services.console.domain.accounts import (
    Account,
    Language,
    LockoutRule,
    PersonRole,
    check_password_is_long_enough,
    check_username,
)


class SignInRefused(Exception):
    """Wrong username or password, a locked or a disabled account (``reason`` says which)."""

    def __init__(self, reason: str, account: Account | None = None) -> None:
        super().__init__(reason)
        self.reason, self.account = reason, account


class UsernameTaken(ValueError):
    """Another account already has this username."""


class UnknownAccount(LookupError):
    """No console account has this username."""


class NoApiAccess(RuntimeError):
    """The account's API key could not be opened (the console's secret changed)."""


def one_time_password() -> str:
    """A password to be used once: the account must choose its own at first sign-in."""
    return secrets.token_urlsafe(12)


@dataclass
class Accounts:
    store: AccountStore
    hasher: PasswordHasher
    keys: KeyIssuer
    sealer: KeySealer
    sessions: SessionStore
    clock: Clock
    rule: LockoutRule
    _dummy_hash: str = ""

    async def sign_in(self, username: str, password: str) -> Account:
        """The account, or :class:`SignInRefused`. A locked account refuses every password
        (the right one too) until its lock runs out; the hash is checked for unknown names
        too, so the answer takes as long whether or not the name exists."""
        account = await self.store.get(username.strip().lower())
        if account is None:
            self.hasher.verify(self._dummy(), password)
            raise SignInRefused("wrong")
        now = self.clock()
        if account.is_locked(now):
            raise SignInRefused("locked", account)
        if not self.hasher.verify(account.password_hash, password):
            after = await self.store.update(
                account.username, lambda a: a.after_wrong_password(now, self.rule)
            )
            locked = after is not None and after.is_locked(now)
            raise SignInRefused("locked" if locked else "wrong", after)
        if account.disabled:
            raise SignInRefused("disabled", account)
        signed_in = await self.store.update(account.username, lambda a: a.after_sign_in())
        return signed_in or account

    def _dummy(self) -> str:
        if not self._dummy_hash:
            self._dummy_hash = self.hasher.hash(secrets.token_hex(16))
        return self._dummy_hash

    async def create(
        self, username: str, role: PersonRole, language: Language
    ) -> tuple[Account, str]:
        """A new account with a one-time password (returned once) and its own API key."""
        check_username(username)
        if await self.store.get(username) is not None:
            raise UsernameTaken(username)
        password = one_time_password()
        key = await self.keys.issue(f"console:{username}", role)
        account = Account(
            username=username, role=role, language=language,
            password_hash=self.hasher.hash(password), must_change_password=True,
            sealed_api_key=self.sealer.seal(key), created_at=self.clock(),
        )  # fmt: skip
        if not await self.store.add(account):
            await self.keys.revoke(key)
            raise UsernameTaken(username)
        return account, password

    async def change_password(self, account: Account, current: str, new: str) -> Account:
        if not self.hasher.verify(account.password_hash, current):
            raise SignInRefused("wrong", account)
        check_password_is_long_enough(new)
        if new == current:
            raise ValueError("choose a password other than the one-time password")
        changed = {"password_hash": self.hasher.hash(new), "must_change_password": False}
        return await self._change(account.username, changed)

    async def reset_password(self, username: str) -> str:
        """A new one-time password; the account's sessions end."""
        password = one_time_password()
        changed = {"password_hash": self.hasher.hash(password), "must_change_password": True,
                   "failures": 0, "locked_until": None}  # fmt: skip
        await self._change(username, changed)
        await self.sessions.end_all(username)
        return password

    async def set_role(self, username: str, role: PersonRole) -> Account:
        """A new role needs a new API key: the old one is revoked."""
        account = await self._get(username)
        key = await self.keys.issue(account.actor, role)
        sealed = self.sealer.seal(key)
        changed = await self._change(username, {"role": role, "sealed_api_key": sealed})
        await self._revoke(account)
        await self.sessions.end_all(username)
        return changed

    async def set_disabled(self, username: str, disabled: bool) -> Account:
        account = await self._get(username)
        if disabled:
            await self._revoke(account)
            changed = await self._change(username, {"disabled": True, "sealed_api_key": ""})
            await self.sessions.end_all(username)
            return changed
        key = await self.keys.issue(account.actor, account.role)
        sealed = self.sealer.seal(key)
        return await self._change(username, {"disabled": False, "sealed_api_key": sealed})

    async def set_language(self, username: str, language: Language) -> Account:
        return await self._change(username, {"language": language})

    def api_key(self, account: Account) -> str:
        key = self.sealer.open(account.sealed_api_key) if account.sealed_api_key else None
        if key is None:
            raise NoApiAccess(account.username)
        return key

    async def _revoke(self, account: Account) -> None:
        key = self.sealer.open(account.sealed_api_key) if account.sealed_api_key else None
        if key is not None:
            await self.keys.revoke(key)

    async def _get(self, username: str) -> Account:
        account = await self.store.get(username)
        if account is None:
            raise UnknownAccount(username)
        return account

    async def _change(self, username: str, fields: dict[str, object]) -> Account:
        changed = await self.store.update(username, lambda a: a.model_copy(update=fields))
        if changed is None:
            raise UnknownAccount(username)
        return changed
