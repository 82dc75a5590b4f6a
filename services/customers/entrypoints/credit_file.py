"""The credit file (诚信档案): ``GET /customers/{id}/credit-file`` for collectors and
auditors — basic information, business survey and integrity record with their history,
the rating now and every rating published (``CreditRated``), and credit control: the grade
in force (an admin's override while it stands), the exception and the terms it gives, the
limit requests and who asked for and decided each."""

from __future__ import annotations

from fastapi import APIRouter

from services.customers.application.credit import CreditFile
from services.customers.application.credit_admin import CreditControl
from services.customers.domain.values import CustomerId
from services.customers.entrypoints.deps import Wired
from shared.web.auth import Reader

router = APIRouter(prefix="/customers", tags=["credit"])


class CreditFileView(CreditFile):
    credit_control: CreditControl


@router.get("/{customer_id}/credit-file")
async def get_credit_file(customer_id: CustomerId, _: Reader, wired: Wired) -> CreditFileView:
    """The integrity record is derived from invoicing's and collections' events alone
    (invoices paid on time or late, promises, disputes, halts); the rating from the
    scorecard (``services/customers/credit/scorecard.yaml``)."""
    file = await wired.credit.credit_file(customer_id)
    control = await wired.credit_admin.control(customer_id)
    return CreditFileView.model_validate({**dict(file), "credit_control": control})
