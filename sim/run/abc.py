"""ABC-SMC with a budget of simulations, run in batches, built from pyabc's public pieces.

Approximate Bayesian computation by sequential Monte Carlo (Beaumont et al. 2009, Biometrika
96:983; Del Moral et al. 2012's adaptive tolerances), as pyabc's ``ABCSMC`` runs it, but with the
simulations of a generation handed over in batches to a function (``simulate``) that runs them
together (as one Hydra sweep) and returns their distances. pyabc's own loop asks for one
simulation at a time; this loop uses pyabc's prior (:class:`pyabc.Distribution` of uniform
:class:`pyabc.RV`), its perturbation kernel (:class:`pyabc.MultivariateNormalTransition`,
Silverman's bandwidth) and its weighted quantile.

Generation 0 draws ``population`` particles from the prior and accepts every simulation that
succeeded. Generation t > 0 sets its tolerance to the ``quantile`` of the distances of generation
t - 1 (weighted), proposes candidates from the kernel fitted to generation t - 1 (those outside the
prior's support drawn again), and accepts those whose distance is at most the tolerance, in
batches until ``population`` are accepted. A candidate's weight is prior density / proposal
density. A failed simulation has an infinite distance. When the budget ends inside a
generation, that generation counts only if it accepted at least ``min_accepted_share`` of the
population (and two particles); the last generation that counts is the posterior.

Candidates are drawn with numpy's global random state, which pyabc's kernel uses, seeded with
``seed`` (and restored afterwards): the same seed and the same simulations give the same
candidates, so a calibration re-run into the same folder asks for the same simulations.
"""

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_PARTICLES = 2
"""Fewest particles a generation needs: the kernel fitted to it needs a spread."""

Simulate = Callable[[pd.DataFrame, int], np.ndarray]
"""``simulate(candidates, generation)``: the distance of each candidate (a row of parameter
values), ``inf`` for a failed simulation. It may set the candidates' index (to number the
simulations, say): the particles of the generations keep it."""


@dataclass
class Generation:
    """One population: its accepted particles, their normalised weights and distances, the
    tolerance they met and the simulations it took."""

    number: int
    epsilon: float
    particles: pd.DataFrame
    weights: np.ndarray
    distances: np.ndarray
    simulations: int

    @property
    def acceptance(self) -> float:
        """Accepted particles per simulation."""
        return len(self.particles) / self.simulations if self.simulations else math.nan

    @property
    def effective_size(self) -> float:
        """Kish's effective sample size of the weights."""
        import pyabc

        return float(pyabc.weighted_statistics.effective_sample_size(self.weights))


def uniform_prior(ranges: dict[str, tuple[float, float]]):
    """pyabc's prior: independent uniform distributions over ``ranges`` ({key: (low, high)})."""
    import pyabc

    return pyabc.Distribution(
        **{key: pyabc.RV("uniform", low, high - low) for key, (low, high) in ranges.items()}
    )


@contextmanager
def seeded_numpy(seed: int) -> Iterator[None]:
    """Seed numpy's global random state for the block, then restore it."""
    state = np.random.get_state()  # noqa: NPY002 (pyabc's kernel draws from the global state)
    np.random.seed(seed)  # noqa: NPY002
    try:
        yield
    finally:
        np.random.set_state(state)  # noqa: NPY002


def prior_sample(prior, keys: list[str], size: int) -> pd.DataFrame:
    """``size`` particles drawn from the prior."""
    return pd.DataFrame([prior.rvs() for _ in range(size)], columns=keys, dtype=float)


def proposal_sample(prior, kernel, keys: list[str], size: int) -> pd.DataFrame:
    """``size`` particles from the fitted kernel, inside the prior's support."""
    found = []
    while len(found) < size:
        drawn = kernel.rvs(size=size)[keys]
        found += [
            row for row in drawn.to_numpy() if prior.pdf(dict(zip(keys, row, strict=True))) > 0
        ]
    return pd.DataFrame(found[:size], columns=keys, dtype=float)


def importance_weights(prior, kernel, particles: pd.DataFrame) -> np.ndarray:
    """Prior density over the proposal's density (the kernel mixture), normalised."""
    keys = list(particles.columns)
    prior_density = np.array(
        [prior.pdf(dict(zip(keys, row, strict=True))) for row in particles.to_numpy()]
    )
    weights = prior_density / np.atleast_1d(kernel.pdf(particles))
    return weights / weights.sum()


def batch_size(needed: int, accepted: int, simulated: int, quantile: float, left: int) -> int:
    """Candidates to simulate next: ``needed`` over the acceptance seen so far in the generation
    (``quantile`` before any), twice the last batch if none was accepted, at most ``left``."""
    if simulated == 0:
        size = needed / quantile
    elif accepted == 0:
        size = 2 * simulated
    else:
        size = needed * simulated / accepted
    return max(1, min(left, math.ceil(size)))


def abc_smc(
    ranges: dict[str, tuple[float, float]],
    simulate: Simulate,
    population: int,
    budget: int,
    quantile: float,
    min_accepted_share: float,
    seed: int,
    report: Callable[[Generation], None] = lambda generation: None,
) -> list[Generation]:
    """Run ABC-SMC within ``budget`` simulations; the generations that count, the posterior last.

    ``ranges`` are the uniform priors; ``report`` is called with each generation that counts.
    Raises ValueError if not even generation 0 has a successful simulation.
    """
    import pyabc

    keys = list(ranges)
    prior = uniform_prior(ranges)
    generations: list[Generation] = []
    used = 0
    with seeded_numpy(seed):
        candidates = prior_sample(prior, keys, min(population, budget))
        distances = np.asarray(simulate(candidates, 0), dtype=float)
        used += len(candidates)
        ok = np.isfinite(distances)
        if ok.sum() < MIN_PARTICLES:
            raise ValueError(f"fewer than {MIN_PARTICLES} simulations of generation 0 succeeded")
        first = Generation(
            0,
            math.inf,
            candidates[ok],
            np.full(ok.sum(), 1 / ok.sum()),
            distances[ok],
            len(candidates),
        )
        generations.append(first)
        report(first)
        while used < budget:
            last = generations[-1]
            epsilon = float(
                pyabc.weighted_statistics.weighted_quantile(
                    last.distances, last.weights, alpha=quantile
                )
            )
            kernel = pyabc.MultivariateNormalTransition()
            kernel.fit(last.particles, last.weights)
            accepted = pd.DataFrame(columns=keys, dtype=float)
            accepted_distances, simulated = np.empty(0), 0
            while len(accepted) < population and used < budget:
                size = batch_size(
                    population - len(accepted), len(accepted), simulated, quantile, budget - used
                )
                candidates = proposal_sample(prior, kernel, keys, size)
                distances = np.asarray(simulate(candidates, len(generations)), dtype=float)
                used += size
                simulated += size
                keep = distances <= epsilon
                accepted = pd.concat([accepted, candidates[keep]])
                accepted_distances = np.concatenate([accepted_distances, distances[keep]])
            particles = accepted.iloc[:population]
            if len(particles) < max(MIN_PARTICLES, min_accepted_share * population):
                break  # the budget ended inside a generation that accepted too few
            generation = Generation(
                len(generations),
                epsilon,
                particles,
                importance_weights(prior, kernel, particles),
                accepted_distances[:population],
                simulated,
            )
            generations.append(generation)
            report(generation)
    return generations
