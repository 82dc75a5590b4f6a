"""Deterministic ids: the same causes always give the same id."""

from __future__ import annotations

import hashlib
import uuid

NAMESPACE = uuid.UUID("6f1c8b5e-2f4d-5a53-9a61-6b75696b7561")

_NAMESPACE_BYTES = NAMESPACE.bytes
_VERSION_5 = ~(0xF000 << 64) & ~(0xC000 << 48)  # clears the version and variant bits
_RFC_4122_V5 = (5 << 76) | (0x8000 << 48)  # version 5, RFC 4122 variant


try:  # CPython's own SHA-1: on a name this short, OpenSSL's set-up costs more than the hash
    from _sha1 import sha1 as _sha1  # (counted: 3,400 instructions per digest against 5,400)
except ImportError:  # a build without it
    _sha1 = hashlib.sha1
# Looked up once, not per id: reading ``uuid.SafeUUID.unknown`` (an enum member, through
# its class) took about as long as making the UUID object around it.
_new, _set = object.__new__, object.__setattr__
_UUID, _UNKNOWN, _from_bytes = uuid.UUID, uuid.SafeUUID.unknown, int.from_bytes


def _uuid5(name: str) -> uuid.UUID:
    """``uuid.uuid5(NAMESPACE, name)``, without ``UUID.__init__``'s argument checks (a
    stamp derives several ids per event: the checks were half the cost). Same value."""
    digest = _sha1(_NAMESPACE_BYTES + name.encode()).digest()
    made = _new(_UUID)
    _set(made, "int", _from_bytes(digest[:16]) & _VERSION_5 | _RFC_4122_V5)
    _set(made, "is_safe", _UNKNOWN)
    return made


def _same_as_uuid5() -> bool:
    """Whether this Python's ``uuid.UUID`` is built the way ``_uuid5`` assumes."""
    try:
        return all(
            _uuid5(name) == uuid.uuid5(NAMESPACE, name)
            and str(_uuid5(name)) == str(uuid.uuid5(NAMESPACE, name))
            and hash(_uuid5(name)) == hash(uuid.uuid5(NAMESPACE, name))
            for name in ("", "command/issue:INV-1", "汇款/3")
        )
    except (AttributeError, TypeError):
        return False


_derive = _uuid5 if _same_as_uuid5() else lambda name: uuid.uuid5(NAMESPACE, name)


def derived_id(*parts: object) -> uuid.UUID:
    """A deterministic id from its causes: the same inputs always give the same id.

    Handlers derive the ids of what they emit from the event that caused them, so a
    redelivered event yields the very same ids and is recognised as already applied.
    """
    return _derive("/".join(map(str, parts)))


def joined_id(name: str) -> uuid.UUID:
    """``derived_id`` of parts the caller has joined with ``/`` already (an f-string costs
    less than the join): ``joined_id(f"{a}/{b}") == derived_id(a, b)``."""
    return _derive(name)
