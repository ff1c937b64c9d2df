#!/usr/bin/env bash
# drd's backup and restore benchmark: drd against the raw tools on the same databases, same machine, same run.
#
#   bench/run.sh                 data sets "realistic" (3M md5 rows + index, ~490 MiB), pgbench scale 50 (~750 MiB)
#                                and "large": BENCH_LARGE_GB (default 10) of orders with realistic columns
#                                (ints, timestamps, numeric, text of varied length, jsonb, two indexes)
#   BENCH_ROWS=300000 BENCH_PGBENCH_SCALE=5 BENCH_LARGE_GB=0 BENCH_RUNS=1 bench/run.sh    a quick run
#
# It starts `drd serve --dev` with its own state under bench/out/ (so the dev ports 7233, 9000,
# 8081, 55432, 55433 must be free), loads the data sets into the sandbox primary, and for each
# prints the median of BENCH_RUNS runs (BENCH_LARGE_RUNS, default 1, for "large"), each run
# alternating the raw tools and drd on the same data so that both see the same machine, of:
#   pg_dump -Fc -Z0 > /dev/null               the single-stream limit
#   pg_dump -Fc -Z0 | zstd -T0 -3 > /dev/null the pipeline drd replaces, minus the upload
#   ... | curl -T - into the same S3 API         the pipeline with its upload (chunked; AWS S3 itself
#                                              would need multipart, as drd does)
#   drd backup run --wait                     dump + zstd + SHA-256 + upload into the S3 API + manifest + retention
# then, of the last backup drd took:
#   zstd -d; createdb; pg_restore -j 2           what a restore script does (download not counted)
#   drd restore run --jobs 2 --wait              download + SHA-256 check + createdb + pg_restore -j 2
#                                              + row counts of every table + assertions
# and the daemon's memory: idle RSS and peak RSS (VmHWM, reset before each data set).
# Last, bench/dev-runbooks.sh: BENCH_RUNS dev-mode recoveries and failovers, each round on a fresh
# dev state: total, steps, orchestration, the recovery's RTO, CLI wall time.
# Results: bench/out/backup-<UTC time>.md/.json and runbooks-<UTC time>.md/.json. Not part of the
# test run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/lib/jdk.sh
JAVA_HOME="$(drd_java_home)"; export JAVA_HOME

ROWS="${BENCH_ROWS:-3000000}"
SCALE="${BENCH_PGBENCH_SCALE:-50}"
RUNS="${BENCH_RUNS:-3}"
LARGE_GB="${BENCH_LARGE_GB:-10}"
LARGE_RUNS="${BENCH_LARGE_RUNS:-1}"
HEAP="${BENCH_HEAP:-}"     # e.g. -Xmx256m; empty = the JVM's default
out="$root/bench/out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
state="$out/var-$ROWS-$SCALE-$LARGE_GB"
datasets=(bench-realistic bench-pgbench)
if [ "$LARGE_GB" != 0 ]; then datasets+=(bench-large); fi
mkdir -p "$out"
for tool in zstd python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install $tool)" >&2; exit 2; }
done
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres

config="$out/drd-bench.yaml"
python3 - "$root/config/drd-dev.yaml" "$config" <<'PY'
import sys
dev = open(sys.argv[1]).read()
extra = "".join(f"""  - name: {n}
    host: 127.0.0.1
    port: 55432
    database: {n.replace('-', '_')}
    user: postgres
    sslMode: disable
    backup: {{ retention: {{ daily: 1, weekly: 0, monthly: 0 }} }}
""" for n in ("bench-realistic", "bench-pgbench", "bench-large"))
# the bench targets go at the end of the targets list, before the next top-level key
dev = dev.replace("\nrestore:", extra + "\nrestore:")
open(sys.argv[2], "w").write(dev)
PY

bin/drd --version >/dev/null   # builds the jar if needed
echo "starting drd serve --dev (state in $state) ..." >&2
started="$(date +%s.%N)"
# shellcheck disable=SC2086
DRD_JAVA_OPTS="$HEAP" bin/drd serve --dev --config "$config" --state-dir "$state" >"$out/serve.log" 2>&1 &
wrapper=$!
trap 'kill -TERM $(pgrep -f "drd.jar serve --dev --config $config") 2>/dev/null; wait $wrapper 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fs http://127.0.0.1:8081/ready >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:8081/ready >/dev/null || { echo "drd did not become ready; see $out/serve.log" >&2; exit 1; }
to_ready="$(awk "BEGIN { print $(date +%s.%N) - $started }")"
daemon="$(pgrep -f "drd.jar serve --dev --config $config")"

rss_kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$daemon/status"; }
now() { date +%s.%N; }
median() { python3 -c 'import sys,statistics; v=[float(x) for x in sys.argv[1:] if x != "nan"]; print(statistics.median(v) if v else "nan")' "$@"; }

load() {
  local db="$1"
  if "$bin/psql" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db' AND shobj_description(oid, 'pg_database') = 'bench data loaded'" | grep -q 1; then return; fi
  echo "loading $db ..." >&2
  "$bin/psql" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  case "$db" in
    bench_realistic)
      "$bin/psql" -q -d "$db" -c "CREATE TABLE r AS SELECT g id, md5(g::text) a, md5((g*7)::text) b, now() - (g || ' s')::interval t FROM generate_series(1, $ROWS) g; CREATE INDEX ON r(a)" -c "VACUUM ANALYZE r" ;;
    bench_pgbench)
      "$bin/pgbench" -q -i -s "$SCALE" "$db" >/dev/null 2>&1 ;;
    bench_large)
      # about 230 bytes a row on disk with its indexes: 4.6M rows a GB, loaded 1M rows at a time
      "$bin/psql" -q -d "$db" -c "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, created_at timestamptz NOT NULL, status text NOT NULL, amount numeric(12,2) NOT NULL, note text, items jsonb NOT NULL)"
      local total=$((LARGE_GB * 4600000)) from=1
      while [ "$from" -le "$total" ]; do
        local to=$((from + 999999))
        "$bin/psql" -q -d "$db" -c "INSERT INTO orders SELECT g, ((g * 7919) % 500000)::int, timestamptz '2024-01-01' + (g % 63072000) * interval '1 second', (ARRAY['new','paid','shipped','delivered','returned'])[1 + (g % 5)::int], round(((g * 37) % 100000) / 100.0, 2), CASE WHEN g % 3 = 0 THEN NULL ELSE repeat(md5(g::text), 1 + (g % 4)::int) END, jsonb_build_object('sku', 'SKU-' || (g % 20000), 'qty', 1 + g % 9, 'gift', g % 11 = 0) FROM generate_series($from::bigint, $to) g"
        echo "  $db: $to of $total rows" >&2
        from=$((to + 1))
      done
      "$bin/psql" -q -d "$db" -c "CREATE INDEX ON orders (customer_id, created_at)" -c "VACUUM ANALYZE orders" ;;
  esac
  "$bin/psql" -qc "COMMENT ON DATABASE $db IS 'bench data loaded'"
}

results=()
idle_rss="$(rss_kib VmRSS)"
for target in "${datasets[@]}"; do
  db="${target//-/_}"
  load "$db"
  size="$("$bin/psql" -tAc "SELECT pg_database_size('$db')" -d "$db")"
  runs="$RUNS"; if [ "$target" = bench-large ]; then runs="$LARGE_RUNS"; fi
  raw=(); piped=(); uploaded=(); drd=(); wall=(); ratio=""
  echo 5 > "/proc/$daemon/clear_refs" 2>/dev/null || true
  for _ in $(seq 1 "$runs"); do
    t0=$(now); "$bin/pg_dump" -Fc -Z0 -d "$db" >/dev/null; t1=$(now)
    raw+=("$(awk "BEGIN { print $t1 - $t0 }")")
    t0=$(now); "$bin/pg_dump" -Fc -Z0 -d "$db" | zstd -q -T0 -3 >/dev/null; t1=$(now)
    piped+=("$(awk "BEGIN { print $t1 - $t0 }")")
    t0=$(now)
    status="$("$bin/pg_dump" -Fc -Z0 -d "$db" | zstd -q -T0 -3 | curl -s -o "$out/last-upload.txt" -w '%{http_code}' \
      -T - --aws-sigv4 "aws:amz:us-east-1:s3" \
      --user drd-dev:drd-dev-secret -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
      "http://127.0.0.1:9000/drd-dev/bench/$db.dump.zst" || true)"
    t1=$(now)
    if [ "$status" = 200 ]; then
      uploaded+=("$(awk "BEGIN { print $t1 - $t0 }")")
    else # a single PUT of unknown length is what the S3 API refused here: recorded, not fatal
      echo "the reference upload of $db got HTTP $status: $(head -c 300 "$out/last-upload.txt")" >&2
      uploaded+=(nan)
    fi
    t0=$(now)
    json="$(bin/drd backup run --config "$config" --target "$target" --wait --json 2>"$out/last-run.err")" || { cat "$out/last-run.err" >&2; exit 1; }
    t1=$(now)
    wall+=("$(awk "BEGIN { print $t1 - $t0 }")")
    drd+=("$(python3 -c 'import sys,json,datetime as d
r=json.loads(sys.stdin.read()); f=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00"))
print((f(r["finishedAt"])-f(r["startedAt"])).total_seconds())' <<<"$json")")
    ratio="$(python3 -c 'import sys,json; r=json.loads(sys.stdin.read()); print(round(r["dumpBytes"]/r["bytes"],1))' <<<"$json")"
  done
  key="$(python3 -c 'import sys,json; print(json.loads(sys.stdin.read())["key"])' <<<"$json")"
  archive="$out/$db.dump"
  curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user drd-dev:drd-dev-secret \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "http://127.0.0.1:9000/drd-dev/$key" | zstd -q -d -f -o "$archive"
  plain=(); restored=(); restored_pg=()
  for _ in $(seq 1 "$runs"); do
    "$bin/psql" -qc "DROP DATABASE IF EXISTS ${db}_raw"
    t0=$(now); "$bin/createdb" -T template0 "${db}_raw"; "$bin/pg_restore" -j 2 -d "${db}_raw" "$archive"; t1=$(now)
    plain+=("$(awk "BEGIN { print $t1 - $t0 }")")
    "$bin/psql" -qc "DROP DATABASE IF EXISTS ${db}_raw"
    "$bin/psql" -qc "DROP DATABASE IF EXISTS ${db}_drd"
    rjson="$(bin/drd restore run --config "$config" --target "$target" --into "${db}_drd" --jobs 2 --wait --json 2>"$out/last-run.err")" || { cat "$out/last-run.err" >&2; exit 1; }
    read -r total pgpart < <(python3 -c 'import sys,json,datetime as d
r=json.loads(sys.stdin.read()); f=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00"))
print((f(r["verifiedAt"])-f(r["startedAt"])).total_seconds(), (f(r["restoredAt"])-f(r["checksumVerifiedAt"])).total_seconds())' <<<"$rjson")
    restored+=("$total"); restored_pg+=("$pgpart")
    "$bin/psql" -qc "DROP DATABASE IF EXISTS ${db}_drd"
  done
  rm -f "$archive"
  peak="$(rss_kib VmHWM)"
  results+=("$target $size $(median "${raw[@]}") $(median "${piped[@]}") $(median "${uploaded[@]}") $(median "${drd[@]}") $(median "${wall[@]}") $peak $ratio $(median "${plain[@]}") $(median "${restored[@]}") $(median "${restored_pg[@]}")")
done

# The operator runbooks need dev mode's own config and ports: the bench daemon stops first.
kill -TERM "$daemon"; wait "$wrapper" 2>/dev/null || true
trap - EXIT
BENCH_TO_READY="$to_ready" python3 - "$out/backup-$stamp" "$idle_rss" "$(nproc)" "$(free -g | awk '/Mem:/ {print $2}')" "$("$bin/pg_dump" --version)" "$HEAP" "${results[@]}" <<'PY'
import json, sys, datetime
base, idle, cores, mem, pgdump, heap, rows = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7:]
mib = 1024 * 1024
data = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{cores} cores, {mem} GiB", "pg_dump": pgdump, "jvm_options": heap or "default",
        "daemon_idle_rss_mib": round(idle / 1024), "datasets": []}
lines = ["| data set | size | limit: `pg_dump -Fc -Z0 > /dev/null` | pipeline: `pg_dump -Fc -Z0 \\| zstd -T0 -3 > /dev/null` | pipeline + upload: `… \\| curl -T -` into the S3 API | drd backup (workflow) | drd / pipeline | drd / pipeline + upload | drd / limit | `drd backup run --wait` (CLI wall) | daemon peak RSS |",
         "|---|---|---|---|---|---|---|---|---|---|---|"]
restore_lines = ["| data set | `createdb; pg_restore -j 2` (archive on disk) | drd restore (workflow: download, SHA-256, pg_restore -j 2, verification) | of which pg_restore | drd / pg_restore -j 2 |",
                 "|---|---|---|---|---|"]
for row in rows:
    name, size, raw, piped, uploaded, drd, wall, peak, ratio, plain, restored, restored_pg = row.split()
    plain, restored, restored_pg = float(plain), float(restored), float(restored_pg)
    size, raw, piped, uploaded, drd, wall, peak = int(size), float(raw), float(piped), float(uploaded), float(drd), float(wall), int(peak)
    rate = lambda s: size / mib / s
    d = {"name": name, "bytes": size, "pg_dump_s": raw, "pg_dump_zstd_s": piped, "pg_dump_zstd_upload_s": uploaded, "drd_workflow_s": drd,
         "drd_cli_wall_s": wall, "compression_ratio": float(ratio), "daemon_peak_rss_mib": round(peak / 1024),
         "drd_vs_pipeline": round(rate(drd) / rate(piped), 2), "drd_vs_pipeline_upload": round(rate(drd) / rate(uploaded), 2),
         "drd_vs_limit": round(rate(drd) / rate(raw), 2)}
    d.update({"pg_restore_j2_s": plain, "drd_restore_s": restored, "drd_restore_pg_restore_s": restored_pg,
              "drd_restore_vs_pg_restore": round(restored / plain, 2)})
    restore_lines.append(f"| {name} | {plain:.2f} s | {restored:.2f} s | {restored_pg:.2f} s | {d['drd_restore_vs_pg_restore']:.2f}× |")
    data["datasets"].append(d)
    lines.append(f"| {name} | {size / mib:.0f} MiB | {raw:.2f} s ({rate(raw):.0f} MiB/s) | {piped:.2f} s ({rate(piped):.0f} MiB/s) "
                 f"| {uploaded:.2f} s ({rate(uploaded):.0f} MiB/s) | {drd:.2f} s ({rate(drd):.0f} MiB/s) | {d['drd_vs_pipeline']:.2f}× "
                 f"| {d['drd_vs_pipeline_upload']:.2f}× | {d['drd_vs_limit']:.2f}× | {wall:.2f} s "
                 f"| {d['daemon_peak_rss_mib']} MiB |")
import os
data["daemon_to_ready_s"] = round(float(os.environ["BENCH_TO_READY"]), 2)
lines += ["", f"{data['date']}, {data['machine']}, {pgdump}, JVM options: {data['jvm_options']}, "
          f"median of the runs (each alternating the tools and drd); daemon idle RSS {data['daemon_idle_rss_mib']} MiB (it hosts dev mode's Temporal test server too), "
          f"{data['daemon_to_ready_s']:.1f} s from `drd serve --dev` to /ready (dev mode's services included). "
          "MiB/s = database size / wall time. drd's time runs from workflow start to manifest written and retention applied."]
peaks = {d["name"]: d["daemon_peak_rss_mib"] for d in data["datasets"]}
if "bench-large" in peaks and "bench-realistic" in peaks:
    change = (peaks["bench-large"] - peaks["bench-realistic"]) / peaks["bench-realistic"] * 100
    data["large_vs_realistic_peak_rss_pct"] = round(change, 1)
    lines += ["", f"Daemon peak RSS, large vs realistic data set: {peaks['bench-large']} MiB vs "
              f"{peaks['bench-realistic']} MiB ({change:+.1f} %)."]
lines += ["", "Restore of the same backup (lower is better):", ""] + restore_lines
open(base + ".json", "w").write(json.dumps(data, indent=2) + "\n")
open(base + ".md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
print(f"\nwritten: {base}.md and {base}.json")
PY
echo
bench/dev-runbooks.sh "$out/runbooks-$stamp"
