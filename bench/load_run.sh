#!/usr/bin/env bash
# Load test of the portal and the workbench (docs/benchmarks.md → Load). Not part of `make test`.
#
#   pip install -e '.[bench]'     # locust and gunicorn
#   bench/load_run.sh             # 200 users for 5 minutes on loopback
#
# The demo data (`sanxiang load-demo`) on PostgreSQL behind gunicorn, with DEBUG off.
# Settings through the environment: DATABASE_URL, USERS (200), DURATION (seconds at full
# load, 300), SPAWN_RATE (users started a second, 2), WORKERS (gunicorn processes, 5),
# THREADS (per process, 1: sync workers), PORT (8765), OUT (directory for the CSV files),
# BASELINE (seconds of each alone-baseline, 30), MAIN=0 (the baseline only).

set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sanxiang_load}
export SANXIANG_VAR_DIR=${SANXIANG_VAR_DIR:-/tmp/sanxiang-load}
export MPLCONFIGDIR=${MPLCONFIGDIR:-$SANXIANG_VAR_DIR/mpl}
export SANXIANG_DEBUG=0
USERS=${USERS:-200}
DURATION=${DURATION:-300}  # seconds at full load, after the ramp
SPAWN_RATE=${SPAWN_RATE:-2}
RUN_TIME=$(( USERS / SPAWN_RATE + DURATION ))
WORKERS=${WORKERS:-5}
THREADS=${THREADS:-1}
PORT=${PORT:-8765}
OUT=${OUT:-$SANXIANG_VAR_DIR/load}
mkdir -p "$OUT"

"$BIN/sanxiang" migrate --noinput >/dev/null
"$BIN/sanxiang" load-demo >/dev/null
"$BIN/python" bench/load_publish_demo.py
"$BIN/sanxiang" collectstatic --noinput >/dev/null

"$BIN/gunicorn" sanxiang.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --threads "$THREADS" --timeout 60 --log-level warning >"$OUT/gunicorn.log" 2>&1 &
SERVER=$!
( while sleep 10; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; done ) \
  >"$OUT/loadavg.txt" &
SAMPLER=$!
trap 'kill "$SERVER" "$SAMPLER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 1
done

echo "machine: $(nproc) cores, $(uname -srm); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Baseline of the same run: one citizen, then one member of staff, alone and without pauses.
for who in Citizen Staff; do
  LOAD_PACE=0 "$BIN/locust" -f bench/load_portal_workbench.py "$who" --headless --users 1 \
    --spawn-rate 1 --run-time "${BASELINE:-30}s" --host "http://127.0.0.1:$PORT" \
    --csv "$OUT/baseline-${who,,}" --only-summary >/dev/null 2>&1 || true
done
[ "${MAIN:-1}" = 0 ] && exit 0
"$BIN/locust" -f bench/load_portal_workbench.py --headless --users "$USERS" \
  --spawn-rate "$SPAWN_RATE" --run-time "${RUN_TIME}s" --host "http://127.0.0.1:$PORT" \
  --csv "$OUT/load" --only-summary --stop-timeout 10 || true
echo "load average during the run (1, 5, 15 min), every 10 s:"
cat "$OUT/loadavg.txt"
echo "per page type: $OUT/load_stats.csv; failures: $OUT/load_failures.csv"
"$BIN/python" bench/load_report.py "$OUT"
