"""Redis and process plumbing: event store, repositories, bus, timers, clocks, keys, dead
letters, settings, logging, metrics, the service runtime."""
