"""timeseries.parquet: a row a month by default, a row a day with ``output.timeseries=day`` (the
same run, recorded more often), and ``date`` a real date type that the comparison reads."""

import importlib.util
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import sim
import sim.analysis.compare
import sim.analysis.figures
from sim.config import DramaSimConfig
from sim.model import DramaLabourModel
from sim.model.recorder import Recorder, calendar_date
from sim.run.outputs import write_outputs

REPOSITORY = Path(sim.__file__).resolve().parent.parent
SMALL = {"scale": 200.0, "years": 1, "seed": 7}


def write_run(folder: Path, model: DramaLabourModel, timeseries: pd.DataFrame | None = None):
    """A run folder with the model's outputs."""
    folder.mkdir(parents=True)
    series = model.timeseries() if timeseries is None else timeseries
    write_outputs(folder, model.summary(), series, "config")


def run_model(step: str) -> DramaLabourModel:
    config = DramaSimConfig(**SMALL)
    config.output.timeseries = step
    model = DramaLabourModel(config)
    model.run()
    return model


@pytest.fixture(scope="module")
def runs() -> dict[str, DramaLabourModel]:
    """The same small run recorded monthly and daily, with the rows each recorder wrote."""
    recorded: dict[str, int] = {}
    models = {}
    for step in ("month", "day"):
        calls = 0
        record = Recorder.record

        def counting(recorder, day, record=record):
            nonlocal calls
            calls += 1
            record(recorder, day)

        Recorder.record = counting
        try:
            models[step] = run_model(step)
        finally:
            Recorder.record = record
        recorded[step] = calls
    assert recorded == {"month": 12, "day": 365}, "a monthly run records nothing on other days"
    return models


def test_daily_rows_are_the_monthly_run_recorded_every_day(runs):
    monthly, daily = runs["month"].timeseries(), runs["day"].timeseries()
    assert runs["month"].summary() == runs["day"].summary(), "recording changes no result"
    assert len(monthly) == 12 and len(daily) == 365
    assert list(daily["day"]) == list(range(1, 366))
    assert list(monthly.columns) == list(daily.columns)

    month_ends = daily[daily["day"].isin(monthly["day"])].reset_index(drop=True)
    flows = [c for c in monthly if c.startswith(("flows.", "titles.completed."))]
    stocks = [c for c in monthly if c not in flows and c != "date"]
    pd.testing.assert_frame_equal(month_ends[stocks], monthly[stocks])
    by_month = daily.groupby("month")[flows].sum().reset_index(drop=True)
    pd.testing.assert_frame_equal(by_month, monthly[flows])
    assert daily["employed.micro"].nunique() > 12, "days differ within months"


def test_dates_are_dates_a_month_or_a_day_apart(runs, tmp_path):
    monthly, daily = runs["month"].timeseries(), runs["day"].timeseries()
    for frame in (monthly, daily):
        assert frame["date"].dtype == "datetime64[ns]"
    assert list(monthly["date"].dt.date) == [date(2025, month, 1) for month in range(1, 13)]
    assert daily["date"].iloc[0] == pd.Timestamp("2025-01-01")
    assert (daily["date"].diff().dropna() == pd.Timedelta(days=1)).all()
    assert daily["date"].iloc[-1] == pd.Timestamp("2025-12-31")

    write_outputs(tmp_path, runs["day"].summary(), daily, "config")
    schema = pq.read_schema(tmp_path / "timeseries.parquet")
    assert str(schema.field("date").type).startswith("timestamp")
    assert pd.read_parquet(tmp_path / "timeseries.parquet")["date"].dtype.kind == "M"


def test_calendar_dates_run_in_years_of_365_days():
    assert calendar_date(0) == date(2025, 1, 1)
    assert calendar_date(58) == date(2025, 2, 28)
    assert calendar_date(364) == date(2025, 12, 31)
    assert calendar_date(365) == date(2026, 1, 1)
    assert calendar_date(3 * 365 + 59) == date(2028, 3, 1), "no 29 February in 2028"


def captured_employment_table(monkeypatch, folder: Path) -> pd.DataFrame:
    """The runs' series ``python -m sim.compare FOLDER`` hands to the employment figures."""
    captured = []

    def keep(table, names, line_keys, figure_folder):
        captured.append(table)
        return []

    monkeypatch.setattr(sim.analysis.compare.figures, "employment_figures", keep)
    sim.analysis.compare.main([str(folder)])
    [table] = captured
    return table


def test_comparison_draws_a_point_a_day_from_daily_series(runs, tmp_path, monkeypatch, capsys):
    write_run(tmp_path / "daily", runs["day"])
    series = captured_employment_table(monkeypatch, tmp_path / "daily")
    assert len(series) == 365
    figure = sim.analysis.figures.over_time(series, ["employed.micro"])
    line = max(figure.axes[0].get_lines(), key=lambda line: len(line.get_xdata()))
    assert len(line.get_xdata()) == 365
    expected = runs["day"].timeseries()["employed.micro"].to_numpy()
    assert np.array_equal(np.asarray(line.get_ydata(), dtype=float), expected)


def test_comparison_reads_month_text_of_older_runs(runs, tmp_path, monkeypatch, capsys):
    older = runs["month"].timeseries()
    older["date"] = older["date"].dt.strftime("%Y-%m")  # as runs wrote it before
    write_run(tmp_path / "older", runs["month"], older)
    series = captured_employment_table(monkeypatch, tmp_path / "older")
    figure = sim.analysis.figures.over_time(series, ["employed.micro"])
    line = max(figure.axes[0].get_lines(), key=lambda line: len(line.get_xdata()))
    dates = pd.to_datetime(pd.Series(line.get_xdata()))
    assert list(dates) == list(runs["month"].timeseries()["date"])


def test_studies_refuse_daily_series(runs, tmp_path):
    spec = importlib.util.spec_from_file_location("publish", REPOSITORY / "experiments/publish.py")
    publish = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(publish)
    write_run(tmp_path / "0", runs["month"])
    write_run(tmp_path / "1", runs["day"])
    listed = pd.DataFrame({"run_dir": [str(tmp_path / "0")]})
    assert len(publish.read_timeseries(listed, ["flows.long_to_micro"])) == 12
    with pytest.raises(SystemExit, match="daily time series"):
        publish.read_timeseries(pd.DataFrame({"run_dir": [str(tmp_path / "1")]}), [])
