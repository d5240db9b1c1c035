"""Hydra sweeper plugin of dramasim: the basic sweeper plus replicates and sweep progress."""
