#!/usr/bin/env bash
# A Procfile-style runner for machines without systemd: N app processes on ports BASE..BASE+N-1,
# each restarted when it dies; Ctrl-C / SIGTERM stops them all.
#   deploy/run-replicas.sh [N=2] [BASE=8501]     (from the checkout; reads deploy env from $RURALDASH_ENV)
set -euo pipefail
N=${1:-2}
BASE=${2:-8501}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENV_FILE=${RURALDASH_ENV:-/etc/ruraldash/ruraldash.env}
if [ -r "$ENV_FILE" ]; then set -a; . "$ENV_FILE"; set +a; fi
if [ "$N" -gt 1 ] && [[ "${RURALDASH_DB_URL:-${RURALDASH_NOTES_URL:-}}" != postgresql* ]]; then
  echo "more than one replica needs RURALDASH_DB_URL=postgresql+psycopg://... (SQLite is one machine only)" >&2
  exit 2
fi
cd "$ROOT"
pids=()
replica() {  # keep one process on port $1 alive; on TERM stop it and return
  local child=""
  trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait; exit 0' INT TERM
  while true; do
    "$ROOT/.venv/bin/streamlit" run app.py --server.port "$1" --server.address 127.0.0.1 \
      --server.headless true &
    child=$!
    wait "$child" || true
    echo "replica on port $1 stopped; restarting in 2 s" >&2
    sleep 2
  done
}
for ((i = 0; i < N; i++)); do
  replica $((BASE + i)) &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null; wait; exit 0' INT TERM
wait
