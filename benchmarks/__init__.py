"""Throughput of dramasim against a per-agent Mesa reference of the same worker rules."""
