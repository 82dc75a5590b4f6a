"""Redis adapters of invoicing: the invoice-number index and the rejection stream."""
