"""Invoicing's domain: invoices, payments and the due-date watch. Pure: no I/O, no clock."""
