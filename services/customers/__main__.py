"""``python -m services.customers``: run the customers service."""

from services.customers.app import build
from shared.infra.serve import serve

serve("customers", build)
