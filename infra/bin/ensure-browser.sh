#!/usr/bin/env bash
# A headless browser for the dashboard test: Debian's chromium, driven by playwright-core (npm) from a tools dir.
# Idempotent; prints the tools dir (holding node_modules/playwright-core) on its last line.
set -euo pipefail
TOOLS="${STOREFLEET_BROWSER_TOOLS:-${HOME}/.cache/storefleet/browser-tools}"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # apt may be busy with another engineer's install: wait for its lock rather than fail
  for i in $(seq 1 60); do
    if $SUDO apt-get -o DPkg::Lock::Timeout=120 install -y --no-install-recommends chromium >&2; then break; fi
    $SUDO apt-get update >&2 || true
    sleep 5
  done
fi
[ -x /usr/bin/chromium ] || { echo "chromium could not be installed" >&2; exit 1; }
if [ ! -d "$TOOLS/node_modules/playwright-core" ]; then
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && { [ -f package.json ] || echo '{"name":"storefleet-browser-tools","private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent playwright-core@1 >&2)
fi
echo "$TOOLS"
