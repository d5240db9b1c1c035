"""Figures fit for a journal: one label table, nothing clipped, honest intervals, panel letters,
one tick format, no empty panels, single- and double-column widths.

The figures are drawn from runs tables built here, whose values are chosen to provoke each
failure: shares and headcounts near their bounds with wide intervals, settings with two runs,
metrics that are zero everywhere, long labels.
"""

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.collections import PolyCollection
from matplotlib.image import imread

from sim.analysis import figures, labels
from sim.analysis.compare import KEY_METRICS, main
from sim.vocabulary import PHASES, ROLES

REPO = Path(__file__).resolve().parents[1]
CONFIGS = REPO / "configs"
sys.path.insert(0, str(REPO / "experiments"))
import publish  # noqa: E402

REGIONS = ("henan", "hengdian", "xian", "hangzhou", "quzhou", "beijing", "shanghai", "rest")
SUMMARY_KEYS = [
    # the summary key table of the design brief
    "micro.titles_per_month",
    "micro.direct_employment",
    "micro.working_days",
    "micro.team_size_mean",
    "micro.shoot_days_mean",
    "micro.indirect_employment",
    "micro.total_employment",
    "long.titles_per_year",
    "long.direct_employment",
    "long.working_days",
    "stability.days_worked_median",
    "stability.core_projects_per_year_median",
    "stability.idle_spell_mean_days",
    "stability.stable_share",
    "transitions.long_to_micro",
    "ai.animator_employment",
    "ai.title_share",
    "business_model.free_share",
    # added by the labour-market issue
    *[f"micro.working_days.phase.{phase}" for phase in PHASES],
    *[
        f"micro.employment.{role}"
        for role in (*ROLES, "producer", "data_operations", "overseas_operations")
    ],
    *[f"stability.days_worked_median.{group}" for group in ("cast", "crew", "extras")],
    *[f"stability.contracts_per_year_median.{group}" for group in ("cast", "crew", "extras")],
    *[f"regions.{region}.employment.{role}" for region in REGIONS for role in ROLES],
    *[f"regions.{region}.share_under_30" for region in REGIONS],
    *[f"regions.{region}.share_college" for region in REGIONS],
    "income.day_rate_index",
    *[f"income.day_rate_median.{group}" for group in ("cast", "crew", "extras")],
    "market.unfilled_share",
    "market.slipped_titles",
    "market.cross_region_share",
    "transitions.long_to_micro_total",
]
"""Every key of the summary key table (the design brief's, with the labour-market keys)."""


def documented_summary_keys() -> list[str]:
    """The keys of the yearly-metrics table of docs/model.md (patterns such as ``{role}`` and
    suffixes such as ``.long`` left out)."""
    text = (REPO / "docs" / "model.md").read_text()
    table = text.split("**Yearly metrics**", 1)[1].split("\n\n", 2)[1]
    keys = []
    for line in table.splitlines()[2:]:
        first_cell = line.split("|")[1]
        keys += [k for k in re.findall(r"`([^`]+)`", first_cell) if "{" not in k and k[0] != "."]
    return keys


def experiment_levers() -> dict[str, list[str]]:
    """The levers every experiment sweeps, with the values it gives them."""
    levers: dict[str, list[str]] = {}
    for path in sorted((CONFIGS / "experiment").glob("*.yaml")):
        params = yaml.safe_load(path.read_text())["hydra"]["sweeper"]["params"]
        for key, values in params.items():
            levers.setdefault(key, []).extend(str(values).split(","))
    return levers


def is_human(text: str, key: str) -> bool:
    """A label people read: not the key, no underscores or dotted names."""
    return text != key and "_" not in text and not re.search(r"\w\.\w", text)


# ---------------------------------------------------------------------------- labels
def test_every_lever_and_option_of_the_experiments_has_a_human_label():
    levers = experiment_levers()
    assert "experiment/turnover_cycle" in levers and "ai" in levers
    for key, values in levers.items():
        name, unit = labels.LEVER_LABELS[key]
        assert is_human(name, key), key
        is_group = (CONFIGS / key).is_dir()
        if is_group:
            for value in values:
                assert value in labels.OPTION_LABELS[key], f"{key}={value} has no label"
                assert is_human(labels.option_label(f"choice.{key}", value), value)
        else:
            assert unit, f"the numeric lever {key} has no unit"
            assert all(float(value) == float(value) for value in values)
    assert labels.option_label("choice.ai", "baseline_2025") == "2025 baseline"
    assert labels.lever_label("config.turnover.shoot_days_factor") == (
        "Micro-drama shoot length (× 2025)"
    )
    assert labels.option_label("config.ai.training_places_per_year", 20000.0) == "20,000"
    assert labels.option_label("config.business_model.free_share", 0.30000000000000004) == "0.3"


def test_every_option_of_every_config_group_has_a_label_in_axis_order():
    for group in sorted(path for path in CONFIGS.iterdir() if path.is_dir()):
        if group.name in ("experiment", "hydra", "analysis", "calibrate"):  # not levers
            continue
        options = {path.stem for path in group.glob("*.yaml")}
        assert options <= set(labels.OPTION_LABELS[group.name]), group.name
        assert group.name in labels.LEVER_LABELS
    ranked = sorted(["high", "baseline_2025", "none"], key=lambda v: labels.option_rank("ai", v))
    assert ranked == ["none", "baseline_2025", "high"]


@pytest.mark.parametrize(
    "source", ["summary key table", "docs/model.md", "figures and studies", "sample results"]
)
def test_every_metric_has_a_label_with_a_unit(source):
    if source == "summary key table":
        metrics = SUMMARY_KEYS
    elif source == "docs/model.md":
        metrics = documented_summary_keys()
        assert len(metrics) > 40
    elif source == "figures and studies":
        metrics = [*KEY_METRICS, "employed.micro", "employed.long.camera"]
        for study in publish.STUDIES.values():
            metrics += study.table + [m for panels in study.panels for m in panels.metrics]
    else:
        metrics = []
        for path in (REPO / "notebooks" / "sample_results").glob("*/runs.parquet"):
            runs = pd.read_parquet(path)
            metrics += [c for c in runs.columns if c not in ("source", "run_dir", "overrides")]
            not_metrics = ("config.", "choice.", "provenance.")
            metrics = [c for c in metrics if not c.startswith(not_metrics)]
        assert metrics
    unlabelled = [m for m in dict.fromkeys(metrics) if labels.metric_label(m) is None]
    assert not unlabelled
    for metric in metrics:
        name, unit = labels.metric_label(metric)
        assert is_human(name, metric) and (unit or metric == "year"), (metric, name, unit)


def test_families_name_roles_regions_and_groups():
    assert labels.metric_label("micro.employment.costume_makeup") == (
        "Costume and make-up in micro dramas",
        "people",
    )
    assert labels.metric_label("regions.xian.employment.camera") == (
        "Camera crew in Xi'an",
        "people",
    )
    assert labels.metric_label("micro.working_days.phase.post_production")[0] == (
        "Micro-drama working days, post-production"
    )
    assert labels.valid_range("stability.stable_share.micro") == (0, 1)
    assert labels.valid_range("micro.direct_employment") == (0, np.inf)
    assert labels.valid_range("unknown.metric") == (-np.inf, np.inf)


# ---------------------------------------------------------------------------- runs to draw
SHARE = "stability.stable_share"
PEOPLE = "ai.animator_employment"
LEVER = "config.ai.training_places_per_year"


def runs_table(seeds: int = 3, options=("none", "baseline_2025", "high")) -> pd.DataFrame:
    """Runs of a sweep of training places crossed with the AI options, whose shares sit near
    0 and 1 and whose headcounts sit near 0, with seed noise wide enough that unclipped 95%
    intervals leave [0, 1] and go below 0."""
    rows = []
    noise = [0.0, 0.3, -0.3, 0.1][:seeds]
    for option_index, option in enumerate(options):
        for places in (5000.0, 20000.0, 60000.0):
            for seed, shift in enumerate(noise):
                share = 0.02 if option_index == 0 else 0.97
                rows.append(
                    {
                        "run_dir": f"runs/{option}/{places:.0f}/{seed}",
                        "choice.ai": option,
                        LEVER: places,
                        "config.seed": seed,
                        SHARE: float(np.clip(share + 0.1 * shift, 0, 1)),
                        PEOPLE: max(0.0, 300 * option_index + 1000 * shift + places / 100),
                        "micro.direct_employment": 600_000 + 50_000 * shift - option_index * 1e5,
                        "policy.gig_workers_employed": 0.0,
                    }
                )
    return pd.DataFrame(rows)


def bands(figure) -> list[np.ndarray]:
    """The vertices of every confidence band in the figure."""
    return [
        collection.get_paths()[0].vertices
        for axes in figure.axes
        for collection in axes.collections
        if isinstance(collection, PolyCollection)
    ]


def lines_data(figure) -> np.ndarray:
    """Every y value of every line (means, error bars and runs) in the figure."""
    values = [np.asarray(line.get_ydata(), float) for a in figure.axes for line in a.get_lines()]
    return np.concatenate(values) if values else np.array([])


def error_bar_ends(figure) -> np.ndarray:
    """The y ends of every error bar in the figure."""
    ends = [
        segment[:, 1]
        for axes in figure.axes
        for collection in axes.collections
        if not isinstance(collection, PolyCollection)
        for segment in collection.get_segments()
    ]
    return np.concatenate(ends) if ends else np.array([])


# ---------------------------------------------------------------------------- intervals
def test_bands_are_clipped_to_the_metric_range():
    runs = runs_table()
    figure = figures.against_lever(runs, [SHARE, PEOPLE], LEVER, ["choice.ai"])
    share_axes, people_axes = figure.axes[:2]
    share_bands = [c.get_paths()[0].vertices[:, 1] for c in share_axes.collections]
    people_bands = [c.get_paths()[0].vertices[:, 1] for c in people_axes.collections]
    assert len(share_bands) == 3 and len(people_bands) == 3
    assert min(band.min() for band in share_bands) == 0.0
    assert max(band.max() for band in share_bands) == 1.0
    assert min(band.min() for band in people_bands) == 0.0
    # the same intervals unclipped leave the range: the clipping is what keeps them inside
    stats = figures.mean_and_interval(runs, ["choice.ai", LEVER], [SHARE, PEOPLE])
    assert (stats["mean"] - stats["half_width"]).min() < 0
    assert (stats.loc[stats["metric"] == SHARE, "mean"] + stats["half_width"]).max() > 1


def test_error_bars_of_a_categorical_lever_are_clipped():
    runs = runs_table()
    figure = figures.against_lever(runs[runs[LEVER] == 20000.0], [SHARE], "choice.ai")
    ends = error_bar_ends(figure)
    assert len(ends) and ends.min() >= 0 and ends.max() <= 1
    assert ends.min() == 0 and ends.max() == 1


def test_fewer_than_three_seeds_draw_the_seeds_not_a_band():
    runs = runs_table(seeds=2)
    figure = figures.against_lever(runs, [PEOPLE], LEVER, ["choice.ai"])
    assert not bands(figure)
    drawn = lines_data(figure)
    for value in runs[PEOPLE]:
        assert np.isclose(drawn, value).any(), f"run value {value} not drawn"
    chosen = runs[runs[LEVER] == 20000.0]
    figure = figures.against_lever(chosen, [PEOPLE], "choice.ai")
    assert not len(error_bar_ends(figure))
    assert all(np.isclose(lines_data(figure), value).any() for value in chosen[PEOPLE])
    with_three = figures.against_lever(runs_table(seeds=3), [PEOPLE], LEVER, ["choice.ai"])
    assert len(bands(with_three)) == 3


# ---------------------------------------------------------------------------- layout
def test_multi_panel_figures_have_panel_letters():
    runs = runs_table()
    figure = figures.against_lever(runs, [SHARE, PEOPLE, "micro.direct_employment"], LEVER)
    assert [figures.panel_letter(axes) for axes in figure.axes] == ["a", "b", "c"]
    single = figures.against_lever(runs, [SHARE], LEVER)
    assert figures.panel_letter(single.axes[0]) == ""
    titled = figures.over_time(time_series(3), ["employed.micro", "employed.long"], ["choice.ai"])
    assert [figures.panel_letter(axes) for axes in titled.axes] == ["a", "b"]
    assert titled.axes[1].get_title(loc="left").endswith("Working in long dramas")


def test_all_zero_metrics_get_no_panel():
    runs = runs_table()
    figure = figures.against_lever(runs, [SHARE, "policy.gig_workers_employed", PEOPLE], LEVER)
    assert len(figure.axes) == 2
    assert "Gig-market" not in " ".join(axes.get_ylabel() for axes in figure.axes)
    assert figures.against_lever(runs, ["policy.gig_workers_employed"], LEVER) is None
    assert figures.against_lever(runs, ["not.a.column"], LEVER) is None


def test_one_tick_format_with_thousands_separators():
    figure = figures.against_lever(runs_table(), [SHARE, "micro.direct_employment"], LEVER)
    figure.canvas.draw()
    share_axes, people_axes = figure.axes
    for axis in (share_axes.yaxis, people_axes.yaxis, people_axes.xaxis):
        assert isinstance(axis.get_major_formatter(), figures.ThousandsFormatter)
    x_labels = [t.get_text() for t in people_axes.get_xticklabels() if t.get_text()]
    assert "20,000" in x_labels and "60,000" in x_labels
    y_labels = [t.get_text() for t in people_axes.get_yticklabels() if t.get_text()]
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", text) for text in y_labels), y_labels
    share_labels = [t.get_text() for t in share_axes.get_yticklabels() if t.get_text()]
    assert len({len(text.split(".")[-1]) for text in share_labels}) == 1, share_labels
    formatter = figures.ThousandsFormatter()
    formatter.set_locs([-2000.0, 0.0, 1500.0])
    assert [formatter(v) for v in (-2000.0, 0.0, 1500.0)] == ["\N{MINUS SIGN}2,000", "0", "1,500"]


def test_axes_speak_the_label_table():
    runs = runs_table()
    figure = figures.against_lever(runs, [SHARE], LEVER, ["choice.ai"])
    assert figure.axes[0].get_xlabel() == "AI-animator training places (per year)"
    assert "Working in 10 or more months" in figure.axes[0].get_ylabel().replace("\n", " ")
    legend = figure.legends[0]
    assert legend.get_title().get_text() == "AI adoption"
    assert [t.get_text() for t in legend.get_texts()] == ["no AI", "2025 baseline", "high adoption"]
    figure = figures.against_lever(runs[runs[LEVER] == 5000.0], [SHARE], "choice.ai")
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ticks == ["no AI", "2025 baseline", "high adoption"]


def border_is_background(png: Path) -> bool:
    """Whether the outermost rows and columns of pixels are all the background (white)."""
    pixels = imread(png)[..., :3]
    edges = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    return bool((edges == 1.0).all())


def time_series(seeds: int) -> pd.DataFrame:
    """Monthly employment of runs of two AI options, one series a role."""
    rows = []
    for option in ("none", "high"):
        for seed in range(seeds):
            for month in range(24):
                row = {
                    "run_dir": f"{option}/{seed}",
                    "choice.ai": option,
                    "month": month,
                    "date": f"{2025 + month // 12}-{month % 12 + 1:02d}",
                    "employed.micro": 600_000 + 900 * month + 5_000 * seed,
                    "employed.long": 300_000 - 700 * month,
                }
                for index, role in enumerate(ROLES[-6:]):
                    row[f"employed.micro.{role}"] = (0 if role == "ai_animator" else 1) * (
                        10_000 * (index + 1) + 40 * month + 300 * seed
                    )
                rows.append(row)
    return pd.DataFrame(rows)


def test_saved_figures_have_nothing_clipped_and_journal_widths(tmp_path):
    runs = runs_table()
    contraction = pd.DataFrame(
        {
            "run_dir": [f"r{i}" for i in range(12)],
            "config.scenario.long_demand_change": np.repeat([0.0, -0.2, -0.4, -0.6], 3),
            "long.direct_employment": np.linspace(400_000, 250_000, 12),
        }
    )
    written = []
    written += publish.panels_against_lever(
        runs[runs[LEVER] == 20000.0],
        ["micro.direct_employment", PEOPLE, SHARE],
        "choice.ai",
        [],
        tmp_path / "employment_vs_ai",
    )
    written += publish.panels_against_lever(
        runs, [SHARE, PEOPLE], LEVER, ["choice.ai", "config.seed"], tmp_path / "two_keys"
    )
    written += publish.panels_against_lever(
        contraction,
        ["long.direct_employment"],
        "config.scenario.long_demand_change",
        [],
        tmp_path / "absorption",
    )
    for seeds in (1, 3):
        written += figures.employment_figures(
            time_series(seeds),
            ["employed.micro", "employed.long", *[f"employed.micro.{r}" for r in ROLES[-6:]]],
            ["choice.ai"],
            tmp_path / f"seeds_{seeds}",
        )
    pngs = [path for path in written if path.suffix == ".png"]
    assert len(pngs) == 9
    for png in pngs:
        assert border_is_background(png), f"{png.name}: something touches the edge"
        width_in = imread(png).shape[1] / figures.PNG_DPI
        double = png.stem.endswith(figures.DOUBLE_COLUMN_SUFFIX)
        expected = figures.DOUBLE_COLUMN_IN if double else figures.SINGLE_COLUMN_IN
        assert width_in == pytest.approx(expected, abs=1 / figures.PNG_DPI), png.name
    assert {p.name for p in pngs if "seeds_3" in str(p)} == {
        "employment_by_sector.png",
        "employment_by_role_micro.png",
        "employment_by_role_micro_double_column.png",
    }


def test_every_compare_figure_has_a_single_column_version(tmp_path):
    runs_dir = tmp_path / "sweep"
    for index, row in runs_table().iterrows():
        folder = runs_dir / str(index)
        (folder / ".hydra").mkdir(parents=True)
        config = {"seed": int(row["config.seed"]), "replicate": int(row["config.seed"])}
        config |= {"scale": 500.0, "years": 1, "ai": {"training_places_per_year": row[LEVER]}}
        (folder / ".hydra" / "config.yaml").write_text(yaml.safe_dump(config))
        (folder / ".hydra" / "overrides.yaml").write_text(
            yaml.safe_dump([f"ai={row['choice.ai']}"])
        )
        choices = {"hydra": {"runtime": {"choices": {"ai": row["choice.ai"]}}}}
        (folder / ".hydra" / "hydra.yaml").write_text(yaml.safe_dump(choices))
        summary = {m: float(row[m]) for m in (SHARE, PEOPLE, "micro.direct_employment")}
        (folder / "summary.json").write_text(pd.Series(summary).to_json())
        series = time_series(1)
        series = series[series["run_dir"] == "none/0"].drop(columns=["run_dir", "choice.ai"])
        series.to_parquet(folder / "timeseries.parquet")
    main([str(runs_dir), "--figures", str(tmp_path / "figures")])
    stems = {path.stem for path in (tmp_path / "figures").glob("*.png")}
    assert {SHARE, PEOPLE, "micro.direct_employment", "employment_by_sector"} <= stems
    for stem in stems:
        base = stem.removesuffix(figures.DOUBLE_COLUMN_SUFFIX)
        assert base in stems, f"{stem} has no single-column version"
        assert border_is_background(tmp_path / "figures" / f"{stem}.png"), stem


def test_figures_show_as_png_in_a_notebook():
    figure = figures.against_lever(runs_table(), [SHARE], LEVER)
    assert figures.png_bytes(figure).startswith(b"\x89PNG")
    figures.enable_inline_display()  # outside IPython: nothing to do, no error


@pytest.mark.parametrize("seeds", [2, 3])
def test_role_days_change_is_drawn_with_role_names(tmp_path, seeds):
    rows = []
    for option_index, option in enumerate(("none", "baseline_2025", "high")):
        for seed in range(seeds):
            row = {"choice.ai": option, LEVER: 20000.0, "config.replicate": seed}
            for index, role in enumerate(ROLES):
                row[f"micro.working_days.{role}"] = (
                    1000.0 * (index + 1) * (1.2 - 0.2 * option_index)
                )
                row[f"micro.working_days.{role}"] += 50.0 * seed
            rows.append(row)
    runs = pd.DataFrame(rows)
    written = publish.role_days_change(publish.STUDIES["ai_adoption"], runs, tmp_path)
    png = next(path for path in written if path.suffix == ".png")
    assert border_is_background(png)
    assert imread(png).shape[1] / figures.PNG_DPI == pytest.approx(figures.SINGLE_COLUMN_IN)
