"""The flow of openings the urn-ball search compares applicants with (``docs/model.md``
section 7.3).

A simulated run holds one title in ``scale`` and one worker in ``scale``. Its openings of a kind
(a role in a region) arrive in lumps: a whole title's team on one day, then nothing for days,
where the real market sees the same kind of openings from many titles every day. Comparing a
day's applicants with that day's lump would make openings harder to fill the coarser the scale
(more unfilled and more travellers at ``scale=50`` than at ``scale=10``). So the search compares
them with the kind's mean daily openings over recent days: an exponentially weighted mean with a
memory of ``market.openings_window_days`` days, which estimates the real market's daily flow
divided by ``scale`` whatever the scale. The flow's real counterpart is the steady stream of
calls that casting and crew groups post every day.
"""

import numpy as np


class OpeningsFlow:
    """Mean daily openings (simulated slots a day) of each integer key, exponentially weighted
    with a memory of ``window_days`` days; keys without openings decay towards 0."""

    def __init__(self, window_days: float):
        self.keep = 1.0 - 1.0 / window_days
        """Weight a day's mean carries into the next."""
        self.mean = np.zeros(0)
        self.day = np.zeros(0, dtype=np.int64)  # the day each key's mean was last brought to

    def add(self, keys: np.ndarray, counts: np.ndarray, day: int) -> np.ndarray:
        """Count ``counts`` openings of the distinct ``keys`` on ``day`` (called again on the
        same day, the counts add up); returns the keys' mean daily openings including them."""
        if len(keys) and keys.max() >= len(self.mean):
            grown = 2 * int(keys.max()) + 1
            self.mean = np.concatenate([self.mean, np.zeros(grown - len(self.mean))])
            self.day = np.concatenate([self.day, np.full(grown - len(self.day), day)])
        mean = self.mean[keys] * self.keep ** (day - self.day[keys]) + (1 - self.keep) * counts
        self.mean[keys] = mean
        self.day[keys] = day
        return mean
