"""The engine: array machinery that makes the model's rules fast, and nothing else.

Column tables (struct-of-arrays storage that grows by doubling, with interleaved records),
calendars (bucket queues keyed by day), idle events (hazards drawn once as waiting times),
candidate pools (hiring without scanning the workforce), the compiled kernels that the rules call
by name, huge memory pages, raw uniform draws inside kernels and the threads of the kernels that
run on every core (:mod:`sim.engine.threads`). Each kernel's docstring names the rule it
implements (a section of ``docs/model.md``) and the plain-Python version it matches.

May import: numpy, numba, :mod:`sim.config` and the vocabulary of codes
(:mod:`sim.vocabulary`, which imports nothing). Never imports the rules
(:mod:`sim.model`), the command line (:mod:`sim.run`) or analysis (:mod:`sim.analysis`).

Compiled kernels are cached by numba in a folder keyed on the engine's sources
(:mod:`sim.engine.kernel_cache`), so a change to any of them never serves stale machine code.
"""

from sim.engine import kernel_cache  # noqa: F401  (first: keys numba's cache on the sources)
