"""What the console makes of a service's refusal: a message, and the form field it is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The services' named rules that concern one field of a console form.
FIELD_OF_RULE: dict[str, tuple[str, ...]] = {
    "PromiseDateInPast": ("due_on", "valid_until", "instalments"),
    "PromiseAlreadyPending": ("promise_id",),
    "PlanNotValid": ("instalments",),
    "PlanAlreadyRunning": ("instalments",),
    "NothingOverdue": ("amount", "discount", "currency"),
    "DiscountTooLarge": ("discount",),
    "UnknownInvoice": ("invoice_id",),
    "AlreadyDisputed": ("invoice_id",),
    "NotDisputed": ("invoice_id",),
    "UnknownOffer": ("offer_id",),
}


@dataclass
class ApiError(Exception):
    """A service answered 4xx/5xx (or could not be reached: ``status`` 503)."""

    status: int
    detail: str
    rule: str = ""
    fields: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status}: {self.detail}"

    @classmethod
    def of(cls, status: int, body: Any) -> ApiError:
        if not isinstance(body, dict):
            return cls(status, str(body)[:300])
        detail = body.get("detail")
        if status == 422 and isinstance(detail, list):
            return cls(status, "invalid input", fields=_validation_fields(detail))
        return cls(status, str(detail or body.get("error") or status), str(body.get("rule", "")))

    def for_form(self, form_fields: tuple[str, ...]) -> tuple[dict[str, str], str]:
        """(errors next to fields, error for the whole form)."""
        named = {k: v for k, v in self.fields.items() if k in form_fields}
        if named:
            return named, ""
        for candidate in FIELD_OF_RULE.get(self.rule, ()):
            if candidate in form_fields:
                return {candidate: self.detail}, ""
        return {}, self.detail


def _validation_fields(problems: list[Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in problems:
        loc = [str(part) for part in problem.get("loc", ())]
        name = loc[1] if len(loc) > 1 and loc[0] in ("body", "query", "path") else loc[-1]
        msg = str(problem.get("msg", "invalid"))
        fields[name] = f"{fields[name]}; {msg}" if name in fields else msg
    return fields
