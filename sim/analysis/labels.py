"""What the summary metrics are called: one label and unit per metric, shared by the summary a
run prints (:mod:`sim.run.outputs`) and the axes of the figures (:mod:`sim.analysis.figures`).

Imports nothing, so that the processes that only print a summary stay light.
"""

METRIC_LABELS: dict[str, tuple[str, str]] = {
    "micro.titles_per_month": ("Micro-drama titles completed", "titles per month"),
    "micro.direct_employment": ("Micro-drama direct employment", "people"),
    "micro.indirect_employment": ("Micro-drama indirect employment", "jobs"),
    "micro.total_employment": ("Micro-drama total employment", "jobs"),
    "micro.working_days": ("Micro-drama working days", "person-days per year"),
    "micro.team_size_mean": ("Micro-drama live-action team size", "people per title"),
    "micro.shoot_days_mean": ("Micro-drama live-action shoot", "days per title"),
    "long.titles_per_year": ("Long-drama titles completed", "titles per year"),
    "long.direct_employment": ("Long-drama direct employment", "people"),
    "long.working_days": ("Long-drama working days", "person-days per year"),
    "stability.days_worked_median": ("Median days worked", "days per year"),
    "stability.core_projects_per_year_median": ("Median titles, core teams", "titles per year"),
    "stability.idle_spell_mean_days": ("Mean idle spell between jobs", "days"),
    "stability.stable_share": ("Working in 10 or more months", "share of workers"),
    "transitions.long_to_micro": ("Moves from long to micro dramas", "people per year"),
    "ai.animator_employment": ("AI animators", "people"),
    "ai.title_share": ("Micro-drama titles made with AI", "share of titles"),
    "business_model.free_share": ("Micro-drama titles free with ads", "share of titles"),
    "employed": ("Employed", "people"),
}
"""Label and unit of each summary metric (and of the ``employed.*`` time series)."""
