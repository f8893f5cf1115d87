#!/usr/bin/env bash
# A PostgreSQL 15 streaming replica of the local cluster (127.0.0.1:5432) on 127.0.0.1:5433.
#
#   make replica          # build it (again): a second Debian cluster "replica" from pg_basebackup
#   make replica-drop     # stop and remove it
#
# The primary needs no restart: PostgreSQL 15 already runs with wal_level=replica and 10 WAL
# senders; the script adds one pg_hba.conf line for replication connections from 127.0.0.1 and
# reloads. No replication slot is kept (a stopped replica would make the primary keep its WAL
# for ever); the replica follows the primary's WAL stream, and `wal_keep_size` is not touched.
# Then: DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<the primary's database name>
set -euo pipefail

VERSION=15
PRIMARY_CLUSTER=main
PRIMARY_PORT=5432
REPLICA_CLUSTER=replica
REPLICA_PORT=${REPLICA_PORT:-5433}
PRIMARY_HBA=/etc/postgresql/$VERSION/$PRIMARY_CLUSTER/pg_hba.conf
REPLICA_CONF=/etc/postgresql/$VERSION/$REPLICA_CLUSTER
DATA=/var/lib/postgresql/$VERSION/$REPLICA_CLUSTER
HBA_LINE="host replication postgres 127.0.0.1/32 trust"

if [ "${1:-}" = "drop" ]; then
  if pg_lsclusters -h | awk '{print $2}' | grep -qx "$REPLICA_CLUSTER"; then
    pg_dropcluster --stop "$VERSION" "$REPLICA_CLUSTER"
  fi
  echo "replica removed"
  exit 0
fi

# 1. The primary accepts replication connections from this machine (a reload, not a restart).
if ! grep -qxF "$HBA_LINE" "$PRIMARY_HBA"; then
  echo "$HBA_LINE" >>"$PRIMARY_HBA"
  pg_ctlcluster "$VERSION" "$PRIMARY_CLUSTER" reload
  sleep 1
fi
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc "SHOW wal_level" | grep -qE "replica|logical" \
  || { echo "the primary needs wal_level=replica (a restart): not done automatically" >&2; exit 1; }

# 2. A fresh cluster whose data directory is a base backup of the primary.
if pg_lsclusters -h | awk '{print $2}' | grep -qx "$REPLICA_CLUSTER"; then
  pg_dropcluster --stop "$VERSION" "$REPLICA_CLUSTER"
fi
pg_createcluster "$VERSION" "$REPLICA_CLUSTER" -p "$REPLICA_PORT" >/dev/null
rm -rf "$DATA"
install -d -o postgres -g postgres -m 700 "$DATA"
runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
  -D "$DATA" --write-recovery-conf --wal-method=stream --checkpoint=fast --progress

# 3. The replica's own settings: its port, trust on 127.0.0.1 like the primary here, read-only
#    queries while it replays, and feedback so a long report is not cancelled by a vacuum.
cat >"$REPLICA_CONF/conf.d/replica.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $REPLICA_PORT
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
autovacuum = off
EOF
cat >"$REPLICA_CONF/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
pg_ctlcluster "$VERSION" "$REPLICA_CLUSTER" start

# 4. Wait until it streams, then show where it stands.
for _ in $(seq 1 60); do
  state=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc \
    "SELECT state FROM pg_stat_replication WHERE application_name = '$REPLICA_CLUSTER' OR client_addr = '127.0.0.1' LIMIT 1")
  [ "$state" = "streaming" ] && break
  sleep 1
done
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -c \
  "SELECT application_name, state, sent_lsn, replay_lsn, replay_lag FROM pg_stat_replication"
psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atc "SELECT 'in recovery: ' || pg_is_in_recovery()"
echo "replica on 127.0.0.1:$REPLICA_PORT — DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/<database>"
