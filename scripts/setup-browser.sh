#!/usr/bin/env bash
# Installs headless Chromium (Debian package `chromium`) for the report's browser test
# (ReportBrowserTest: renders report.html offline, checks figures and takes a screenshot).
# Idempotent: does nothing when chromium is already installed. The test skips when chromium is absent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || dpkg -s chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "setup-browser: installing chromium from Debian" >&2
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
