# Sourced by .ci/run: starts Debian's dockerd when no container runtime answers, so the
# Testcontainers store mode is exercised, and undoes exactly what it started.
# No iptables rules and no IP forwarding: the userland proxy publishes ports on 127.0.0.1.

started_dockerd=""

start_container_runtime() {
  if docker info >/dev/null 2>&1; then return 0; fi
  dockerd --iptables=false --ip6tables=false --ip-forward=false --host unix:///var/run/docker.sock \
    >/tmp/ibkey-lab-dockerd.log 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$started_dockerd" 2>/dev/null || break
    sleep 0.5
  done
  echo "dockerd did not start; its log is /tmp/ibkey-lab-dockerd.log" >&2
  tail -n 20 /tmp/ibkey-lab-dockerd.log >&2
  return 1
}

stop_container_runtime() {
  [ -n "$started_dockerd" ] || return 0
  docker ps -q | xargs -r docker rm -f >/dev/null 2>&1 || true
  kill "$started_dockerd" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.5; done
  ip link delete docker0 >/dev/null 2>&1 || true
  started_dockerd=""
}
