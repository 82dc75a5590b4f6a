"""``python -m services.analytics``: run the analytics read side."""

from services.analytics.app import build
from shared.infra.serve import serve

serve("analytics", build)
