"""What things are called in tables and figures: one label table for metrics, levers and options.

* **Metrics** (summary keys such as ``micro.direct_employment`` and time-series columns such as
  ``employed.micro.camera``): a label and a unit each, from :data:`METRIC_LABELS` for the
  headline metrics and from :data:`METRIC_FAMILIES` for the breakdowns by role, phase, sector,
  region or group. The summary a run prints (:mod:`sim.run.outputs`) and the axes of every
  figure (:mod:`sim.analysis.figures`) read them.
* **Levers** (config keys such as ``turnover.shoot_days_factor`` and config groups such as
  ``ai``): a label and a unit each, in :data:`LEVER_LABELS`.
* **Options** of a config group (``baseline_2025`` of ``ai``): a label each, in the order they
  go on an axis (least to most), in :data:`OPTION_LABELS`.
* **Valid ranges** (:func:`valid_range`): shares lie in [0, 1] and headcounts, days, titles and
  money are never negative, so that confidence bands can be clipped to what a metric can be.

Imports nothing outside the standard library, so that the processes that only print a summary
stay light.
"""

import re

METRIC_LABELS: dict[str, tuple[str, str]] = {
    # micro dramas
    "micro.titles_per_month": ("Micro-drama titles completed", "titles per month"),
    "micro.titles_per_year": ("Micro-drama titles completed", "titles per year"),
    "micro.direct_employment": ("Micro-drama direct employment", "people"),
    "micro.indirect_employment": ("Micro-drama indirect employment", "jobs"),
    "micro.total_employment": ("Micro-drama total employment", "jobs"),
    "micro.working_days": ("Micro-drama working days", "person-days per year"),
    "micro.team_size_mean": ("Micro-drama live-action team size", "people per title"),
    "micro.shoot_days_mean": ("Micro-drama live-action shoot", "days per title"),
    "micro.writing_days_per_title": ("Screenwriter-days per micro title", "days"),
    "micro.crew_days_per_live_title": ("Crew-days per live-action title", "days"),
    "micro.experienced_share_required": ("Slots asking for experience", "share of slots"),
    # long dramas
    "long.titles_per_year": ("Long-drama titles completed", "titles per year"),
    "long.tv_series_per_year": ("TV series completed", "titles per year"),
    "long.web_series_per_year": ("Web series completed", "titles per year"),
    "long.direct_employment": ("Long-drama direct employment", "people"),
    "long.working_days": ("Long-drama working days", "person-days per year"),
    # stability of work
    "stability.days_worked_median": ("Median days worked", "days per year"),
    "stability.core_projects_per_year_median": ("Median titles, core teams", "titles per year"),
    "stability.freelance_projects_per_year_median": (
        "Median titles, micro freelancers",
        "titles per year",
    ),
    "stability.idle_spell_mean_days": ("Mean idle spell between jobs", "days"),
    "stability.stable_share": ("Working in 10 or more months", "share of workers"),
    # flows between sectors and in and out of the industry
    "transitions.long_to_micro": ("Moves from long to micro dramas", "people per year"),
    "transitions.long_to_micro_total": ("Moves from long to micro dramas, all years", "people"),
    "transitions.first_two_years": ("Moves from long to micro, 2025-2026", "people"),
    "transitions.cumulative": ("Moves from long to micro, all years", "people"),
    "transitions.months_to_half": ("Months until half of those moves", "months"),
    "workforce.micro": ("Micro-drama workforce", "people"),
    "workforce.long": ("Long-drama workforce", "people"),
    "workforce.retraining": ("Workers in AI training", "people"),
    "workforce.exits": ("Exits from the industry", "people per year"),
    "workforce.entries": ("Entrants to the industry", "people per year"),
    # AI
    "ai.animator_employment": ("AI animators", "people"),
    "ai.title_share": ("Micro-drama titles made with AI", "share of titles"),
    "ai.trainees": ("Starting AI-animator training", "people per year"),
    "ai.retrained": ("Retrained as AI animators", "people per year"),
    # business model, market, money, studios, policy
    "business_model.free_share": ("Micro-drama titles free with ads", "share of titles"),
    "market.hires": ("Jobs started", "hires per year"),
    "market.recruits": ("Recruited on set", "people per year"),
    "market.cross_region_share": ("Hires travelling to another region", "share of hires"),
    "market.unfilled_share": ("Slots left unfilled", "share of slots"),
    "market.travel_hire_share": ("Hires of travellers (stage 5)", "share of hires"),
    "market.slipped_titles": ("Titles delayed for want of workers", "titles per year"),
    "income.median_yuan": ("Median income of those who worked", "yuan per year"),
    "income.day_rate_index": ("Day-rate index", "2025 = 1"),
    "studios.micro_open": ("Micro-drama studios open", "studios"),
    "studios.closures": ("Micro-drama studios closing", "studios per year"),
    "studios.founded": ("Micro-drama studios founded", "studios per year"),
    "studios.titles_waiting": ("Titles waiting for a shooting unit", "titles"),
    "studios.orders_lapsed": ("Orders no studio could take", "titles per year"),
    "studios.micro": ("Micro-drama studios open", "studios"),
    "studios.count": ("Micro-drama studios open", "studios"),
    "studios.entries": ("Micro-drama studios entering", "studios per year"),
    "studios.exits": ("Micro-drama studios closing", "studios per year"),
    "studios.units_median": ("Shooting units of the median studio", "units"),
    "studios.units_mean": ("Shooting units per studio", "units"),
    "studios.units_p90": ("Shooting units, 90th percentile studio", "units"),
    "studios.units_max": ("Shooting units of the largest studio", "units"),
    "studios.top10_title_share": ("Titles made by the top tenth of studios", "share"),
    "studios.commission_index": ("Commission index", "× 2025 baseline"),
    "policy.gig_workers_employed": ("Gig-market members employed", "people"),
    "market.openings": ("Slots opened", "slots per year"),
    "beveridge.vacancy_rate": ("Slots left unfilled a month", "per 100 workers"),
    "beveridge.idle_rate": ("Idle workers", "per 100 workers"),
    "micro.employment.extra_not_gig": ("Extras employed, not gig members", "people"),
    # regions and spillover
    "regions.henan_title_share": ("Micro titles shot in Henan", "share of titles"),
    "regions.hengdian_costume_share": (
        "Costume titles shot in Hengdian",
        "share of costume titles",
    ),
    "regions.xian_post_share": ("Micro titles post-produced in Xi'an", "share of titles"),
    "spillover.multiplier": ("Employment multiplier", "total per direct job"),
    # the time series
    "employed": ("Employed", "people"),
    "flows.hires": ("Jobs started", "hires per month"),
    "flows.orders_lapsed": ("Orders no studio could take", "titles per month"),
    "flows.travel_hires": ("Hires travelling to another region", "hires per month"),
    "flows.entries": ("Entrants to the industry", "people per month"),
    "flows.exits": ("Exits from the industry", "people per month"),
    "flows.long_to_micro": ("Moves from long to micro dramas", "people per month"),
    "flows.retrained": ("Retrained as AI animators", "people per month"),
    "year": ("Year measured", ""),
}
"""Label and unit of each headline metric (summary keys and time-series columns)."""

ROLE_NAMES = {
    "lead_actor": "lead actors",
    "supporting_actor": "supporting actors",
    "extra": "extras",
    "screenwriter": "screenwriters",
    "direction": "direction crew",
    "camera": "camera crew",
    "lighting": "lighting crew",
    "costume_makeup": "costume and make-up",
    "art_props": "art and props",
    "sound": "sound crew",
    "post_production": "post-production",
    "ai_animator": "AI animators",
    "producer": "producers",
    "data_operations": "data operations",
    "overseas_operations": "overseas operations",
}
"""Roles of workers (``sim.vocabulary.ROLES`` and the labour-market roles), in the plural."""

PHASE_NAMES = {
    "waiting": "waiting to shoot",
    "writing": "writing",
    "pre_production": "pre-production",
    "shooting": "shooting",
    "post_production": "post-production",
}
SECTOR_NAMES = {"micro": "micro dramas", "long": "long dramas"}
REGION_NAMES = {
    "henan": "Henan",
    "hengdian": "Hengdian",
    "xian": "Xi'an",
    "hangzhou": "Hangzhou",
    "quzhou": "Quzhou",
    "beijing": "Beijing",
    "shanghai": "Shanghai",
    "rest": "other regions",
}
GROUP_NAMES = {
    "micro": "micro only",
    "long": "long only",
    "cast": "cast",
    "crew": "crew",
    "extras": "extras",
    "core": "core teams",
    "freelance": "freelancers",
}
"""Groups of workers that a metric is broken down by (``stability.days_worked_median.micro``
is the median of those who worked only in micro dramas)."""
INDUSTRY_NAMES = {
    "platform_operation": "platform operation",
    "ecommerce_derivatives": "e-commerce and derivatives",
    "local_services": "local life services",
}


def _name(names: dict[str, str], key: str) -> str:
    return names.get(key, key.replace("_", " "))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


METRIC_FAMILIES: tuple[tuple[str, str, str], ...] = (
    (
        r"micro\.working_days\.phase\.(?P<phase>\w+)",
        "Micro-drama working days, {phase}",
        "person-days per year",
    ),
    (
        r"micro\.working_days\.(?P<role>\w+)",
        "Micro-drama working days, {role}",
        "person-days per year",
    ),
    (r"(?P<sector>micro|long)\.employment\.(?P<role>\w+)", "{Role} in {sector}", "people"),
    (r"employed\.(?P<sector>micro|long)", "Working in {sector}", "people"),
    (r"employed\.(?P<sector>micro|long)\.(?P<role>\w+)", "{Role} working in {sector}", "people"),
    (
        r"stability\.days_worked_median\.(?P<group>\w+)",
        "Median days worked, {group}",
        "days per year",
    ),
    (
        r"stability\.contracts_per_year_median\.(?P<group>\w+)",
        "Median contracts, {group}",
        "contracts per year",
    ),
    (
        r"stability\.stable_share\.(?P<group>\w+)",
        "Working 10 or more months, {group}",
        "share of workers",
    ),
    (r"regions\.(?P<region>\w+)\.employment\.(?P<role>\w+)", "{Role} in {region}", "people"),
    (r"regions\.(?P<region>\w+)\.employment", "Employment in {region}", "people"),
    (r"regions\.(?P<region>\w+)\.share_under_30", "Under 30, {region}", "share of workers"),
    (r"regions\.(?P<region>\w+)\.share_college", "College-educated, {region}", "share of workers"),
    (r"income\.day_rate_median\.(?P<group>\w+)", "Median day rate, {group}", "yuan per day"),
    (r"spillover\.(?P<industry>\w+)", "Indirect jobs, {industry}", "jobs"),
    (
        r"titles\.completed\.(?P<sector>micro|long)",
        "Titles completed, {sector}",
        "titles per month",
    ),
    (r"titles\.(?P<phase>\w+)", "Titles {phase}", "titles"),
    (r"workforce\.(?P<sector>micro|long)", "Workforce of {sector}", "people"),
)
"""Breakdowns of a metric (by role, phase, sector, region, group or industry): a pattern of the
key, the label (``{role}`` and the like filled in with human names; ``{Role}`` capitalised) and
the unit. The first pattern that matches the whole key wins."""

_FILLERS = {
    "role": ROLE_NAMES,
    "phase": PHASE_NAMES,
    "sector": SECTOR_NAMES,
    "region": REGION_NAMES,
    "group": GROUP_NAMES,
    "industry": INDUSTRY_NAMES,
}


def metric_label(metric: str) -> tuple[str, str] | None:
    """``(label, unit)`` of a metric, or None when the label table does not know it."""
    if metric in METRIC_LABELS:
        return METRIC_LABELS[metric]
    for pattern, template, unit in METRIC_FAMILIES:
        found = re.fullmatch(pattern, metric)
        if found:
            names = {key: _name(_FILLERS[key], value) for key, value in found.groupdict().items()}
            names |= {_capital(key): _capital(value) for key, value in names.items()}
            return template.format(**names), unit
    return None


LEVER_LABELS: dict[str, tuple[str, str]] = {
    "turnover.shoot_days_factor": ("Micro-drama shoot length", "× 2025"),
    "turnover.studio_gap_days": ("Gap between a studio's shoots", "days"),
    "turnover.annual_exit_rate": ("Exit hazard while idle", "per year"),
    "business_model.free_share": ("Titles released free with ads", "share"),
    "ai": ("AI adoption", ""),
    "ai.title_share": ("Titles made with AI", "share"),
    "ai.training_places_per_year": ("AI-animator training places", "per year"),
    "ai.animators_per_live_title": ("AI animators on a live shoot", "people per title"),
    "scenario.long_demand_change": ("Change in long dramas started", "relative to 2025"),
    "scenario.labour_supply": ("Labour supply", "× 2025"),
    "scenario.micro_demand_growth_per_year": ("Growth of micro-drama demand", "per year"),
    "experiment/turnover_cycle": ("Micro-drama shoot length at 2025 labour demand", ""),
    "policy": ("Gig market", ""),
    "policy.gig_market_regions": ("Regions with a gig market", ""),
    "business_model": ("Business model", ""),
    "turnover": ("Turnover", ""),
    "scenario": ("Scenario", ""),
    "market": ("Market", ""),
    "production": ("Production", ""),
    "spillover": ("Spillover", ""),
    "scale": ("Scale", "people per simulated worker"),
    "years": ("Simulated years", ""),
    "seed": ("Seed", ""),
    "replicate": ("Replicate", ""),
    "source": ("Results", ""),
    "workers": ("Workers", ""),
    # parameters of the sensitivity designs (configs/analysis/parameters/ranges.yaml)
    "market.referral_share": ("Hires through referral", "share"),
    "market.referral_memory_hires": ("Hires a studio remembers", "people"),
    "market.call_back_share": ("Day-call stay chance", "share"),
    "market.travel_share": ("Workers willing to travel", "share"),
    "market.travel_yuan_per_day_per_link": ("Travel cost", "yuan per day per link"),
    "market.pay_adjustment_per_month": ("Day-rate adjustment speed", "share of gap a month"),
    "market.wage_curve_elasticity": ("Wage-curve elasticity", "−d ln pay / d ln slack"),
    "scenario.initial_long_crossover_share": ("Initial long-drama crossovers", "share"),
    "scenario.micro_tenure_years_max": ("Years since micro dramas took off", "years"),
    "market.normal_hard_to_fill_share": ("Normal hard-to-fill share", "share of openings"),
    "market.openings_window_days": ("Memory of the openings flow", "days"),
    "market.availability_pay_elasticity": ("Availability elasticity to pay", ""),
    "turnover.entry_pay_elasticity": ("Entry elasticity to pay", ""),
    "turnover.annual_entry_rate": ("Entry rate", "per initial worker a year"),
    "turnover.idle_exit_prob_per_day": ("Exit hazard when long idle", "per day"),
    "turnover.shortage_entry_share": ("Shortage entrants", "share"),
    "turnover.promotion_titles": ("Titles to become experienced", "titles"),
    "turnover.cross_prob_per_day": ("Long-to-micro move hazard", "per day"),
    "production.overseas_version_share": ("Titles with an overseas version", "share"),
    "scenario.initial_experienced_share": ("Experienced at start", "share"),
    "studios.target_utilisation": ("Studios' target utilisation", "share"),
    "studios.ai_revenue_factor": ("AI title revenue", "× live title"),
    "studios.commission_cost_elasticity": ("Commission elasticity to cost", ""),
    "studios.commission_revenue_elasticity": ("Commission elasticity to revenue", ""),
    "studios.entry_rate_per_unit_month": ("Studio entry rate", "per shooting unit a month"),
    "studios.entry_profit_elasticity": ("Studio entry elasticity to profit", ""),
    "studios.growth_cash_titles": ("Cash per unit to grow", "mean budgets"),
    "studios.record_exponent": ("Weight of studios' records", "exponent"),
    "studios.idle_unit_days": ("Idle days before a unit is dropped", "days"),
    "business_model.revenue_per_title_yuan": ("Platform revenue per title", "yuan"),
    "business_model.studio_revenue_share": ("Studios' revenue share", "share"),
    "spillover.local_services_share_of_budget": ("Budget spent on local services", "share"),
    "market.slip_days": ("Days a shoot slips without a key role", "days"),
    "studios.order_book_titles_per_unit": ("Order book per unit", "titles"),
    "studios.growth_book_titles_per_unit": ("Order book per unit to grow", "titles"),
    "studios.closure_cash_titles": ("Cash per unit to close", "mean budgets"),
    "studios.shrink_cash_titles": ("Cash per unit to shrink", "mean budgets"),
    "studios.founding_cash_titles": ("Studios' founding cash", "mean budgets"),
    "studios.unit_cost_yuan_per_day": ("Cost of a shooting unit", "yuan a day"),
    "studios.max_units": ("Most units a studio can run", "units"),
    "studios.record_memory_months": ("Memory of studios' records", "months"),
    "studios.record_prior_titles": ("Prior weight of a studio's record", "titles"),
    "studios.ai_share_concentration": ("Concentration of studios' AI shares", ""),
    "studios.commission_adjustment_per_month": ("Commissions' adjustment", "share a month"),
    "studios.paid_fee_margin": ("Fee margin of paid titles", "share"),
    "studios.long_titles_per_studio_per_year": ("Long dramas per company", "per year"),
    "business_model.free_commission_factor": ("Commissions per free title", "× paid"),
    "business_model.free_experienced_share": ("Experienced share, free titles", "share"),
    "business_model.paid_experienced_share": ("Experienced share, paid titles", "share"),
    "business_model.free_shoot_days_factor": ("Shoot length of free titles", "× paid"),
    "business_model.free_writing_days_factor": ("Writing time of free titles", "× paid"),
    "business_model.free_writers_factor": ("Writers of free titles", "× paid"),
    "business_model.paid_revenue_sigma": ("Spread of paid titles' revenue", "log-sd"),
    "business_model.free_revenue_sigma": ("Spread of free titles' revenue", "log-sd"),
    "market.pay_multiplier_min": ("Lowest day rate", "× reported"),
    "market.pay_multiplier_max": ("Highest day rate", "× reported"),
    "production.costume_period_share": ("Costume-period share of live titles", "share"),
    "production.team_scale_min": ("Smallest team scale", "× template"),
    "production.team_scale_max": ("Largest team scale", "× template"),
    "scenario.micro_titles_per_month": ("Micro titles ordered", "per month"),
    "scenario.long_tv_share": ("TV share of long dramas", "share"),
    "ai.retrain_after_idle_days": ("Idle days before applying to retrain", "days"),
    "ai.retrain_apply_prob_per_day": ("Retraining applications", "per day"),
    "ai.training_days": ("Length of AI training", "days"),
    "turnover.cross_after_idle_days": ("Idle days before crossing to micro", "days"),
    "turnover.idle_exit_after_days": ("Idle days before exits rise", "days"),
    "turnover.long_idle_exit_after_days": ("Idle days before exits rise, long dramas", "days"),
    "policy.gig_exit_factor": ("Exit hazard of gig members", "× others"),
}
"""Label and unit of each lever: the config keys and groups that experiments sweep (the
``config.`` and ``choice.`` prefixes of runs-table columns left off)."""

OPTION_LABELS: dict[str, dict[str, str]] = {
    "ai": {"none": "no AI", "baseline_2025": "2025 baseline", "high": "high adoption"},
    "policy": {
        "none": "no gig market",
        "qujiang_2025": "Quzhou (2025)",
        "gig_everywhere": "every region",
    },
    "business_model": {
        "paid_only": "paid only",
        "mixed_2025": "2025 mix",
        "free_only": "free only",
    },
    "turnover": {"baseline": "2025 baseline", "long_cycles": "long cycles"},
    "experiment/turnover_cycle": {
        "x1": "2025 shoots",
        "x3": "3 times as long",
        "x6": "6 times as long",
        "x12": "12 times as long",
    },
    "scenario": {"baseline_2025": "2025 baseline"},
    "market": {"default": "default"},
    "production": {"default": "default"},
    "spillover": {"default": "default"},
}
"""Label of each option of each config group, in the order the options go on an axis."""

SHARE_UNITS = re.compile(r"\bshare\b")
NON_NEGATIVE_UNITS = re.compile(
    r"\b(people|jobs|person-days|days|titles|hires|studios|yuan|months|contracts)\b"
)


def valid_range(metric: str) -> tuple[float, float]:
    """The values a metric can take: [0, 1] for a share, [0, inf) for counts, days and money,
    anything for the rest (differences, indices, labels the table does not know)."""
    unit = (metric_label(metric) or ("", ""))[1]
    if SHARE_UNITS.search(unit):
        return 0.0, 1.0
    if NON_NEGATIVE_UNITS.search(unit) or unit == "total per direct job":
        return 0.0, float("inf")
    return float("-inf"), float("inf")


def strip_prefix(column: str) -> str:
    """A runs-table column without its ``config.`` or ``choice.`` prefix."""
    return column.removeprefix("config.").removeprefix("choice.")


def lever_label(column: str, unit: bool = True) -> str:
    """``Label (unit)`` of a lever, from its runs-table column (``config.<key>`` or
    ``choice.<group>``) or its key; the key itself when the table does not know it."""
    key = strip_prefix(column)
    name, lever_unit = LEVER_LABELS.get(key, (key, ""))
    return f"{name} ({lever_unit})" if unit and lever_unit else name


def option_label(column: str, value: object) -> str:
    """What a value of a lever is called: a group option's label, a number with thousands
    separators (``20,000``; ``0.3`` rather than ``0.30000000000000004``), a flag or text."""
    options = OPTION_LABELS.get(strip_prefix(column), {})
    if isinstance(value, str):
        return options.get(value, value.replace("_", " "))
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        if value != value:  # NaN
            return "n/a"
        if float(value).is_integer():
            text = f"{value:,.0f}"
        else:
            text = f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
        return text.replace("-", "\N{MINUS SIGN}")
    return str(value)


def option_rank(column: str, value: object) -> tuple:
    """Sort key of a lever's values: a group's options in the order of OPTION_LABELS (unknown
    ones after them, by name), numbers by size."""
    options = list(OPTION_LABELS.get(strip_prefix(column), {}))
    if isinstance(value, str):
        return (0, options.index(value) if value in options else len(options), value)
    return (1, 0, value)
