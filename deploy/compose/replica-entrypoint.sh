#!/usr/bin/env bash
# The replica's entrypoint. On the first start (no PG_VERSION in the data directory) it clones the
# primary with pg_basebackup -R, which writes standby.signal and primary_conninfo; every start
# then hands over to the postgres image's own entrypoint, which runs the server as a streaming
# standby. Arguments are the server's (the compose file's command).
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -n "$(ls -A "$PGDATA" 2>/dev/null)" ]; then
    echo "replica: $PGDATA is neither empty nor a data directory; not cloning into it" >&2
    exit 1
  fi
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  echo "replica: cloning the primary into $PGDATA (pg_basebackup -R)" >&2
  PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres \
    pg_basebackup --host=primary --username=replicator --pgdata="$PGDATA" \
      --write-recovery-conf --wal-method=stream --checkpoint=fast --progress
fi
exec docker-entrypoint.sh "$@"
