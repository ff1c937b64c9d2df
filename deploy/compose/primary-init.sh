#!/usr/bin/env bash
# Runs once, when the primary's data directory is first initialised (the postgres image runs
# /docker-entrypoint-initdb.d/* then): the role the replica streams with, and a pg_hba rule that
# lets it connect for replication from the compose network (samenet: any address on a subnet
# this container is attached to).
set -euo pipefail
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator samenet scram-sha-256" >> "$PGDATA/pg_hba.conf"
