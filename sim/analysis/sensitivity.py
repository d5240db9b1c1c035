"""``python -m sim.sensitivity DIR``: analyse a sensitivity sweep (``+analysis=morris`` or
``+analysis=sobol``) with SALib.

Reads the design the sweeper wrote (``DIR/design.json``, ``DIR/design.parquet``) and the
summaries of the sweep's jobs (each job's ``analysis.row`` says which design row it ran; the
replicates of a row are averaged), then writes

* ``DIR/sensitivity.csv``: columns ``output, parameter, method, index, value, conf``. Morris
  gives ``mu_star`` (mean absolute elementary effect, with ``conf`` its bootstrap 95 %
  half-width), ``mu`` (mean signed effect) and ``sigma`` (spread of the effects: interactions,
  non-linearity and noise); Sobol gives ``S1`` and ``ST`` (first-order and total indices with
  their 95 % half-widths) and, with second-order indices, ``S2`` for pairs
  (``parameter`` = ``KEY & KEY``). Elementary effects are in the output's units per the
  parameter's whole range (SALib's scaling of the design to [0, 1]);
* ``DIR/figures/sensitivity_<output>.pdf`` and ``.png``: a ranked bar chart per output;

and prints the top parameters per output. Like the rest of :mod:`sim.analysis` it reads only
files and never imports the model, the engine or the run layer.

Incomplete sweeps: Morris uses the complete trajectories only (a trajectory with a failed or
missing job, or an output that could not be measured, is left out for that output); Sobol needs
every row and stops naming the missing ones.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis import figures, labels
from sim.analysis.runs import CONFIG_PREFIX, load_runs
from sim.files import atomic_file

DESIGN = "design.parquet"
DESIGN_INFO = "design.json"
TABLE = "sensitivity.csv"
COLUMNS = ["output", "parameter", "method", "index", "value", "conf"]
ROW_COLUMN = CONFIG_PREFIX + "analysis.row"
CONF_LEVEL = 0.95
RESAMPLES = 1000
RANKING_INDEX = {"morris": "mu_star", "sobol": "ST"}
"""The index parameters are ranked by, for each method."""


class SensitivityError(ValueError):
    """The folder holds no analysable sensitivity sweep."""


def read_design(sweep_dir: Path) -> tuple[dict, pd.DataFrame]:
    """The design's description (``design.json``) and its rows (``design.parquet``)."""
    sweep_dir = Path(sweep_dir)
    if not (sweep_dir / DESIGN_INFO).is_file() or not (sweep_dir / DESIGN).is_file():
        raise SensitivityError(
            f"{sweep_dir} holds no {DESIGN_INFO} and {DESIGN}: run the sweep first, "
            f"python -m sim -m +analysis=morris hydra.sweep.dir={sweep_dir}"
        )
    info = json.loads((sweep_dir / DESIGN_INFO).read_text())
    return info, pd.read_parquet(sweep_dir / DESIGN)


def problem(info: dict) -> dict:
    """SALib's problem definition of a design."""
    parameters = info["parameters"]
    return {
        "num_vars": len(parameters),
        "names": [parameter["key"] for parameter in parameters],
        "bounds": [[parameter["low"], parameter["high"]] for parameter in parameters],
    }


def _ran_value(parameter: dict, value: float) -> float:
    return float(round(value)) if parameter.get("integer") else float(value)


def row_outputs(
    runs: pd.DataFrame, info: dict, design: pd.DataFrame, outputs: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """The outputs of each design row (index ``row``; the mean over its replicates), and a
    message for each run left out because its parameter values are not those of its row (a
    leftover of another design in the same folder)."""
    if ROW_COLUMN not in runs:
        raise SensitivityError("the runs carry no analysis.row: not a sensitivity sweep")
    design = design.set_index("row")
    keep = np.ones(len(runs), dtype=bool)
    messages = []
    rows = runs[ROW_COLUMN].astype(int).to_numpy()
    known = np.isin(rows, design.index)
    for parameter in info["parameters"]:
        column = CONFIG_PREFIX + parameter["key"]
        planned = design.reindex(rows)[parameter["key"]].to_numpy()
        planned = np.array([_ran_value(parameter, value) for value in planned])
        ran = pd.to_numeric(runs[column], errors="coerce").to_numpy() if column in runs else planned
        keep &= known & np.isclose(ran, planned, rtol=1e-9, atol=0)
    for run_dir in runs.loc[~keep, "run_dir"]:
        messages.append(f"skipping {run_dir}: its parameters are not its design row's")
    present = [output for output in outputs if output in runs]
    missing = [output for output in outputs if output not in runs]
    messages += [f"no output {output} in the runs' summaries" for output in missing]
    table = runs.loc[keep, [ROW_COLUMN, *present]].rename(columns={ROW_COLUMN: "row"})
    table[present] = table[present].apply(pd.to_numeric, errors="coerce")
    return table.groupby("row")[present].mean(), messages


def analyse_morris(info: dict, design: pd.DataFrame, outputs: pd.DataFrame) -> pd.DataFrame:
    """Morris indices of each output column of ``outputs`` (rows indexed by design row)."""
    from SALib.analyze import morris

    spec = problem(info)
    names = spec["names"]
    width = len(names) + 1
    records = []
    x = design.set_index("row")[names]
    for output in outputs.columns:
        y = outputs[output].reindex(x.index)
        trajectory = np.asarray(x.index) // width
        complete = y.notna().groupby(trajectory).transform("all").to_numpy()
        if complete.sum() < 2 * width:
            continue  # fewer than two complete trajectories: nothing to estimate
        result = morris.analyze(
            spec,
            x.to_numpy()[complete],
            y.to_numpy()[complete],
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            num_levels=int(info["levels"]),
            seed=int(info["seed"]),
        )
        for i, name in enumerate(names):
            records += [
                (
                    output,
                    name,
                    "morris",
                    "mu_star",
                    result["mu_star"][i],
                    result["mu_star_conf"][i],
                ),
                (output, name, "morris", "mu", result["mu"][i], np.nan),
                (output, name, "morris", "sigma", result["sigma"][i], np.nan),
            ]
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def analyse_sobol(info: dict, design: pd.DataFrame, outputs: pd.DataFrame) -> pd.DataFrame:
    """Sobol indices of each output column of ``outputs`` (every design row needed)."""
    from SALib.analyze import sobol

    spec = problem(info)
    names = spec["names"]
    rows = design["row"].to_numpy()
    missing = sorted(set(rows) - set(outputs.index))
    if missing:
        raise SensitivityError(
            f"Sobol needs every design row; {len(missing)} have no complete run "
            f"(rows {', '.join(map(str, missing[:10]))}{'...' if len(missing) > 10 else ''}): "
            "re-run the sweep into the same folder"
        )
    records = []
    second_order = bool(info["second_order"])
    for output in outputs.columns:
        y = outputs[output].reindex(rows).to_numpy()
        if np.isnan(y).any():
            continue
        result = sobol.analyze(
            spec,
            y,
            calc_second_order=second_order,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            seed=int(info["seed"]),
        )
        for i, name in enumerate(names):
            records += [
                (output, name, "sobol", "S1", result["S1"][i], result["S1_conf"][i]),
                (output, name, "sobol", "ST", result["ST"][i], result["ST_conf"][i]),
            ]
        if second_order:
            for i, first in enumerate(names):
                for j in range(i + 1, len(names)):
                    records.append(
                        (
                            output,
                            f"{first} & {names[j]}",
                            "sobol",
                            "S2",
                            result["S2"][i, j],
                            result["S2_conf"][i, j],
                        )
                    )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def analyse(sweep_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """The sensitivity table of a sweep folder, and messages about what was left out."""
    info, design = read_design(sweep_dir)
    runs, messages = load_runs([Path(sweep_dir)])
    outputs, more = row_outputs(runs, info, design, list(info["outputs"]))
    messages += more
    if info["method"] == "morris":
        table = analyse_morris(info, design, outputs)
    else:
        table = analyse_sobol(info, design, outputs)
    left_out = sorted(set(outputs.columns) - set(table["output"]))
    messages += [f"{output}: too few complete rows to analyse" for output in left_out]
    return table, messages


def write_table(table: pd.DataFrame, path: Path) -> None:
    """``sensitivity.csv``, atomically."""
    with atomic_file(Path(path)) as handle:
        table.to_csv(handle, index=False, columns=COLUMNS)


def ranking(table: pd.DataFrame, output: str) -> pd.DataFrame:
    """The parameters of one output, most influential first, with their indices as columns
    (``<index>`` and ``<index>_conf``)."""
    part = table[(table["output"] == output) & ~table["parameter"].str.contains(" & ")]
    if part.empty:
        return pd.DataFrame()
    method = part["method"].iloc[0]
    wide = part.pivot(index="parameter", columns="index", values="value")
    conf = part.pivot(index="parameter", columns="index", values="conf").add_suffix("_conf")
    return wide.join(conf).sort_values(RANKING_INDEX[method], ascending=False)


def draw_ranking(table: pd.DataFrame, output: str, width_in: float = figures.SINGLE_COLUMN_IN):
    """A horizontal bar chart of one output's parameters, most influential on top: Morris
    mu* with its 95 % interval, or Sobol ST and S1 with theirs. None if nothing to draw."""
    ranked = ranking(table, output)
    if ranked.empty:
        return None
    method = table.loc[table["output"] == output, "method"].iloc[0]
    names = [labels.lever_label(key, unit=False) for key in ranked.index]
    positions = np.arange(len(ranked))[::-1]
    height = (0.6 if method == "morris" else 0.9) + 0.16 * len(ranked)
    with figures.use_style():
        figure, panels = figures.new_figure(width_in, height)
        axes = panels[0, 0]
        if method == "morris":
            axes.barh(
                positions,
                ranked["mu_star"],
                xerr=ranked["mu_star_conf"],
                color=figures.OKABE_ITO[0],
                error_kw={"linewidth": 0.6},
            )
            unit = (labels.metric_label(output) or ("", ""))[1]
            axes.set_xlabel(f"Morris μ* ({unit} per range)" if unit else "Morris μ*")
        else:
            bar = 0.4
            for offset, index, colour in ((bar / 2, "ST", 0), (-bar / 2, "S1", 1)):
                axes.barh(
                    positions + offset,
                    ranked[index],
                    height=bar,
                    xerr=ranked[f"{index}_conf"],
                    color=figures.OKABE_ITO[colour],
                    label={"ST": "total (ST)", "S1": "first order (S1)"}[index],
                    error_kw={"linewidth": 0.6},
                )
            figures.legend_below(figure, [axes])
            axes.set_xlabel("Sobol index")
            axes.axvline(0, color="0.5", linewidth=0.5)  # estimates can fall below 0
            axes.set_xlim(-0.1, 1.1)  # the indices' range; wider intervals run off the edge
        axes.set_yticks(positions, names)
        figure.suptitle(figures.wrapped(figures.axis_label(output), 50))
        if method == "morris":
            axes.set_xlim(left=0)
        figures.format_ticks(axes)
        return figures.finish(figure, [])


def write_figures(table: pd.DataFrame, figure_dir: Path) -> list[Path]:
    """A ranked bar chart per output into ``figure_dir``."""
    written = []
    for output in table["output"].unique():
        figure = draw_ranking(table, output)
        if figure is not None:
            written += figures.save(figure, Path(figure_dir) / f"sensitivity_{output}")
    return written


def top_parameters(table: pd.DataFrame, top: int) -> str:
    """The ``top`` parameters of each output, as text."""
    lines = []
    for output in table["output"].unique():
        ranked = ranking(table, output).head(top)
        method = table.loc[table["output"] == output, "method"].iloc[0]
        index = RANKING_INDEX[method]
        lines.append(f"{figures.axis_label(output)} [{output}], by {index}:")
        for key, values in ranked.iterrows():
            lines.append(
                f"  {values[index]:12.4g} ± {values[f'{index}_conf']:<10.3g} "
                f"{labels.lever_label(key)} [{key}]"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sim.sensitivity",
        description="Analyse a sensitivity sweep (python -m sim -m +analysis=morris "
        "hydra.sweep.dir=DIR): writes DIR/sensitivity.csv and DIR/figures/.",
    )
    parser.add_argument("sweep_dir", type=Path, help="folder of the sensitivity sweep")
    parser.add_argument("--top", type=int, default=5, help="parameters printed per output")
    args = parser.parse_args(argv)
    try:
        table, messages = analyse(args.sweep_dir)
    except (SensitivityError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for message in messages:
        print(message, file=sys.stderr)
    if table.empty:
        print("error: nothing to analyse (too few complete runs)", file=sys.stderr)
        return 2
    write_table(table, args.sweep_dir / TABLE)
    written = write_figures(table, args.sweep_dir / "figures")
    print(top_parameters(table, args.top))
    print(
        f"Table: {args.sweep_dir / TABLE}; {len(written)} figure files in "
        f"{args.sweep_dir / 'figures'}"
    )
    return 0


def cli() -> None:
    sys.exit(main())
