"""``python -m services.notifications``: run the notifications service."""

from services.notifications.app import build
from shared.infra.serve import serve

serve("notifications", build)
