# dramasim: `make run` runs the 2025 baseline, `make test` runs the tests, `make lint` checks style.
# `make slurm` installs and starts a single-node Slurm cluster on this machine (as root; Debian),
# for `hydra/launcher=slurm` sweeps and the Slurm tests (`pytest -k slurm`). `make dashboard`
# serves the interactive dashboard; `make browser` installs the headless Chromium its test drives.
# The first target sets up .venv (Python 3.12+; .python-version selects 3.12 under pyenv) and
# installs the package with its dev tools; it installs again whenever pyproject.toml or setup.py
# changes.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench figures fuzz slurm dashboard browser

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "dramasim needs Python 3.12 or newer: set PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(STAMP)
	$(VENV)/bin/python -m sim

test: $(STAMP) browser
	$(VENV)/bin/python -m pytest -n 2

# Config fuzzing at length: FUZZ_EXAMPLES configs drawn from the schema's ranges each run a short
# simulation (or are refused by validation), as many invalid overrides are refused with exit 2;
# prints how many configs in how long. `make test` runs a few dozen of each.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	DRAMASIM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/python -m pytest tests/test_fuzz.py \
		-p no:cacheprovider -q -s -k "valid_config or invalid_value"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Throughput against the per-agent Mesa reference, scaling, memory and sweep speed; prints the
# table and writes it into benchmarks/README.md. Takes several minutes (the full-scale row most).
bench: $(STAMP)
	$(VENV)/bin/python -m benchmarks.bench --full --readme benchmarks/README.md

# The figures and tables the studies in experiments/ publish: runs each named sweep into
# results/<name>/ (finished jobs are skipped, so a re-run only redraws), gathers it with
# sim.analysis.compare (results/<name>/runs.parquet, comparison.txt and figures/), then draws each
# study's figures into experiments/<name>/figures/ and its table into
# experiments/<name>/results.md (refused when a study's runs come from different commits or
# uncommitted changes). From scratch, 440 runs (10 replicates a setting), about 35 minutes on 2
# cores for all seven; `make figures
# EXPERIMENTS=gig_market` does one. SWEEP_ARGS adds overrides to every sweep, e.g. a quick check
# of the machinery: make figures EXPERIMENTS=labour_supply SWEEP_ARGS="scale=500 years=1
# replicates=2" RESULTS=/tmp/results STUDIES=/tmp/studies (RESULTS and STUDIES: where the sweeps
# and the published studies go; the defaults are results/ and experiments/).
EXPERIMENTS ?= turnover business_model ai_adoption long_drama_contraction gig_market \
	labour_supply beveridge
SWEEP_ARGS ?=
RESULTS ?= results
STUDIES ?= experiments
figures: $(STAMP)
	for name in $(EXPERIMENTS); do \
		$(VENV)/bin/python -m sim -m +experiment=$$name hydra.sweep.dir=$(RESULTS)/$$name \
			hydra.sweeper.progress_seconds=30 $(SWEEP_ARGS) \
			&& $(VENV)/bin/python -m sim.compare $(RESULTS)/$$name > $(RESULTS)/$$name/comparison.txt \
			|| exit 1; \
	done
	$(VENV)/bin/python experiments/publish.py $(EXPERIMENTS) --results $(RESULTS) --out $(STUDIES)

# A single-node Slurm cluster on this machine (Debian; run as root): installs slurm-wlm and munge
# if missing, writes /etc/slurm/slurm.conf for this host (partition `debug`), starts munged,
# slurmctld and slurmd, and waits until `sinfo` shows the node idle. Running it again is harmless.
slurm:
	scripts/slurm_up.sh

# The interactive dashboard (sim/run/dashboard.py, Mesa's SolaraViz) at
# http://127.0.0.1:8765; DASHBOARD_HOST and DASHBOARD_PORT change where it listens. Production
# mode and no telemetry: the page loads nothing from outside this machine.
DASHBOARD_HOST ?= 127.0.0.1
DASHBOARD_PORT ?= 8765
dashboard: $(STAMP)
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=false $(VENV)/bin/solara run sim/run/dashboard.py \
		--host $(DASHBOARD_HOST) --port $(DASHBOARD_PORT) --production

# Debian's chromium and chromium-driver for the dashboard's browser test (`pytest -k dashboard`):
# installed if missing, as root (CI); elsewhere a note, and the test skips (fails under CI=true).
browser:
	scripts/install_browser.sh
