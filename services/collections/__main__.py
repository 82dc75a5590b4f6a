"""``python -m services.collections``: run the collections service."""

from services.collections.app import build
from shared.infra.serve import serve

serve("collections", build)
