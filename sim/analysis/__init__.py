"""Analysis of run outputs: finding and loading runs, comparing settings, figures and labels.

Reads only what runs wrote to disk (``summary.json``, ``timeseries.parquet``, Hydra's
``.hydra/`` files), so results of older versions of the model stay comparable. Never imports the
model (:mod:`sim.model`) or the engine (:mod:`sim.engine`), nor the run layer (:mod:`sim.run`).
"""
