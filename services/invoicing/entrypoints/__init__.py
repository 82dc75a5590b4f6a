"""Ways into invoicing: the admin API, the ingest stream and the due timers."""
