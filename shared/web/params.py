"""Parameters the admin routes share, checked before they reach Redis.

A Redis stream id is ``<milliseconds>-<sequence>`` (or ``<milliseconds>`` alone): anything
else would make Redis answer an error, so it is refused here with 400 and the reason.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Query, status

from shared.web.openapi import answers

_STREAM_ID = re.compile(r"[0-9]{1,20}(-[0-9]{1,20})?")
STREAM_ID_HELP = "a Redis stream id: <milliseconds>-<sequence>, e.g. 1767225600000-0"


def checked_stream_id(value: str, what: str) -> str:
    """``value`` when it is a stream id; otherwise 400 naming ``what`` and the expected form."""
    if _STREAM_ID.fullmatch(value) is None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"{what}: {shown!r} is not {STREAM_ID_HELP}"
        )
    return value


@answers(400)
def _after(
    after: Annotated[
        str, Query(max_length=64, description=f"list entries after this one ({STREAM_ID_HELP})")
    ] = "-",
) -> str:
    return after if after == "-" else checked_stream_id(after, "after")


After = Annotated[str, Depends(_after)]
"""The ``after`` query parameter of a paged stream listing: ``-`` (from the start) or an id."""
