"""Huikuan's common kernel: contracts, event store, bus wiring, clock, timers, logging, auth."""
