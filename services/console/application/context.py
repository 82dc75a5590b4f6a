"""Everything a console page reaches, built once by the composition root (``app.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.console.application.accounts import Accounts
from services.console.application.ports import Charts, KeyRegistry, ServicesApi, SessionStore
from services.console.settings import ConsoleSettings


@dataclass
class Console:
    settings: ConsoleSettings
    secret: str
    accounts: Accounts
    sessions: SessionStore
    api: ServicesApi
    keys: KeyRegistry
    charts: Charts

    @property
    def session_lifetime(self) -> dt.timedelta:
        return dt.timedelta(hours=self.settings.console_session_hours)
