"""Masked personal data: enough to recognise a name or an address, not to use it."""

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


def mask_name(name: str) -> str:
    """``Wang Xiaoming`` → ``W*** X***``, ``王小明`` → ``王**``: each word's first character."""
    return " ".join(word[0] + "*" * min(len(word) - 1, 3) for word in name.split()) or "***"
