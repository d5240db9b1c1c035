"""Running the model: the command line and Hydra app, configuration checks, output files and
progress.

A thin layer: it composes and validates a configuration, builds
:class:`~sim.model.DramaLabourModel`, steps it and writes its outputs atomically. May import
every other part of :mod:`sim`; nothing in :mod:`sim` imports it.
"""
