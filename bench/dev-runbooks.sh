#!/usr/bin/env bash
# The operator runbooks in dev mode, timed: BENCH_RUNS rounds, each on a fresh `drd serve --dev`
# state (a failover promotes the sandbox replica for good). Each round takes a backup, damages the
# sandbox (drops shop.order_items and the view on it), then runs
#   drd recover start --runbook runbooks/recover-dev.yaml --yes --wait --json    (in-place restore)
#   drd failover start --runbook runbooks/failover-dev.yaml --yes --wait --json  (promotion)
# and records, from each command's JSON: the workflow's total time, the steps' own time
# (activities), orchestration (the rest), the recovery's RTO figure, and the CLI's wall time (and
# what the CLI adds to the workflow: JVM start-up, config, connecting, following, exiting).
# Needs the dev ports (7233, 9000, 8081, 55432, 55433) free. Prints a Markdown table; with an
# argument BASE, also writes BASE.md and BASE.json. bench/run.sh calls it last. Then BENCH_RUNS more
# failovers, each with four throttled backups holding every data slot (worker.dataMovers: 4).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/lib/jdk.sh
JAVA_HOME="$(drd_java_home)"; export JAVA_HOME
RUNS="${BENCH_RUNS:-3}"
out="$root/bench/out"
mkdir -p "$out"
now() { date +%s.%N; }

# workflow total, steps, orchestration, rto (0 when none), CLI wall: one line per run
figures() {
  python3 -c 'import sys,json,re
def secs(iso):
    h, m, s = (float(x) if x else 0 for x in re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso).groups())
    return 3600 * h + 60 * m + s
p = json.loads(sys.stdin.read())
t = p["timings"]
rto = next((secs(f["value"]) for f in p.get("figures", []) if f["name"] == "rto"), 0)
print(secs(t["total"]), secs(t["steps"]), secs(t["orchestration"]), rto, sys.argv[1])' "$1"
}

run() { # command runbook-file → figures line
  local t0 t1 json
  t0=$(now)
  json="$(bin/drd "$1" start --runbook "$2" --yes --wait --json 2>"$out/last-run.err")" || { cat "$out/last-run.err" >&2; exit 1; }
  t1=$(now)
  figures "$(awk "BEGIN { print $t1 - $t0 }")" <<<"$json"
}

recoveries=()
failovers=()
for _ in $(seq 1 "$RUNS"); do
  state="$(mktemp -d "$out/dev-state-XXXXXX")"
  bin/drd serve --dev --state-dir "$state" >"$out/dev-serve.log" 2>&1 &
  wrapper=$!
  trap 'pkill -TERM -f "drd.jar serve --dev --state-dir $state"; wait "$wrapper" 2>/dev/null; rm -rf "$state"' EXIT
  for _ in $(seq 1 240); do curl -fs http://127.0.0.1:8081/ready >/dev/null 2>&1 && break; sleep 0.5; done
  bin/drd backup run --target sandbox --wait >/dev/null 2>"$out/last-run.err" || { cat "$out/last-run.err" >&2; exit 1; }
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  "$pg_bin/psql" -q -h 127.0.0.1 -p 55432 -U postgres -d sandbox -c 'DROP TABLE shop.order_items CASCADE'
  recoveries+=("$(run recover runbooks/recover-dev.yaml)")
  failovers+=("$(run failover runbooks/failover-dev.yaml)")
  kill -TERM "$(pgrep -f "drd.jar serve --dev --state-dir $state")"; wait "$wrapper" 2>/dev/null || true
  trap - EXIT
  rm -rf "$state"
done

# The failover again with every data slot busy (issue 15.1): four backups of four databases,
# throttled to 128 kB/s, hold the 4 data movers (worker.dataMovers) while it runs.
busy_config="$out/drd-busy.yaml"
python3 - "$root/config/drd-dev.yaml" "$busy_config" <<'PY'
import sys
dev = open(sys.argv[1]).read()
extra = "".join(f"""  - name: busy-{i}
    host: 127.0.0.1
    port: 55432
    database: busy_{i}
    user: postgres
    sslMode: disable
    backup: {{ maxRate: 128kB, retention: {{ daily: 1, weekly: 0, monthly: 0 }} }}
""" for i in range(1, 5))
open(sys.argv[2], "w").write(dev.replace("\nrestore:", extra + "\nrestore:"))
PY
busy_dumps() { # the busy databases a pg_dump of drd is reading now
  "$pg_bin/psql" -tA -h 127.0.0.1 -p 55432 -U postgres -d postgres -c \
    "SELECT count(DISTINCT datname) FROM pg_stat_activity WHERE datname LIKE 'busy\_%' AND application_name LIKE 'drd % dump %'"
}
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
busy=()
for _ in $(seq 1 "$RUNS"); do
  state="$(mktemp -d "$out/dev-state-XXXXXX")"
  bin/drd serve --dev --config "$busy_config" --state-dir "$state" >"$out/dev-serve.log" 2>&1 &
  wrapper=$!
  trap 'pkill -TERM -f "drd.jar serve --dev --config $busy_config --state-dir $state"; wait "$wrapper" 2>/dev/null; rm -rf "$state"' EXIT
  for _ in $(seq 1 240); do curl -fs http://127.0.0.1:8081/ready >/dev/null 2>&1 && break; sleep 0.5; done
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  for i in 1 2 3 4; do
    "$pg_bin/psql" -q -h 127.0.0.1 -p 55432 -U postgres -c "CREATE DATABASE busy_$i"
    "$pg_bin/psql" -q -h 127.0.0.1 -p 55432 -U postgres -d "busy_$i" \
      -c "CREATE TABLE t AS SELECT g, md5(g::text) m FROM generate_series(1, 400000) g"
    bin/drd backup run --config "$busy_config" --target "busy-$i" >/dev/null 2>"$out/last-run.err" || { cat "$out/last-run.err" >&2; exit 1; }
  done
  for _ in $(seq 1 60); do [ "$(busy_dumps)" -ge 4 ] && break; sleep 0.5; done
  [ "$(busy_dumps)" -ge 4 ] || { echo "the four throttled backups did not all start" >&2; exit 1; }
  busy+=("$(run failover runbooks/failover-dev.yaml)")
  echo "dumps of the busy databases still running after the failover: $(busy_dumps) (4 when it started)" >&2
  kill -TERM "$(pgrep -f "drd.jar serve --dev --config $busy_config --state-dir $state")"; wait "$wrapper" 2>/dev/null || true
  trap - EXIT
  rm -rf "$state"
done

python3 - "${1:-}" "$RUNS" "${#recoveries[@]}" "${recoveries[@]}" "${failovers[@]}" "${busy[@]}" <<'PY'
import json, statistics, sys
base, runs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [list(map(float, r.split())) for r in sys.argv[4:]]
def medians(rs):
    total, steps, orch, rto, wall = (statistics.median(c) for c in zip(*rs))
    added = statistics.median(r[4] - r[0] for r in rs)
    return {"total_s": total, "steps_s": steps, "orchestration_s": orch, "rto_s": rto, "cli_wall_s": wall,
            "cli_added_s": added}
data = {"runs": runs, "recover_dev": medians(rows[:n]), "failover_dev": medians(rows[n:2 * n]),
        "failover_dev_data_slots_busy": medians(rows[2 * n:])}
lines = [f"Operator runbooks in dev mode (median of {runs}, each on a fresh dev state; `--yes --wait`):", "",
         "| runbook | steps | workflow total | steps' own time | orchestration | reported RTO | CLI wall time | CLI added (wall − workflow) |",
         "|---|---|---|---|---|---|---|---|"]
for name, file, count in (("recover_dev", "`recover-dev.yaml`", 11), ("failover_dev", "`failover-dev.yaml`", 11),
                          ("failover_dev_data_slots_busy", "`failover-dev.yaml`, every data slot busy", 11)):
    d = data[name]
    rto = f"{d['rto_s']:.2f} s" if d["rto_s"] else "-"
    lines.append(f"| {file} | {count} | {d['total_s']:.2f} s | {d['steps_s']:.2f} s | {d['orchestration_s']:.2f} s | {rto} | {d['cli_wall_s']:.2f} s | {d['cli_added_s']:.2f} s |")
if base:
    open(base + ".json", "w").write(json.dumps(data, indent=2) + "\n")
    open(base + ".md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
