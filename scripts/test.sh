#!/usr/bin/env bash
# The default test run (fast tests; slow training tests are tagged "slow": run them with `mvn -Pslow test`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B -ntp test
