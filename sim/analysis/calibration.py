"""The report of a calibration folder (``python -m sim.calibrate`` writes it at the end):
``calibration.md`` and ``figures/calibration_marginals`` and ``figures/calibration_pairs``.

Reads only the folder's files: ``calibration.json`` (settings, parameters and their prior ranges,
targets, generations), ``posterior.parquet``, ``simulations.parquet`` and ``predictive.parquet``.
The report gives the targets and the distance, the acceptance of each generation, each parameter's
posterior mean and 90 % interval (weighted 5th and 95th percentiles) and whether the data identify
it (the interval narrower than ``identified_width`` of its prior range), and a posterior predictive
check of every target: the targets' values (weighted mean, 90 % interval, share inside the band) in
``predictive.parquet``, fresh runs of particles drawn from the posterior, or, without it, in the
simulations the posterior's particles were accepted with (optimistic: those were selected for being
close).
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from sim.analysis import figures, labels
from sim.files import write_text

INFO = "calibration.json"
POSTERIOR = "posterior.parquet"
SIMULATIONS = "simulations.parquet"
PREDICTIVE = "predictive.parquet"
REPORT = "calibration.md"
WEIGHT = "weight"
BINS = 20
"""Histogram bins over a parameter's prior range."""
INTERVAL = (0.05, 0.95)
"""Quantiles of the reported 90 % intervals."""


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, levels) -> np.ndarray:
    """Quantiles of a weighted sample (inverse of the weighted empirical distribution)."""
    order = np.argsort(values)
    values, weights = np.asarray(values)[order], np.asarray(weights)[order]
    cumulative = np.cumsum(weights) / np.sum(weights)
    indices = np.searchsorted(cumulative, levels, side="left")
    return values[np.minimum(indices, len(values) - 1)]


def parameter_table(info: dict, posterior: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: prior range, posterior mean, 90 % interval, interval width as a share of
    the prior range, and whether it is identified."""
    rows = []
    weights = posterior[WEIGHT].to_numpy()
    threshold = info["settings"]["identified_width"]
    for parameter in info["parameters"]:
        values = posterior[parameter["key"]].to_numpy()
        low, high = weighted_quantiles(values, weights, INTERVAL)
        width = (high - low) / (parameter["high"] - parameter["low"])
        rows.append(
            {
                "key": parameter["key"],
                "prior_low": parameter["low"],
                "prior_high": parameter["high"],
                "mean": float(np.sum(weights * values)),
                "low": float(low),
                "high": float(high),
                "width_share": float(width),
                "identified": bool(width < threshold),
            }
        )
    return pd.DataFrame(rows)


def predictive_runs(sweep_dir: Path) -> tuple[pd.DataFrame, np.ndarray, str]:
    """The runs of the posterior predictive check, their weights and what they are: the fresh
    runs of ``predictive.parquet`` (each drew its particle by weight: equal weights) if there are
    any, else the simulations the posterior's particles were accepted with (their weights)."""
    path = Path(sweep_dir) / PREDICTIVE
    if path.is_file():
        fresh = pd.read_parquet(path)
        if len(fresh):
            described = (
                f"{len(fresh)} fresh runs, each with a particle drawn from the posterior by weight "
                "and its own random streams"
            )
            return fresh, np.full(len(fresh), 1 / len(fresh)), described
    simulations = pd.read_parquet(Path(sweep_dir) / SIMULATIONS)
    final = simulations[simulations["in_posterior"]]
    described = (
        "the simulations the posterior's particles were accepted with, weighted (optimistic: "
        "they were selected for being close)"
    )
    return final, final[WEIGHT].to_numpy(), described


def predictive_table(info: dict, runs: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """Per target: its band and, over the predictive check's runs, the weighted mean, 90 %
    interval and share inside the band (failed runs left out)."""
    rows = []
    for target in info["targets"]:
        values = runs[target["key"]].to_numpy(dtype=float)
        ok = np.isfinite(values)
        high = np.inf if target["high"] is None else target["high"]
        inside = (values >= target["low"]) & (values <= high)
        if ok.any():
            mean = float(np.sum(weights[ok] * values[ok]) / np.sum(weights[ok]))
            low_q, high_q = weighted_quantiles(values[ok], weights[ok], INTERVAL)
            share = float(np.sum(weights[inside]) / np.sum(weights[ok]))
        else:
            mean = low_q = high_q = share = np.nan
        rows.append(
            {
                "key": target["key"],
                "band": target["band"],
                "source": target["source"],
                "mean": mean,
                "low": float(low_q),
                "high": float(high_q),
                "inside": share,
            }
        )
    return pd.DataFrame(rows)


def _number(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def report_text(
    info: dict, parameters: pd.DataFrame, predictive: pd.DataFrame, predictive_runs: str
) -> str:
    """``calibration.md``."""
    settings = info["settings"]
    lines = [
        "# Calibration (ABC-SMC)",
        "",
        f"Command: `{' '.join(info['command'])}`  ",
        f"Scale {info['scale']:g}, {info['years']} years, seed {info['seed']}; "
        f"{info.get('simulations_used', '?')} simulations of a budget of {settings['budget']} "
        f"in {info.get('wall_seconds', 0):.0f} s; population {settings['population']}, "
        f"tolerance quantile {settings['quantile']:g}. Priors uniform over the ranges below.",
        "",
        "## Targets and distance",
        "",
        "| target | band | source |",
        "|---|---|---|",
        *(f"| `{t['key']}` | {t['band']} | {t['source']} |" for t in info["targets"]),
        "",
        "Distance: the root mean square over targets of each target's standardised miss: "
        "(value − band centre) / band half-width for a two-sided band; for a one-sided band "
        "(at least *low*), 0 when met and 1 plus the shortfall below *low* as a share of *low* "
        "when not. A value inside its band misses by at most 1, one outside it by more than 1.",
        "",
        "## Generations",
        "",
        "| generation | tolerance | simulations | accepted | acceptance | effective size |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for g in info.get("generations", []):
        lines.append(
            f"| {g['generation']} | {_number(g['epsilon'])} | {g['simulations']} | "
            f"{g['accepted']} | {g['acceptance']:.2f} | {g['effective_size']:.0f} |"
        )
    lines += [
        "",
        "## Posterior",
        "",
        f"A parameter is identified when its 90 % interval is narrower than "
        f"{settings['identified_width']:g} of its prior range.",
        "",
        "| parameter | prior | mean | 90 % interval | share of prior range | identified |",
        "|---|---|---:|---|---:|---|",
    ]
    for _, p in parameters.iterrows():
        lines.append(
            f"| `{p['key']}` | {_number(p['prior_low'])}–{_number(p['prior_high'])} | "
            f"{_number(p['mean'])} | {_number(p['low'])}–{_number(p['high'])} | "
            f"{p['width_share']:.2f} | {'yes' if p['identified'] else 'no'} |"
        )
    lines += [
        "",
        "## Posterior predictive check",
        "",
        f"Each target's value in {predictive_runs}: mean, 90 % interval and the share inside "
        "the band.",
        "",
        "| target | band | mean | 90 % interval | inside band |",
        "|---|---|---:|---|---:|",
    ]
    for _, t in predictive.iterrows():
        lines.append(
            f"| `{t['key']}` | {t['band']} | {_number(t['mean'])} | "
            f"{_number(t['low'])}–{_number(t['high'])} | {t['inside']:.0%} |"
        )
    lines += [
        "",
        "Figures: `figures/calibration_marginals` (each parameter's weighted posterior over its "
        "prior range), `figures/calibration_pairs` (the particles, coloured by weight).",
    ]
    return "\n".join(lines) + "\n"


def draw_marginals(info: dict, posterior: pd.DataFrame):
    """Each parameter's weighted posterior density over its prior range, relative to the
    uniform prior's (dashed line at 1), with its 90 % interval (dotted)."""
    parameters = info["parameters"]
    weights = posterior[WEIGHT].to_numpy()
    with figures.use_style():
        figure, panels = figures.new_figure(
            figures.SINGLE_COLUMN_IN, 1.5 * len(parameters), nrows=len(parameters)
        )
        for axes, parameter in zip(panels[:, 0], parameters, strict=True):
            values = posterior[parameter["key"]].to_numpy()
            width = parameter["high"] - parameter["low"]
            bins = np.linspace(parameter["low"], parameter["high"], BINS + 1)
            density, _ = np.histogram(values, bins=bins, weights=weights, density=True)
            axes.stairs(density * width, bins, fill=True, color=figures.OKABE_ITO[0])
            axes.axhline(1, color="0.5", linewidth=0.6, ls="--")  # the uniform prior
            for x in weighted_quantiles(values, weights, INTERVAL):
                axes.axvline(x, color=figures.OKABE_ITO[1], linewidth=0.6, ls=":")
            axes.set_xlim(parameter["low"], parameter["high"])
            axes.set_xlabel(labels.lever_label(parameter["key"]))
            axes.set_ylabel("posterior / prior")
            axes.xaxis.set_major_locator(MaxNLocator(4))
        return figures.finish(figure, list(panels[:, 0]))


def draw_pairs(info: dict, posterior: pd.DataFrame):
    """The particles of every pair of parameters, coloured by weight (None for one parameter)."""
    parameters = info["parameters"]
    if len(parameters) < 2:
        return None
    n = len(parameters) - 1
    with figures.use_style():
        figure, panels = figures.new_figure(
            figures.SINGLE_COLUMN_IN * max(1, n / 1.5), 2.6 * n, nrows=n, ncols=n
        )
        used = []
        for row in range(n):
            for column in range(n):
                axes = panels[row, column]
                if column > row:
                    axes.set_axis_off()
                    continue
                x, y = parameters[column], parameters[row + 1]
                points = axes.scatter(
                    posterior[x["key"]],
                    posterior[y["key"]],
                    c=posterior[WEIGHT],
                    s=6,
                    cmap="viridis",
                )
                figure.colorbar(points, ax=axes, label="weight")
                axes.xaxis.set_major_locator(MaxNLocator(4))
                axes.set_xlim(x["low"], x["high"])
                axes.set_ylim(y["low"], y["high"])
                axes.set_xlabel(labels.lever_label(x["key"]))
                axes.set_ylabel(labels.lever_label(y["key"]))
                used.append(axes)
        return figures.finish(figure, used)


def write_report(sweep_dir: Path) -> list[Path]:
    """Write ``calibration.md`` and the figures; their paths, the report first."""
    sweep_dir = Path(sweep_dir)
    info = json.loads((sweep_dir / INFO).read_text())
    posterior = pd.read_parquet(sweep_dir / POSTERIOR)
    runs, weights, described = predictive_runs(sweep_dir)
    text = report_text(
        info, parameter_table(info, posterior), predictive_table(info, runs, weights), described
    )
    write_text(sweep_dir / REPORT, text)
    written = [sweep_dir / REPORT]
    written += figures.save(
        draw_marginals(info, posterior), sweep_dir / "figures" / "calibration_marginals"
    )
    pairs = draw_pairs(info, posterior)
    if pairs is not None:
        written += figures.save(pairs, sweep_dir / "figures" / "calibration_pairs")
    return written
