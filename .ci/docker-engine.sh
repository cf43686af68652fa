#!/usr/bin/env bash
# Starts a real Docker engine for test/e2e/local-real-docker.test.ts and prints the two variables the test reads
# (AZOPS_TEST_DOCKER_HOST, AZOPS_TEST_DOCKER_IMAGE) for `eval`. Nothing is pulled: the engine runs with the vfs
# storage driver and no bridge or iptables (a VM without them), and the test's image is busybox-static imported
# from Debian's package. Usage: eval "$(.ci/docker-engine.sh start DIR)"; .ci/docker-engine.sh stop DIR
set -euo pipefail
action="$1" dir="$2"
as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)

if [ "$action" = stop ]; then
  if [ -f "$dir/dockerd.pid" ]; then
    pid="$(cat "$dir/dockerd.pid")"
    "${as_root[@]}" kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$dir/dockerd.pid" ] || break; sleep 0.2; done
  fi
  exit 0
fi

need=()
command -v dockerd >/dev/null || need+=(docker.io)
[ -x /bin/busybox ] && /bin/busybox --list | grep -qx sh || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
  "${as_root[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

mkdir -p "$dir"
socket="$dir/docker.sock"
"${as_root[@]}" dockerd --host "unix://$socket" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
  --storage-driver vfs --iptables=false --ip6tables=false --bridge none >"$dir/dockerd.log" 2>&1 &
for _ in $(seq 1 150); do
  [ -S "$socket" ] && DOCKER_HOST="unix://$socket" docker version >/dev/null 2>&1 && break
  sleep 0.2
done
if ! DOCKER_HOST="unix://$socket" docker version >/dev/null 2>&1; then
  echo "dockerd did not start within 30 s; its log:" >&2
  tail -30 "$dir/dockerd.log" >&2
  exit 1
fi
# Readable by the test (which runs as this user) when dockerd runs through sudo.
"${as_root[@]}" chmod 666 "$socket"

image=azops-test/busybox:ci
rootfs="$(mktemp -d)"
mkdir -p "$rootfs/bin"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in sh echo sleep cat date; do ln -s busybox "$rootfs/bin/$applet"; done
tar -C "$rootfs" -c . | DOCKER_HOST="unix://$socket" docker import - "$image" >/dev/null
rm -rf "$rootfs"
echo "export AZOPS_TEST_DOCKER_HOST=unix://$socket AZOPS_TEST_DOCKER_IMAGE=$image"
