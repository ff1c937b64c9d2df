#!/usr/bin/env bash
# The WAL archive's benchmark (issue 16), beside the raw tools on the same data, in one run:
#   base backup: pg_basebackup -D - -Ft -X none -c fast | zstd -T0 -3 (> /dev/null, and | curl -T -
#                into the same S3 API) against drd archive backup --wait (tar + zstd + SHA-256 +
#                multipart upload + waiting for the archive to hold its WAL + manifest)
#   restore:     drd restore run --at latest --data-dir (download + SHA-256 + untar + WAL fetched
#                and checked + replay + promote + clean shutdown) against pg_restore -j 2 of a
#                pg_dump of the same data into a new database (no download counted)
#   RPO:         the archive's lag (drd_archive_lag_seconds, sampled every 0.5 s from /metrics)
#                while pgbench -c 4 writes for BENCH_RPO_SECONDS (default 120): p50, p99, max
#
#   bench/archive.sh                      3M "realistic" rows (~490 MiB), BENCH_RUNS=3 alternating runs
#   BENCH_ROWS=300000 BENCH_RUNS=1 BENCH_RPO_SECONDS=20 bench/archive.sh     a quick run
#
#   pgBackRest:  Debian's pgbackrest backs up a physical copy of the same cluster (pg_basebackup of
#                the sandbox, served on port 55439 with archive_command = archive-push) into a posix
#                repo on local disk (its S3 repo speaks https only), zstd -3, 2 processes; its
#                restore + start + promotion + clean stop is timed against drd's restore to latest
#
# Starts `drd serve --dev` on a fresh state dir under bench/out/ (the dev ports 7233, 9000, 8081,
# 55432, 55433 and 55439 must be free). Needs zstd, curl, python3 and pgbackrest (apt-get install
# pgbackrest). Prints a Markdown table; results in bench/out/archive-<UTC time>.md/.json. Not part
# of the test run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/lib/jdk.sh
JAVA_HOME="$(drd_java_home)"; export JAVA_HOME
ROWS="${BENCH_ROWS:-3000000}"
RUNS="${BENCH_RUNS:-3}"
RPO_SECONDS="${BENCH_RPO_SECONDS:-120}"
out="$root/bench/out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for tool in zstd python3 curl pgbackrest; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install $tool)" >&2; exit 2; }
done
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres
now() { date +%s.%N; }
# PostgreSQL and pgBackRest refuse root: as root they run in a user namespace of their own, as drd
# runs its local clusters
as_postgres() { if [ "$(id -u)" -eq 0 ]; then unshare -U "$@"; else "$@"; fi; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
span() { python3 -c 'import sys,datetime as d
f=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00"))
print((f(sys.argv[2])-f(sys.argv[1])).total_seconds())' "$1" "$2"; }
field() { python3 -c 'import sys,json; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }

state="$(mktemp -d "$out/archive-state-XXXXXX")"
bin/drd serve --dev --state-dir "$state" >"$out/archive-serve.log" 2>&1 &
wrapper=$!
cleanup() {
  pkill -TERM -f "drd.jar serve --dev --state-dir $state" || true
  wait "$wrapper" 2>/dev/null || true
  for dir in "$out/pgbr/src" "$out/pgbr/dst"; do
    [ -f "$dir/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$state" "$out"/pitr-* "$out"/bench.dump "$out/pgbr"
}
trap cleanup EXIT
for _ in $(seq 1 240); do curl -fs http://127.0.0.1:8081/ready >/dev/null 2>&1 && break; sleep 0.5; done

echo "loading $ROWS realistic rows into the sandbox ..." >&2
"$bin/psql" -q -d sandbox -c "DROP TABLE IF EXISTS r; CREATE TABLE r AS SELECT g id, md5(g::text) a,
  md5((g*7)::text) b, now() - (g||' s')::interval t FROM generate_series(1, $ROWS) g; CREATE INDEX ON r(a);
  CHECKPOINT;"
cluster_mib=$("$bin/psql" -tA -d sandbox -c "SELECT sum(pg_database_size(oid)) / 1048576 FROM pg_database")
# the archive catches up with the load before the first base backup
for _ in $(seq 1 240); do
  lag=$(curl -fs http://127.0.0.1:8081/metrics | awk '/^drd_archive_lag_bytes/ {print $2}')
  [ "${lag:-1}" = "0.0" ] && break; sleep 0.5
done

raw=(); uploaded=(); drd=(); drd_tar=()
for i in $(seq 1 "$RUNS"); do
  t0=$(now)
  "$bin/pg_basebackup" -D - -Ft -X none -c fast -U postgres 2>/dev/null | zstd -q -T0 -3 > /dev/null
  t1=$(now); raw+=("$(awk "BEGIN { print $t1 - $t0 }")")
  t0=$(now)
  status=$("$bin/pg_basebackup" -D - -Ft -X none -c fast -U postgres 2>/dev/null | zstd -q -T0 -3 |
    curl -s -o "$out/last-upload.txt" -w '%{http_code}' -T - --aws-sigv4 "aws:amz:us-east-1:s3" \
      --user drd-dev:drd-dev-secret -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
      "http://127.0.0.1:9000/drd-dev/bench/base-$i.tar.zst" || true)
  t1=$(now)
  if [ "$status" = 200 ]; then uploaded+=("$(awk "BEGIN { print $t1 - $t0 }")"); else
    echo "the reference upload got HTTP $status (s3proxy refuses large single PUTs)" >&2; uploaded+=(nan); fi
  json=$(bin/drd archive backup --target sandbox --wait --json 2>"$out/last-run.err") || { cat "$out/last-run.err" >&2; exit 1; }
  drd+=("$(span "$(field startedAt <<<"$json")" "$(field walArchivedAt <<<"$json")")")
  drd_tar+=("$(field tarBytes <<<"$json")")
done

echo "point-in-time restore at latest, and pg_restore -j 2 of a dump of the same data ..." >&2
pitr=(); restored=()
"$bin/pg_dump" -Fc -Z0 -d sandbox -f "$out/bench.dump"
# every restore to latest first: a pg_restore into the same server writes WAL that a later
# restore to latest would replay too
for i in $(seq 1 "$RUNS"); do
  json=$(bin/drd restore run --target sandbox --at latest --data-dir "$out/pitr-$i" --wait --json 2>"$out/last-run.err") ||
    { cat "$out/last-run.err" >&2; exit 1; }
  pitr+=("$(span "$(field startedAt <<<"$json")" "$(field finishedAt <<<"$json")")")
  rm -rf "$out/pitr-$i" "$out/pitr-$i.log"
done
for i in $(seq 1 "$RUNS"); do
  "$bin/psql" -q -d postgres -c "DROP DATABASE IF EXISTS bench_restored" -c "CREATE DATABASE bench_restored"
  t0=$(now)
  "$bin/pg_restore" -j 2 -d bench_restored "$out/bench.dump"
  t1=$(now); restored+=("$(awk "BEGIN { print $t1 - $t0 }")")
done
"$bin/psql" -q -d postgres -c "DROP DATABASE IF EXISTS bench_restored"

echo "pgBackRest: a full backup of a physical copy of the sandbox, then its restores ..." >&2
pgbr="$out/pgbr"; rm -rf "$pgbr"; mkdir -p "$pgbr/repo" "$pgbr/sock" "$pgbr/lock" "$pgbr/spool"
printf '%s\n' "[global]" "repo1-path=$pgbr/repo" "repo1-type=posix" "repo1-retention-full=9" \
  "compress-type=zst" "compress-level=3" "process-max=2" "start-fast=y" "log-level-console=warn" \
  "log-level-file=off" "lock-path=$pgbr/lock" "spool-path=$pgbr/spool" "" "[bench]" \
  "pg1-path=$pgbr/src" "pg1-port=55439" "pg1-socket-path=$pgbr/sock" "pg1-user=postgres" \
  > "$pgbr/pgbackrest.conf"
backrest() { as_postgres pgbackrest --config="$pgbr/pgbackrest.conf" --stanza=bench "$@"; }
serve_copy() { # DIR [SETTINGS]: serves a data directory on port 55439, on its socket only
  as_postgres "$bin/pg_ctl" -D "$1" -l "$1.log" -w -o "-p 55439 -k $pgbr/sock -c listen_addresses='' ${2:-}" \
    start >/dev/null
}
"$bin/pg_basebackup" -D "$pgbr/src" -X stream -c fast -U postgres
chmod 700 "$pgbr/src"
sed -i '1i local all all trust' "$pgbr/src/pg_hba.conf"   # pgBackRest talks over the socket
serve_copy "$pgbr/src" "-c archive_mode=on \
  -c \"archive_command=pgbackrest --config=$pgbr/pgbackrest.conf --stanza=bench archive-push %p\""
backrest stanza-create
t0=$(now); backrest --type=full backup; t1=$(now); pgbr_backup=$(awk "BEGIN { print $t1 - $t0 }")
as_postgres "$bin/pg_ctl" -D "$pgbr/src" -m fast -w stop >/dev/null
pgbr_restore=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$pgbr/dst"
  t0=$(now)
  backrest --pg1-path="$pgbr/dst" restore
  serve_copy "$pgbr/dst"
  until [ "$("$bin/psql" -h "$pgbr/sock" -p 55439 -U postgres -tAc 'SELECT pg_is_in_recovery()')" = f ]; do
    sleep 0.05
  done
  as_postgres "$bin/pg_ctl" -D "$pgbr/dst" -m fast -w stop >/dev/null
  t1=$(now); pgbr_restore+=("$(awk "BEGIN { print $t1 - $t0 }")")
done
rm -rf "$pgbr"

echo "archive lag under pgbench -c 4 for ${RPO_SECONDS}s ..." >&2
"$bin/psql" -q -d postgres -c "DROP DATABASE IF EXISTS bench_rpo" -c "CREATE DATABASE bench_rpo"
"$bin/pgbench" -q -i -s 10 bench_rpo >/dev/null 2>&1
samples="$out/archive-lag-$stamp.txt"; : > "$samples"
"$bin/pgbench" -c 4 -T "$RPO_SECONDS" bench_rpo >"$out/pgbench.txt" 2>&1 &
bench=$!
while kill -0 "$bench" 2>/dev/null; do
  curl -fs http://127.0.0.1:8081/metrics | awk '/^drd_archive_lag_seconds/ {print $2}' >> "$samples"
  sleep 0.5
done
tps=$(awk '/^tps/ {print $3; exit}' "$out/pgbench.txt")

python3 - "$out/archive-$stamp" "$RUNS" "$cluster_mib" "$samples" "$tps" \
  "$(median "${raw[@]}")" "$(median "${uploaded[@]}")" "$(median "${drd[@]}")" "$(median "${drd_tar[@]}")" \
  "$(median "${pitr[@]}")" "$(median "${restored[@]}")" "$pgbr_backup" "$(median "${pgbr_restore[@]}")" <<'PY'
import json, math, statistics, sys
base, runs, mib, samples, tps = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
raw, uploaded, drd, tar, pitr, restored, pgbr_backup, pgbr_restore = (float(x) for x in sys.argv[6:14])
lags = sorted(float(l) for l in open(samples) if l.strip())
q = lambda p: lags[min(len(lags) - 1, int(p * len(lags)))] if lags else float("nan")
data = {"runs": runs, "cluster_mib": mib, "basebackup_zstd_s": raw, "basebackup_zstd_upload_s": uploaded,
        "drd_base_backup_s": drd, "drd_vs_pipeline": raw / drd, "drd_vs_pipeline_upload": uploaded / drd,
        "drd_pitr_latest_s": pitr, "pg_restore_j2_s": restored, "pitr_vs_pg_restore": pitr / restored,
        "lag_p50_s": q(0.5), "lag_p99_s": q(0.99), "lag_max_s": lags[-1] if lags else float("nan"),
        "lag_samples": len(lags), "pgbench_tps": tps,
        "pgbackrest_full_backup_s": pgbr_backup, "pgbackrest_restore_s": pgbr_restore,
        "pitr_vs_pgbackrest": pitr / pgbr_restore}
up = "n/a" if math.isnan(uploaded) else f"{uploaded:.2f} s"
ratio = "n/a" if math.isnan(uploaded) else f"{data['drd_vs_pipeline_upload']:.2f}×"
lines = [f"WAL archive, median of {runs} alternating runs, cluster {mib:.0f} MiB (dev mode, maxDelay 10s):", "",
         "| base backup: `pg_basebackup -Ft -X none \\| zstd -T0 -3 > /dev/null` | … `\\| curl -T -` into the S3 API | `drd archive backup --wait` (to complete) | drd / pipeline | drd / pipeline + upload |",
         "|---|---|---|---|---|",
         f"| {raw:.2f} s | {up} | {drd:.2f} s | {data['drd_vs_pipeline']:.2f}× | {ratio} |", "",
         "| restore: `drd restore run --at latest --data-dir` (download to promoted and shut down) | `pg_restore -j 2` of a dump of the same data | drd / pg_restore |",
         "|---|---|---|",
         f"| {pitr:.2f} s | {restored:.2f} s | {data['pitr_vs_pg_restore']:.2f}× |", "",
         "| restore: drd, as above | pgBackRest 2.45 `restore` from a posix repo on local disk (zstd -3, 2 processes) + start + promotion + clean stop | drd / pgBackRest (goal ≤ 1.2×) | pgBackRest's full backup of the same cluster, for scale |",
         "|---|---|---|---|",
         f"| {pitr:.2f} s | {pgbr_restore:.2f} s | {data['pitr_vs_pgbackrest']:.2f}× | {pgbr_backup:.2f} s |", "",
         f"Archive lag under `pgbench -c 4` ({tps} tps), {len(lags)} samples of `drd_archive_lag_seconds`: p50 {q(0.5):.2f} s, p99 {q(0.99):.2f} s, max {data['lag_max_s']:.2f} s (goal: p99 ≤ maxDelay + 2 s = 12 s)."]
open(base + ".json", "w").write(json.dumps(data, indent=2) + "\n")
open(base + ".md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
