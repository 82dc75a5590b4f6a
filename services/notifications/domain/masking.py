"""Masked addresses: enough to recognise an address in evidence, not to use it."""

from __future__ import annotations


def mask_email(address: str) -> str:
    """``li.wei@example.com`` → ``l***@example.com``."""
    local, sep, domain = address.strip().rpartition("@")
    if not sep or not local:
        return "***"
    return f"{local[0]}***@{domain}"


def mask_phone(number: str) -> str:
    """``+86 138 0013 8000`` → ``***8000`` (the last four digits only)."""
    digits = [ch for ch in number if ch.isdigit()]
    return "***" + "".join(digits[-4:]) if len(digits) > 4 else "***"


def mask_address(channel: str, address: str) -> str:
    """The masked form of ``address`` as evidence for ``channel``."""
    return mask_phone(address) if channel == "sms" else mask_email(address)
