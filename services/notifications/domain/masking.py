"""Masked addresses: enough to recognise an address in evidence, not to use it (the
masking itself is the kernel's, shared with customers' masked profiles)."""

from __future__ import annotations

from shared.kernel.masking import mask_email, mask_phone

__all__ = ["mask_address", "mask_email", "mask_phone"]


def mask_address(channel: str, address: str) -> str:
    """The masked form of ``address`` as evidence for ``channel``."""
    return mask_phone(address) if channel == "sms" else mask_email(address)
