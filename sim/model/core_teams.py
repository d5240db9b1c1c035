"""Studios' in-house core teams (``docs/model.md`` section 7.7): who belongs to which studio.

A studio keeps ``market.core_team`` people per shooting unit as employees; they work only for
their own studio, are hired first for its titles (stage 1 of :mod:`sim.model.hiring`) and turn
freelance when it closes. Members are found and taken on by :mod:`sim.model.studio_sector`.
"""

import numpy as np


class CoreTeams:
    """The members of each studio's core team, by studio, in joining order."""

    def __init__(self):
        self._teams: dict[int, np.ndarray] = {}
        self._index = None  # every member and their studio, by studio (None: to rebuild)

    def add(self, studio: int, members: np.ndarray) -> None:
        """``members`` join the in-house core team of ``studio``."""
        team = self._teams.get(studio)
        self._teams[studio] = members if team is None else np.concatenate([team, members])
        self._index = None

    def dissolve(self, studio: int) -> np.ndarray:
        """``studio`` closes: returns its core team, which no longer belongs to it."""
        self._index = None
        return self._teams.pop(studio, np.empty(0, dtype=np.int64))

    def members_of(self, studios: np.ndarray) -> np.ndarray:
        """The core members of the studios in ``studios``, studio by studio in index order, each
        team in joining order. (Teams change monthly, so all of them are kept in one array.)"""
        if self._index is None:
            order = sorted(self._teams)
            teams = [self._teams[studio] for studio in order]
            studio_of = np.repeat(np.array(order, dtype=np.int64), [len(t) for t in teams])
            members = np.concatenate(teams) if teams else np.empty(0, dtype=np.int64)
            self._index = (members.astype(np.int64), studio_of)
        members, studio_of = self._index
        if len(members) == 0 or len(studios) == 0:
            return members[:0]
        hiring = np.zeros(max(studio_of[-1], studios.max()) + 1, dtype=bool)
        hiring[studios] = True
        return members[hiring[studio_of]]

    def renumber(self, where: np.ndarray) -> None:
        """Rows were renumbered: row ``r`` is now ``where[r]``; each team keeps its order."""
        self._teams = {studio: where[team] for studio, team in self._teams.items()}
        self._index = None
