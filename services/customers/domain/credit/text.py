"""Text a person or an ERP typed, refused when it carries invisible control: the kernel's
safe-text types (``shared.kernel.text``), under the names the credit file uses."""

from shared.kernel.text import (
    BIDI_CONTROLS,
    CompanyName,
    FreeText,
    Line,
    PersonName,
    code_point,
    refused_character,
)

__all__ = [
    "BIDI_CONTROLS",
    "CompanyName",
    "FreeText",
    "Line",
    "PersonName",
    "code_point",
    "refused_character",
]
