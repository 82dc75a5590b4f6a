"""Which channels a notifications process has, from its settings."""

from __future__ import annotations

import secrets
from pathlib import Path

import httpx

from services.notifications.adapters.channels.email import SmtpEmailChannel
from services.notifications.adapters.channels.letter import PdfLetterChannel
from services.notifications.adapters.channels.log import LogChannel
from services.notifications.adapters.channels.relay_lookup import HttpRelayLookup
from services.notifications.adapters.channels.sms import HttpSmsChannel
from services.notifications.adapters.channels.webhook import SignedWebhookChannel
from services.notifications.application.links import UnsubscribeLinks
from services.notifications.application.outgoing import Channel
from shared.contracts.notifications import Channel as ChannelName
from shared.infra.settings import Settings


def secret_of(settings: Settings, value: str | None, name: str) -> str:
    """A configured secret; development and test fall back to a fixed one, others refuse."""
    if value:
        return value
    if settings.environment in ("staging", "production"):
        raise ValueError(f"HUIKUAN_{name.upper()} must be set in {settings.environment}")
    return f"development-{name}-not-secret"


def channels_for(
    settings: Settings, http: httpx.AsyncClient | None = None
) -> dict[ChannelName, Channel]:
    """The log channel always; e-mail, SMS, letter and webhook when enabled."""
    channels: dict[ChannelName, Channel] = {"log": LogChannel()}
    if settings.email_enabled:
        lookup = None
        if http is not None and settings.smtp_lookup_url:
            lookup = HttpRelayLookup(http, settings.smtp_lookup_url, settings.smtp_lookup_token)
        channels["email"] = SmtpEmailChannel(
            settings.smtp_host, settings.smtp_port, settings.smtp_sender,
            username=settings.smtp_username, password=settings.smtp_password,
            starttls=settings.smtp_starttls, lookup=lookup,
        )  # fmt: skip
    if settings.letter_enabled:
        channels["letter"] = PdfLetterChannel(Path(settings.notifications_var_dir))
    if http is None:
        return channels
    if settings.sms_enabled:
        channels["sms"] = HttpSmsChannel(
            http, settings.sms_url, settings.sms_api_key, settings.sms_auth
        )
    if settings.webhook_enabled:
        secret = secret_of(settings, settings.webhook_secret, "webhook_secret")
        channels["webhook"] = SignedWebhookChannel(http, settings.webhook_url, secret)
    return channels


def inbound_secret_for(settings: Settings) -> str:
    """The SMS callbacks' secret; without SMS no callback is expected, so none is required."""
    if not settings.sms_enabled and not settings.sms_inbound_secret:
        return secrets.token_hex(32)  # nobody knows it: every callback is refused
    return secret_of(settings, settings.sms_inbound_secret, "sms_inbound_secret")


def links_for(settings: Settings) -> UnsubscribeLinks:
    secret = secret_of(settings, settings.unsubscribe_secret, "unsubscribe_secret")
    previous = settings.unsubscribe_secret_previous or None
    return UnsubscribeLinks(settings.notifications_public_url, secret, previous)
