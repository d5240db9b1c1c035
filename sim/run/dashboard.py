"""An interactive dashboard of one run, built on Mesa's SolaraViz: ``make dashboard``, or
``solara run sim/run/dashboard.py`` (then open http://localhost:8765).

The sidebar sets the levers (the micro dramas' business model, AI adoption, shooting-cycle
length, the gig-market policy, labour supply), the scale and the seed; **Reset** builds a new
model with them, **Step** advances it (by the "Render Interval" in days, 31 to start with) and
**▶** plays. The main panel shows, as the run moves:

- people at work at each month's end, by sector, and the people in each sector's market;
- people at work today by role and sector;
- days worked so far this year, for everyone who has worked (the days of a job are counted when
  it ends, and at the year's end);
- the current idle spells: days since the last job of everyone free to work;
- titles in each phase at each month's end;
- a map of the production regions: each circle's area is the people at work there today (where
  the title they work on is shot, or post-produced while in post-production), its colour the
  share of them on micro dramas; lines are the region graph's links.

Monthly figures come from the model's ``datacollector`` (:mod:`sim.model.interop`); daily ones
read the workforce and titles directly. Everything is in real people (scaled by ``scale``).
"""

import math

import numpy as np
import solara
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from mesa.visualization import Slider, SolaraViz

from sim.config import DramaSimConfig
from sim.model.model import DramaLabourModel
from sim.vocabulary import AVAILABLE, DAYS_PER_YEAR, PHASES, ROLES, SECTORS, WORKING

YEARS = 10
"""Simulated years a dashboard run lasts (then Step and ▶ stop)."""

POLICIES = {
    "qujiang_2025": "Qujiang gig market in Quzhou (2025)",
    "gig_everywhere": "gig market in every region",
    "none": "no gig market",
}
"""The gig-market options of ``configs/policy/``, with the dashboard's labels."""

POSITIONS = {
    "henan": (113.6, 34.7),
    "hengdian": (120.3, 29.1),
    "xian": (108.9, 34.3),
    "hangzhou": (120.2, 30.3),
    "quzhou": (118.9, 28.9),
    "beijing": (116.4, 39.9),
    "shanghai": (121.5, 31.2),
    "rest": (104.1, 30.7),
}
"""Longitude and latitude of each default region's centre, for the map ("rest of China" sits
at Chengdu); a region not listed here is placed on a circle around them."""

LABEL_OFFSETS = {
    "hangzhou": (-30, 12),
    "shanghai": (22, 10),
    "quzhou": (-30, -14),
    "hengdian": (24, -14),
}
"""Where a region's label sits from its circle, in points (the Zhejiang clusters are close)."""

SECTOR_COLOURS = {"micro": "#d95f02", "long": "#1b9e77"}
PHASE_COLOURS = ("#999999", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
FIGURE_SIZE = (5.6, 3.4)


def gig_regions(policy: str) -> list[str]:
    """The regions with a gig market under a policy option (``configs/policy/*.yaml``)."""
    defaults = DramaSimConfig()
    regions = {
        "qujiang_2025": defaults.policy.gig_market_regions,
        "gig_everywhere": list(defaults.scenario.regions),
        "none": [],
    }
    if policy not in regions:
        raise ValueError(f"unknown policy {policy!r}: one of {', '.join(regions)}")
    return list(regions[policy])


class DashboardModel(DramaLabourModel):
    """The model as the dashboard builds it: ``policy`` names a gig-market option (see
    :data:`POLICIES`), every other keyword is a config key; the run lasts :data:`YEARS` years."""

    def __init__(self, *, policy: str = "qujiang_2025", **parameters):
        parameters.setdefault("years", YEARS)
        super().__init__(**{"policy.gig_market_regions": gig_regions(policy)}, **parameters)

    def step(self) -> None:
        super().step()
        self.running = self.day < self.config.years * DAYS_PER_YEAR


MODEL_PARAMS = {
    "scale": Slider("People per simulated worker (scale)", 200, 10, 1000, 10, dtype=int),
    "seed": Slider("Seed", 1, 1, 100, 1, dtype=int),
    "business_model.free_share": Slider(
        "Free-with-ads share of micro titles", 0.6, 0.0, 1.0, 0.05, dtype=float
    ),
    "ai.title_share": Slider("AI-made share of micro titles", 0.12, 0.0, 1.0, 0.02, dtype=float),
    "turnover.shoot_days_factor": Slider(
        "Micro shooting days (x baseline)", 1.0, 0.5, 3.0, 0.1, dtype=float
    ),
    "turnover.annual_entry_rate": Slider(
        "Entrants a year per initial worker", 0.2, 0.0, 1.0, 0.05, dtype=float
    ),
    "policy": {
        "type": "Select",
        "label": "Gig-market policy",
        "value": "qujiang_2025",
        "values": list(POLICIES),
    },
}
"""The sidebar's levers, keyed by the model's keyword (config keys, dotted, and ``policy``)."""


def lever_values() -> dict:
    """The levers' starting values, as keywords of :class:`DashboardModel`."""
    return {
        name: param.value if isinstance(param, Slider) else param["value"]
        for name, param in MODEL_PARAMS.items()
    }


def _figure(title: str) -> tuple[Figure, object]:
    fig = Figure(figsize=FIGURE_SIZE, dpi=90, layout="constrained")
    ax = fig.subplots()
    ax.set_title(title, fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def _months(ax) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _thousands(ax, axis: str = "y") -> None:
    formatter = "{x:,.0f}"
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=9, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _show(fig: Figure, name: str):
    """The figure as a PNG, in a column of class ``dramasim-NAME`` (tests find it by that)."""
    with solara.Column(classes=[f"dramasim-{name}"]) as column:
        solara.FigureMatplotlib(fig, format="png")
    return column


def monthly(model: DramaLabourModel):
    """The DataCollector's monthly rows (empty before the first month's end)."""
    return model.datacollector.get_model_vars_dataframe()


def status_text(model: DashboardModel) -> str:
    """Two lines (HTML) on where the run is and what its levers are."""
    wf = model.workforce
    working = wf.status == WORKING
    at_work = {
        name: int(np.count_nonzero(working & (wf.sector == code)) * model.scale)
        for code, name in enumerate(SECTORS)
    }
    c = model.config
    return (
        f"<b>Day {model.day}</b> (year {model.day // DAYS_PER_YEAR + 1} of {c.years}), "
        f"{len(monthly(model))} month ends recorded. At work today: "
        f"micro {at_work['micro']:,}, long {at_work['long']:,}.<br>"
        f"Levers: scale {c.scale:g}, seed {c.seed}, "
        f"free share {c.business_model.free_share:.2f}, "
        f"AI title share {c.ai.title_share:.2f}, "
        f"shooting days x{c.turnover.shoot_days_factor:.1f}, "
        f"entry rate {c.turnover.annual_entry_rate:.2f}, "
        f"policy {policy_label(c)}."
    )


def policy_label(config: DramaSimConfig) -> str:
    """The gig-market policy a config holds, in the dashboard's words."""
    regions = config.policy.gig_market_regions
    for name, label in POLICIES.items():
        if gig_regions(name) == regions:
            return label
    return f"gig market in {', '.join(regions)}"


def Status(model: DashboardModel):  # noqa: N802 (a Solara component)
    # HTML, not Markdown: solara's Markdown loads KaTeX, which solara-assets does not ship.
    return solara.HTML(tag="div", unsafe_innerHTML=status_text(model), classes=["dramasim-status"])


def EmploymentBySector(model: DramaLabourModel):  # noqa: N802
    fig, ax = _figure("People at work at month end, and in each sector's market")
    data = monthly(model)
    if len(data):
        months = np.arange(1, len(data) + 1)
        for sector in SECTORS:
            colour = SECTOR_COLOURS[sector]
            ax.plot(months, data[f"employed.{sector}"], color=colour, label=f"{sector}: at work")
            ax.plot(
                months,
                data[f"workforce.{sector}"],
                color=colour,
                linestyle="--",
                label=f"{sector}: in the market",
            )
        ax.legend(fontsize=7, frameon=False, ncols=2)
        ax.set_ylim(bottom=0)
        _months(ax)
    else:
        _empty(ax, "the first month ends on day 31")
    ax.set_ylabel("people", fontsize=8)
    ax.set_xlabel("month", fontsize=8)
    _thousands(ax)
    return _show(fig, "employment-by-sector")


def EmploymentByRole(model: DramaLabourModel):  # noqa: N802
    fig, ax = _figure("People at work today, by role")
    wf = model.workforce
    working = wf.status == WORKING
    counts = np.bincount(
        wf.sector[working].astype(np.int64) * len(ROLES) + wf.role[working],
        minlength=len(SECTORS) * len(ROLES),
    ).reshape(len(SECTORS), len(ROLES))
    counts = counts * model.scale
    y = np.arange(len(ROLES))
    left = np.zeros(len(ROLES))
    for code, sector in enumerate(SECTORS):
        ax.barh(y, counts[code], left=left, color=SECTOR_COLOURS[sector], label=sector)
        left += counts[code]
    ax.set_yticks(y, [role.replace("_", " ") for role in ROLES], fontsize=7)
    ax.set_xlim(0, max(left.max(), 1) * 1.05)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.invert_yaxis()
    ax.legend(fontsize=7, frameon=False)
    ax.set_xlabel("people", fontsize=8)
    _thousands(ax, "x")
    return _show(fig, "employment-by-role")


def DaysWorked(model: DramaLabourModel):  # noqa: N802
    wf = model.workforce
    days = wf.days_micro.astype(np.int64) + wf.days_long.astype(np.int64)
    days = days[days > 0]
    title = f"Days worked so far this year (day {model.day % DAYS_PER_YEAR})"
    if len(days):
        title += f": median {np.median(days):.0f}, {len(days) * model.scale:,.0f} people"
    fig, ax = _figure(title)
    if len(days):
        bins = np.linspace(0, max(int(days.max()), 10), 31)
        weights = np.full(len(days), model.scale)
        ax.hist(days, bins=bins, weights=weights, color="#7570b3")
        ax.axvline(np.median(days), color="black", linewidth=1)
    else:
        _empty(ax, "no job has ended yet this year")
    ax.set_xlabel("days worked (credited when a job ends)", fontsize=8)
    ax.set_ylabel("people", fontsize=8)
    _thousands(ax)
    return _show(fig, "days-worked")


def IdleSpells(model: DramaLabourModel):  # noqa: N802
    wf = model.workforce
    idle = model.day - wf.idle_since[wf.status == AVAILABLE].astype(np.int64)
    title = "Idle spells under way: days since the last job"
    if len(idle):
        title = f"Idle spells under way: mean {idle.mean():.0f} days, "
        title += f"{len(idle) * model.scale:,.0f} people"
    fig, ax = _figure(title)
    if len(idle):
        bins = np.linspace(0, max(int(idle.max()), 10), 31)
        weights = np.full(len(idle), model.scale)
        ax.hist(idle, bins=bins, weights=weights, color="#e7298a")
    else:
        _empty(ax, "nobody is idle")
    ax.set_xlabel("days idle", fontsize=8)
    ax.set_ylabel("people", fontsize=8)
    _thousands(ax)
    return _show(fig, "idle-spells")


def TitlesByPhase(model: DramaLabourModel):  # noqa: N802
    fig, ax = _figure("Titles in each phase at month end")
    data = monthly(model)
    if len(data):
        months = np.arange(1, len(data) + 1)
        for phase, colour in zip(("waiting", *PHASES), PHASE_COLOURS, strict=True):
            ax.plot(months, data[f"titles.{phase}"], color=colour, label=phase.replace("_", " "))
        ax.legend(fontsize=7, frameon=False, ncols=2)
        ax.set_ylim(bottom=0)
        _months(ax)
    else:
        _empty(ax, "the first month ends on day 31")
    ax.set_ylabel("titles", fontsize=8)
    ax.set_xlabel("month", fontsize=8)
    _thousands(ax)
    return _show(fig, "titles-by-phase")


def region_employment(model: DramaLabourModel) -> np.ndarray:
    """People at work today by region (rows) and sector (columns): where the phase of the title
    they work on happens (:meth:`~sim.model.titles.Productions.place`)."""
    wf, prod = model.workforce, model.productions
    working = np.flatnonzero(wf.status == WORKING)
    titles = wf.production[working]
    region = prod.place(titles, prod.phase[titles]).astype(np.int64)
    counts = np.bincount(
        region * len(SECTORS) + wf.sector[working],
        minlength=len(model.regions) * len(SECTORS),
    )
    return counts.reshape(len(model.regions), len(SECTORS)) * model.scale


def RegionMap(model: DramaLabourModel):  # noqa: N802
    names = list(model.regions.names)
    people = region_employment(model)
    total = people.sum(axis=1)
    micro_share = np.divide(people[:, 0], total, out=np.full(len(total), np.nan), where=total > 0)
    spare = [name for name in names if name not in POSITIONS]
    positions = dict(POSITIONS)
    for i, name in enumerate(spare):
        angle = 2 * math.pi * i / len(spare)
        positions[name] = (112 + 9 * math.cos(angle), 33 + 6 * math.sin(angle))
    fig, ax = _figure("Where people work today (area: people; colour: micro share)")
    for a, b in model.regions.graph.edges:
        (x0, y0), (x1, y1) = positions[a], positions[b]
        ax.plot([x0, x1], [y0, y1], color="#cccccc", linewidth=1, zorder=1)
    xy = np.array([positions[name] for name in names])
    size = 2000 * total / max(total.max(), 1)
    dots = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=size + 8,
        c=micro_share,
        cmap=colormaps["RdYlGn_r"].with_extremes(bad="#bbbbbb"),  # grey: nobody at work
        vmin=0,
        vmax=1,
        plotnonfinite=True,
        zorder=2,
    )
    for (x, y), name, count, area in zip(xy, names, total, size, strict=True):
        ax.annotate(
            f"{name}\n{count:,.0f}",
            (x, y),
            xytext=LABEL_OFFSETS.get(name, (0, math.sqrt(area) / 2 + 10)),
            textcoords="offset points",
            fontsize=7,
            ha="center",
            va="center",
        )
    bar = fig.colorbar(dots, ax=ax, shrink=0.8)
    bar.ax.tick_params(labelsize=7)
    bar.set_label("micro share", fontsize=7)
    ax.set_xlim(100, 125)
    ax.set_ylim(26, 42)
    ax.set_xlabel("longitude", fontsize=8)
    ax.set_ylabel("latitude", fontsize=8)
    ax.set_aspect("equal")
    return _show(fig, "region-map")


COMPONENTS = [
    (Status, 0),
    (EmploymentBySector, 0),
    (EmploymentByRole, 0),
    (TitlesByPhase, 0),
    (RegionMap, 0),
    (DaysWorked, 0),
    (IdleSpells, 0),
]


def make_page(model: DashboardModel | None = None):
    """The dashboard for ``model`` (a new one with the levers' starting values if None)."""
    return SolaraViz(
        model if model is not None else DashboardModel(**lever_values()),
        components=COMPONENTS,
        model_params=MODEL_PARAMS,
        name="dramasim: labour flows between long and micro dramas",
        play_interval=150,
        render_interval=31,
    )


page = make_page()
