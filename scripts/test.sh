#!/usr/bin/env bash
# The one command that runs every test of Tillit on a fresh machine.
#
#   scripts/test.sh
#
# 1. Makes sure what the tests need is installed: PostgreSQL's server binaries
#    (the store suite runs against a real server) and Chromium with its driver
#    (browser tests). As root it installs them with apt-get; as another user it
#    says what is missing and how to install it, and stops.
# 2. Checks formatting (cargo fmt) and lints (cargo clippy -D warnings).
# 3. Starts a throwaway PostgreSQL cluster in a temporary directory on a free
#    localhost port, exports TILLIT_TEST_DATABASE_URL for the tests, runs
#    `cargo test` for the whole workspace, and stops the cluster on exit.
#
# Environment:
#   TILLIT_PG_PORT   first port to try for PostgreSQL (default 55432)
#   CARGO_TEST_ARGS  extra arguments after `cargo test --workspace --all-targets`
set -euo pipefail

cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# The directory with PostgreSQL's server binaries (initdb, pg_ctl), newest
# version first; empty if there is none.
find_pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    fi
}

have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
have_chromedriver() { command -v chromedriver >/dev/null 2>&1; }

# --- 1. What the tests need ---------------------------------------------------

missing=()
[ -n "$(find_pg_bin)" ] || missing+=(postgresql)
have_chromium || missing+=(chromium)
have_chromedriver || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ "${#missing[@]}" -gt 0 ]; then
    if is_root; then
        log "Installing ${missing[*]} with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        for pkg in "${missing[@]}"; do
            if ! apt-cache show "$pkg" >/dev/null 2>&1; then
                die "the Debian package '$pkg' is not available from this machine's apt sources; \
the tests need it ($(case "$pkg" in postgresql) echo 'the store suite runs against a real PostgreSQL server' ;; poppler-utils) echo 'report tests read generated PDFs back with pdftotext' ;; *) echo 'browser tests drive Chromium' ;; esac))."
            fi
        done
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        {
            echo "The tests need programs that are not installed:"
            for pkg in "${missing[@]}"; do
                case "$pkg" in
                    postgresql) echo "  - PostgreSQL server binaries (initdb, pg_ctl): Debian package 'postgresql'" ;;
                    chromium) echo "  - Chromium: Debian package 'chromium'" ;;
                    chromium-driver) echo "  - ChromeDriver: Debian package 'chromium-driver'" ;;
                    poppler-utils) echo "  - pdftotext (reads generated PDF reports back): Debian package 'poppler-utils'" ;;
                esac
            done
            echo
            echo "Install them with:"
            echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
            echo "or run this script as root, which installs them."
        } >&2
        # All are required: the store suite runs against PostgreSQL and the
        # browser suite (crates/e2e) drives Chromium.
        exit 1
    fi
fi

PG_BIN="$(find_pg_bin)"
[ -n "$PG_BIN" ] || die "PostgreSQL's initdb and pg_ctl were not found after installation."

# A cold build of the workspace (debug, test and clippy artifacts) needs about
# NEED_GB of free disk under target/. Say so plainly instead of failing deep
# inside the compiler with "No space left on device".
NEED_GB=12
mkdir -p target
free_kb="$(df -Pk target | awk 'NR==2 {print $4}')"
if [ -n "$free_kb" ] && [ "$free_kb" -lt $((NEED_GB * 1024 * 1024)) ]; then
    printf '\nwarning: only %s MiB free on the disk holding target/; a cold build needs about %s GiB.\n' \
        "$((free_kb / 1024))" "$NEED_GB" >&2
    printf '         Free space (for example `cargo clean` in other checkouts) if the build fails.\n' >&2
fi

# One-shot builds gain nothing from incremental compilation, and its caches
# roughly double the size of target/.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# --- 2. Format and lints -----------------------------------------------------

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

# --- 3. A throwaway PostgreSQL cluster ----------------------------------------

PG_DIR="$(mktemp -d /tmp/tillit-pg.XXXXXX)"
PG_USER_RUN=()
if is_root; then
    # PostgreSQL refuses to run as root: run it as the 'postgres' system user.
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    chown postgres: "$PG_DIR"
    PG_USER_RUN=(runuser -u postgres --)
fi

# Run a PostgreSQL program as its user, from a directory that user can read.
pg_run() { (cd "$PG_DIR" && "${PG_USER_RUN[@]}" "$@"); }

stop_pg() {
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
}
trap stop_pg EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT="${TILLIT_PG_PORT:-55432}"
for _ in $(seq 1 100); do
    port_in_use "$PG_PORT" || break
    PG_PORT=$((PG_PORT + 1))
done
port_in_use "$PG_PORT" && die "no free port found for PostgreSQL near ${TILLIT_PG_PORT:-55432}"

log "Starting PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT"
pg_run "$PG_BIN/initdb" -D "$PG_DIR/data" -U tillit --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
    start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }

export TILLIT_TEST_DATABASE_URL="postgres://tillit@127.0.0.1:$PG_PORT/postgres"
# The PostgreSQL half of the suite must run here, never be skipped.
unset TILLIT_SKIP_POSTGRES

# --- 4. Tests ----------------------------------------------------------------

log "cargo test (TILLIT_TEST_DATABASE_URL=$TILLIT_TEST_DATABASE_URL)"
# shellcheck disable=SC2086
cargo test --workspace --all-targets ${CARGO_TEST_ARGS:-}

log "cargo test --doc"
cargo test --workspace --doc

log "All tests passed."
