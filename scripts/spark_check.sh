#!/usr/bin/env bash
# Spark local-mode check of `textmill stream`: the tables Spark builds from the stream's answers
# must be the tables `textmill run` writes for the same documents.
#
#   scripts/spark_check.sh [TEXTMILL_BIN]
#
# 1. Installs what it needs, only when missing (idempotent; fresh Debian as root works, else sudo):
#    Java >= 17 (Debian's openjdk-17-jre-headless, or the release's default JRE where Debian no
#    longer packages 17) and a Python venv with pinned pyspark and pyarrow from PyPI at
#    ${TEXTMILL_CACHE:-$HOME/.cache/textmill}/venv-spark. Spark's jars come inside the pyspark
#    package: nothing else is downloaded.
# 2. Runs scripts/spark/check.py in a temporary directory: it builds a corpus of about 3,000 JSONL
#    documents, runs `textmill run` on it, pipes the same file through `textmill stream` in Spark
#    (local[2], 4 partitions), writes Spark's DataFrames as Parquet and compares them with the
#    tables (see check.py for what is compared).
#
# The binary: the argument, else $TEXTMILL_BIN, else ${CARGO_TARGET_DIR:-./target}/release/textmill
# (not built here: `cargo build --release` first). Environment: TEXTMILL_CACHE,
# TEXTMILL_KEEP_OUTPUT=1 keeps the temporary directory, SPARK_CHECK_DOCS (generated documents,
# default 3000). Exit status: 0 when Spark's tables match, 1 otherwise.
set -uo pipefail

started=$(date +%s.%N)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

# Pinned: a change of either is a change to this check (Spark 4 needs Java 17 or later).
pyspark_version=4.3.0
pyarrow_version=26.0.1
java_min=17

cache=${TEXTMILL_CACHE:-$HOME/.cache/textmill}
venv=$cache/venv-spark
bin=${1:-${TEXTMILL_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/textmill}}
export LC_ALL=C.UTF-8 LANG=C.UTF-8 PYTHONUTF8=1

log() { printf '\n== spark_check: %s\n' "$*" >&2; }
die() { printf 'spark_check.sh: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"; fi
}

apt_updated=0
apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found; install these by hand: $*"
    if [ "$apt_updated" = 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive nice apt-get update -q || die "apt-get update failed"
        apt_updated=1
    fi
    log "installing Debian packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive nice apt-get install -y -q --no-install-recommends "$@" \
        || die "apt-get install $* failed"
}

# The major version of a java binary (8 for "1.8.0_392", 17 for "17.0.15"), or nothing.
java_major() {
    "$1" -version 2>&1 | awk -F'"' '/version "/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# The java Spark will start: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH.
spark_java() {
    if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || true; fi
}

java_ok() {
    local java major
    java=$(spark_java)
    [ -n "$java" ] && [ -x "$java" ] || return 1
    major=$(java_major "$java")
    [ -n "$major" ] && [ "$major" -ge "$java_min" ]
}

# ---------------------------------------------------------------------------------------------
# 1. Dependencies
# ---------------------------------------------------------------------------------------------
[ -x "$bin" ] || die "no textmill binary at $bin (build it with: cargo build --release; or pass its path)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

install_started=$(date +%s.%N)
installed=0
if ! java_ok; then
    log "Java >= $java_min not found (Spark uses ${JAVA_HOME:+\$JAVA_HOME/bin/java, }$(spark_java || true)); installing it"
    command -v apt-get >/dev/null || die "apt-get not found; install Java $java_min or later by hand"
    # Debian's slim images lack this directory, which the JRE's postinst links a man page into.
    as_root mkdir -p /usr/share/man/man1
    as_root env DEBIAN_FRONTEND=noninteractive nice apt-get update -q || die "apt-get update failed"
    apt_updated=1
    policy=$(apt-cache policy openjdk-17-jre-headless 2>/dev/null)   # (not piped into grep -q: pipefail)
    if [[ $policy == *"Candidate: "[0-9]* ]]; then
        apt_install openjdk-17-jre-headless
    else
        apt_install default-jre-headless   # Debian 13 and later package 21 and newer only
    fi
    installed=1
    if ! java_ok; then
        # An older java earlier on PATH, or JAVA_HOME naming one: use the oldest JRE under
        # /usr/lib/jvm that is new enough (the one apt just put there, on Debian).
        for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V); do
            major=$(java_major "${candidate}bin/java" 2>/dev/null)
            if [ -n "$major" ] && [ "$major" -ge "$java_min" ]; then
                export JAVA_HOME=${candidate%/}
                export PATH=$JAVA_HOME/bin:$PATH
                break
            fi
        done
    fi
    java_ok || die "Java $java_min or later still not found after installing it"
fi
java=$(spark_java)
echo "java: $java (version $(java_major "$java"))" >&2

venv_ok() {
    "$venv/bin/python" - "$pyspark_version" "$pyarrow_version" >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
assert version("pyspark") == sys.argv[1] and version("pyarrow") == sys.argv[2]
import pyspark, pyarrow.parquet
PY
}
if ! venv_ok; then
    command -v python3 >/dev/null || apt_install python3 python3-venv
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "pyspark $pyspark_version needs Python 3.11 or later; python3 is $(python3 -V 2>&1) (Debian 12 or later has it)"
    log "creating $venv with pyspark==$pyspark_version and pyarrow==$pyarrow_version (pyspark is about 450 MB)"
    rm -rf "$venv"
    mkdir -p "$cache"
    nice python3 -m venv "$venv" || die "python3 -m venv $venv failed"
    nice "$venv/bin/python" -m pip install -q --disable-pip-version-check \
        "pyspark==$pyspark_version" "pyarrow==$pyarrow_version" \
        || die "pip install pyspark==$pyspark_version pyarrow==$pyarrow_version failed"
    venv_ok || die "$venv still lacks pyspark==$pyspark_version or pyarrow==$pyarrow_version"
    installed=1
fi
[ "$installed" = 1 ] && echo "installed in $(elapsed "$install_started") s" >&2

# ---------------------------------------------------------------------------------------------
# 2. The check, in a temporary directory
# ---------------------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/textmill-spark.XXXXXX")
if [ "${TEXTMILL_KEEP_OUTPUT:-0}" = 1 ]; then echo "output kept in $tmp" >&2
else trap 'rm -rf "$tmp"' EXIT; fi

# The venv's own pyspark (and its jars), whatever Spark installation the machine has.
unset SPARK_HOME PYSPARK_SUBMIT_ARGS PYSPARK_DRIVER_PYTHON PYSPARK_DRIVER_PYTHON_OPTS SPARK_CONF_DIR
export PYSPARK_PYTHON=$venv/bin/python TMPDIR=$tmp

log "check.py with $bin"
(cd "$tmp" && "$venv/bin/python" "$here/spark/check.py" --bin "$bin" --config "$root/pipeline.toml" \
    --sample "$root/data/sample" --workdir "$tmp" --docs "${SPARK_CHECK_DOCS:-3000}")
status=$?
echo "spark_check: total $(elapsed "$started") s" >&2
if [ "$status" -ne 0 ]; then
    echo "spark check FAILED (exit $status)"
    exit 1
fi
echo "spark check passed"
