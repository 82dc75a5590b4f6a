"""R3 opt-out: the words that ask to stop, the one confirmation, the opt-out line every
e-mail and SMS carries."""

from __future__ import annotations

from services.notifications.domain.message import RenderedMessage

OPT_OUT_TEMPLATE = "opt_out_confirmation"
OPT_OUT_WORDS = frozenset({"stop", "unsubscribe", "退订", "td", "取消"})


def is_opt_out(text: str) -> bool:
    """An SMS reply that asks to stop: STOP / unsubscribe / 退订 (any case, trimmed)."""
    return text.strip().strip("。.!！").strip().casefold() in OPT_OUT_WORDS


def with_opt_out(message: RenderedMessage, channel: str, url: str | None) -> RenderedMessage:
    """The message with the channel's opt-out line added (none on a confirmation)."""
    if message.template == OPT_OUT_TEMPLATE or channel not in ("email", "sms"):
        return message
    zh = message.language.startswith("zh")
    if channel == "sms":
        if "STOP" in message.body.upper() or "退订" in message.body:
            return message  # the template already says how to opt out
        line = "回复“退订”或 STOP 退订" if zh else "Reply STOP to opt out"
        return _append(message, f"{line}\n")
    if not url or url in message.body:
        return message  # the template already carries the link
    label = "退订链接" if zh else "Unsubscribe"
    return _append(message, f"\n{label}: {url}\n")


def builtin_confirmation(language: str) -> RenderedMessage:
    """Used only while no ``opt_out_confirmation`` template is catalogued."""
    if language.startswith("zh"):
        subject, body = "退订确认", "您已退订，此后我们将不再通过此渠道联系您。\n"
    else:
        subject = "Unsubscribe confirmed"
        body = "You have opted out. We will not contact you on this channel again.\n"
    return RenderedMessage(OPT_OUT_TEMPLATE, "builtin-1", language, subject, body)


def _append(message: RenderedMessage, extra: str) -> RenderedMessage:
    if not extra:
        return message
    return RenderedMessage(
        message.template, message.template_version, message.language, message.subject,
        message.body.rstrip("\n") + "\n" + extra, envelope=message.envelope,
        legal_notice=message.legal_notice,
    )  # fmt: skip
