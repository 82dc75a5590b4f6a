"""HTTP API of the notifications service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from services.notifications.application.views import NotificationQueries, NotificationView
from shared.auth import Principal, Role, require_roles

router = APIRouter(prefix="/notifications", tags=["notifications"])
Reader = Annotated[Principal, Depends(require_roles(Role.AUDITOR, Role.COLLECTOR))]


@router.get("/{request_id}")
async def get_notification(request: Request, request_id: str, _: Reader) -> NotificationView:
    """A request's deliveries, every gate decision and the hash-chained evidence."""
    queries: NotificationQueries = request.app.state.notifications
    return await queries.get(request_id)
