#!/usr/bin/env bash
# A/B of two generated crates' clean builds, for "what does this change cost to compile".
#
# Each round builds A, then B, with the very rustc command line Cargo uses for the crate (dev
# profile, or release with PROFILE=release; its dependencies already built, CARGO_INCREMENTAL=0),
# twice per crate: the whole build,
# and the front end alone (`--emit=metadata`: parsing, name resolution, type and borrow checking,
# metadata; no code generation). Rounds alternate A and B so that drift on a shared machine hits
# both alike. Printed: the fastest CPU time (user + sys; noise only ever adds to it) and the
# largest peak memory of each. The front end runs on one thread, so its peak memory repeats to a
# few MiB and shows differences the whole build's (which depends on how its code generation
# threads overlap) hides.
#
# Usage: bench/ab-build.sh <crate dir A> <crate dir B>      (ROUNDS=5 for more rounds,
#        PROFILE=release for the release profile)
# A crate's `path` dependencies are taken relative to its own directory, as Cargo does; this
# checkout's generated/ and a crate written by `tlgen generate --out DIR --runtime-path
# $PWD/tl-runtime` both work. An older generated crate, for the before side of a change (here the
# last before issue 14, when the runtime was the package `tl-runtime`, whose API it still builds on):
#     mkdir /tmp/before && git archive 1774d6c~1 generated | tar -x -C /tmp/before
#     sed -i "s#^tl-runtime = .*#tl-runtime = { package = \"tlgen-runtime\", path = \"$PWD/tl-runtime\" }#" \
#         /tmp/before/generated/Cargo.toml
#     bench/ab-build.sh /tmp/before/generated generated
set -euo pipefail

[ $# = 2 ] || { echo "usage: $0 <crate dir A> <crate dir B>" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/target/ab-build}
ROUNDS=${ROUNDS:-3}
PROFILE=${PROFILE:-dev}
case $PROFILE in
    dev) PROFILE_FLAG=() ;;
    release) PROFILE_FLAG=(--release) ;;
    *) echo "PROFILE must be dev or release" >&2; exit 2 ;;
esac
export CARGO_INCREMENTAL=0

if ! [ -x /usr/bin/time ]; then
    echo "installing GNU time" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi

# copy <crate dir> <dest>: the crate with its path dependencies made absolute, so that it builds
# from anywhere.
copy() {
    local src dest=$2
    src=$(cd "$1" && pwd)
    rm -rf "$dest" && mkdir -p "$dest" && cp -r "$src/Cargo.toml" "$src/src" "$dest/"
    sed -i -E "s#path = \"([^/\"][^\"]*)\"#path = \"$src/\\1\"#" "$dest/Cargo.toml"
}
mkdir -p "$WORK"
copy "$1" "$WORK/a"
copy "$2" "$WORK/b"
for side in a b; do
    name=$(awk -F'"' '/^name *=/ { print $2; exit }' "$WORK/$side/Cargo.toml")
    lib=${name//-/_}
    proj=$WORK/project-$side
    mkdir -p "$proj/src"
    echo "// Empty: only the dependency's build is measured." >"$proj/src/lib.rs"
    cat >"$proj/Cargo.toml" <<EOF
[package]
name = "ab-build-$side"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
$name = { path = "$WORK/$side" }
EOF
    echo "[$side] building its dependencies, reading rustc's command line" >&2
    if ! (cd "$proj" && { cargo clean -q -p "$name" "${PROFILE_FLAG[@]}" 2>/dev/null || true; } && cargo build -v "${PROFILE_FLAG[@]}") \
        >"$WORK/cargo-$side.log" 2>&1; then
        tail -20 "$WORK/cargo-$side.log" >&2
        exit 1
    fi
    grep -- "--crate-name $lib " "$WORK/cargo-$side.log" |
        sed -E 's/^ *Running `//; s/`$//; s/--error-format=json --json=[^ ]*//' >"$WORK/cmd-$side"
    sed 's/--emit=[^ ]*/--emit=metadata/' "$WORK/cmd-$side" >"$WORK/cmd-$side-front"
done

# run <command file>: prints "cpu_seconds peak_kib", or fails with rustc's output.
run() {
    local out=$WORK/out
    rm -rf "$out" && mkdir -p "$out"
    if ! /usr/bin/time -f "%U %S %M" -o "$WORK/time" \
        bash -c "$(sed -E "s#--out-dir [^ ]*#--out-dir $out#" "$1")" >"$WORK/rustc.log" 2>&1; then
        cat "$WORK/rustc.log" >&2
        exit 1
    fi
    awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$WORK/time"
}

declare -A CPU MEM
for round in $(seq "$ROUNDS"); do
    for side in a b; do
        for kind in build front; do
            cmd=$WORK/cmd-$side; [ "$kind" = front ] && cmd=$WORK/cmd-$side-front
            read -r cpu kib <<<"$(run "$cmd")"
            echo "round $round, $side, $kind: ${cpu} s CPU, $((kib / 1024)) MiB, load $(cut -d' ' -f1 /proc/loadavg)" >&2
            key=$side-$kind
            CPU[$key]=$(awk -v a="${CPU[$key]:-}" -v b="$cpu" 'BEGIN { print (a == "" || b < a) ? b : a }')
            MEM[$key]=$(( kib > ${MEM[$key]:-0} ? kib : ${MEM[$key]:-0} ))
        done
    done
done

echo "A/B of clean $PROFILE builds, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(rustc --version), $ROUNDS alternating rounds"
echo "A: $1"
echo "B: $2"
echo
echo "| figure | A | B | B/A |"
echo "|---|---:|---:|---:|"
for kind in build front; do
    label="whole build"; [ "$kind" = front ] && label="front end (--emit=metadata)"
    awk -v l="$label" -v a="${CPU[a-$kind]}" -v b="${CPU[b-$kind]}" \
        'BEGIN { printf "| %s, CPU (best) | %.2f s | %.2f s | %.3f |\n", l, a, b, b / a }'
    awk -v l="$label" -v a="${MEM[a-$kind]}" -v b="${MEM[b-$kind]}" \
        'BEGIN { printf "| %s, peak memory (largest) | %d MiB | %d MiB | %.3f |\n", l, a / 1024, b / 1024, b / a }'
done
