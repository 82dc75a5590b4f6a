"""Developer tools: the ``huikuan`` CLI, the demo, the local system, the schema writer.

Tests and benchmarks may import it; no service and nothing under ``shared/`` does
(``tests/test_layering.py`` keeps it so).
"""
