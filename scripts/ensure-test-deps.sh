#!/usr/bin/env bash
# Makes sure what the test suite needs outside npm is present: Debian's Chromium for Playwright and a
# PostgreSQL answering on 127.0.0.1:5432 for the database tests. Installs them with apt when it can
# (root or passwordless sudo); otherwise says what to install. Skips whatever is already there.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_host=127.0.0.1
pg_port=5432
pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then pg_isready -q -h "$pg_host" -p "$pg_port"; else
    (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; fi
}

# Chromium ------------------------------------------------------------------------------------
chromium_path="${PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH:-/usr/bin/chromium}"
if [ -n "${PLAYWRIGHT_BASE_URL:-}" ] || [ -x "$chromium_path" ]; then
  :
else
  echo "ensure-test-deps: installing Debian's chromium for Playwright"
  apt_install chromium || {
    echo "ensure-test-deps: Chromium is missing. Install it (sudo apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH." >&2
    exit 1
  }
fi

# PostgreSQL ----------------------------------------------------------------------------------
if [ -n "${TEST_DATABASE_URL:-}" ] || [ "${SKIP_POSTGRES_TESTS:-}" = "1" ]; then
  exit 0
fi
if ! pg_answers; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "ensure-test-deps: installing Debian's postgresql"
    apt_install postgresql || {
      echo "ensure-test-deps: no PostgreSQL on $pg_host:$pg_port. Start one (trust auth for user postgres) or set TEST_DATABASE_URL." >&2
      exit 1
    }
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -z "$version" ] || [ ! -d "/etc/postgresql/$version/main" ]; then
    as_root pg_createcluster "${version:-15}" main >/dev/null
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
  fi
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # The tests connect as postgres over TCP without a password, like CI's service container.
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || as_root pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  pg_answers || { echo "ensure-test-deps: PostgreSQL did not start on $pg_host:$pg_port" >&2; exit 1; }
fi
