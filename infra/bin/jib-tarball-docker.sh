#!/usr/bin/env bash
# Stands in for `docker` when Quarkus' Jib extension builds an image with no daemon and no registry at hand: Jib
# streams the finished image as a `docker load` tarball on stdin; this writes it to $STOREFLEET_IMAGE_TAR instead
# of loading it. The tarball is what `docker load -i` / `podman load -i` / `skopeo copy docker-archive:` take.
# Usage: -Dquarkus.jib.docker-executable-name=$PWD/infra/bin/jib-tarball-docker.sh STOREFLEET_IMAGE_TAR=out.tar
set -euo pipefail
case "${1:-}" in
  load)
    out="${STOREFLEET_IMAGE_TAR:?set STOREFLEET_IMAGE_TAR to the tarball to write}"
    mkdir -p "$(dirname "$out")"
    cat > "$out"
    echo "Loaded image: written to $out"
    ;;
  info)
    # Jib asks for the daemon's platform to pick the base image's manifest
    echo '{"OSType":"linux","Architecture":"x86_64"}'
    ;;
  *)
    echo "jib-tarball-docker.sh: only 'load' and 'info' are supported (got: $*)" >&2
    exit 1
    ;;
esac
