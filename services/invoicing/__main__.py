"""``python -m services.invoicing``: run the invoicing service."""

from services.invoicing.app import build
from shared.infra.serve import serve

serve("invoicing", build)
