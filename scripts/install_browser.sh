#!/usr/bin/env bash
# Debian's Chromium and chromedriver, for the dashboard's browser test (tests/test_dashboard.py).
# Installs them only when missing and only as root (as CI runs); otherwise says what to do and
# leaves the test to skip (or to fail under CI=true). Running it again is harmless.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install_browser: chromium or chromedriver missing; as root: apt-get install chromium chromium-driver" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
command -v chromium && command -v chromedriver
