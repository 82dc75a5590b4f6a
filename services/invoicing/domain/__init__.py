"""Invoicing's domain: the customer account (the ledger of record, ``ledger/``), what
invoicing adds around it (``decide``, ``account_*``, ``publishing``, ``statement_run``),
the due-date watch, and the per-invoice state of earlier releases (``state``, still
readable). Pure."""
