"""The configuration checks, kept importable from here for the command line and older scripts.

They live in :mod:`sim.validation`, below the model, so that
:class:`~sim.model.model.DramaLabourModel` can check the keyword parameters it is given (Mesa's
``batch_run`` and SolaraViz build it from keywords) without importing the run layer.
"""

from sim.validation import (  # noqa: F401
    ROLE_TABLES,
    SHARE_TABLES,
    TIMESERIES_STEPS,
    UNKNOWN,
    USER_SHARE_TOLERANCE,
    ConfigError,
    describe_allowed,
    describe_keys,
    is_role_table,
    range_phrase,
    show,
    validate,
)
