"""Message templates: the sandboxed Jinja renderer, the linter it runs at load, and the
variables a template may read (formatted as text)."""
