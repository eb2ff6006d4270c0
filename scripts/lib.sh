# Shared helpers for run.sh and test.sh: install what is missing, run a private PostgreSQL cluster.
# Sourced, not executed.

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $* (install sudo or run as root)" >&2; return 1; fi
}

apt_install() {
  log "Installing missing packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Finds initdb/pg_ctl from the system's PostgreSQL (any version >= 13), installing it if absent.
ensure_postgres() {
  PG_BIN=""
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && PG_BIN="$dir"
  done
  if [ -z "$PG_BIN" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    PG_BIN="$(dirname "$(command -v initdb)")"
  fi
  if [ -z "$PG_BIN" ]; then
    apt_install postgresql
    for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PG_BIN="$dir"; done
  fi
  [ -n "$PG_BIN" ] || { echo "PostgreSQL binaries not found after install" >&2; exit 1; }
  export PG_BIN
}

ensure_dotnet() {
  command -v dotnet >/dev/null || { echo "The .NET SDK is required (https://dot.net). Install it, then re-run." >&2; exit 1; }
}

# initdb refuses to run as root: when we are root, the cluster belongs to the 'postgres' user.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/sh postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# start_cluster DATA_DIR PORT MODE  (MODE: durable | throwaway)
start_cluster() {
  local data="$1" port="$2" mode="$3"
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$data"
    chmod 700 "$data"
    # Every parent must be traversable by postgres.
    local p="$data"
    while [ "$p" != "/" ]; do p="$(dirname "$p")"; chmod o+x "$p" 2>/dev/null || true; done
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "Creating PostgreSQL cluster in $data"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$data'"
      echo "max_connections = 200"
      if [ "$mode" = throwaway ]; then
        echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
      fi
    } | pg_as_owner tee -a "$data/postgresql.conf" >/dev/null
  fi
  CLUSTER_STARTED_HERE=0
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # Another copy (a second ./run.sh) started it: use it on the port it listens on, and leave stopping it to that copy.
    CLUSTER_PORT="$(sed -n 4p "$data/postmaster.pid")"
    log "PostgreSQL already running on port $CLUSTER_PORT"
    return 0
  else
    CLUSTER_STARTED_HERE=1
    log "Starting PostgreSQL on 127.0.0.1:$port"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 -o "-p $port" start >/dev/null
  fi
  CLUSTER_PORT="$port"
}

stop_cluster() {
  local data="$1" mode="${2:-fast}"
  if [ -f "$data/postmaster.pid" ]; then
    log "Stopping PostgreSQL"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m "$mode" -w stop >/dev/null 2>&1 || true
  fi
}

# port_in_use PORT: true when something listens on 127.0.0.1:PORT
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port PORT: PORT when free, otherwise the next free one above it
free_port() {
  local port="$1"
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

# create_database PORT NAME (no-op when it exists)
create_database() {
  local port="$1" name="$2"
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
  fi
}
