#!/usr/bin/env bash
# The compile row of issue 5: clean build of our generated crate (tlgen-telegram, generated/) against
# grammers-tl-types 0.11.0, dev and release, each with its dependencies already built.
#
# Why it is set up this way:
# - Each side is a scratch cargo project (its own [workspace], default profiles) that depends on
#   one crate only, so a build there rebuilds nothing of the tlgen workspace and the two sides get
#   identical settings. CARGO_INCREMENTAL=0 on both, because cargo would otherwise build our path
#   dependency incrementally and grammers' registry crate not.
# - Same derives: grammers-tl-types always derives Clone and PartialEq; we enable `impl-debug`
#   (Debug) and `impl-from-type` (From<types::X> for enums::Y), and both `tl-api` and `tl-mtproto`,
#   since ours is generated from api.tl and mtproto.tl. Not `impl-from-enum` (TryFrom the other
#   way), although ours has it now (issue 16): the row stays comparable with the earlier ones, and
#   grammers' side is the lighter for it.
# - "Its dependencies already built": one untimed build, then `cargo clean -p <crate>` and a timed
#   rebuild. Two figures per build: the whole `cargo build` (for grammers this includes compiling
#   and running its build script, which generates its code on every clean build: a cost its users
#   pay), and the crate's own rustc alone, timed by a RUSTC_WRAPPER that runs /usr/bin/time -v
#   for just that crate (set on every build of the scratch projects, so fingerprints stay equal).
#   Peak memory is "Maximum resident set size" of that rustc.
# - RUNS timed rebuilds per cell (default 2); the table shows the fastest wall time (noise from
#   other work on the machine only ever adds time) and the largest peak memory.
#
# - CUT=<part> measures, in place of tlgen-telegram, a copy of it cut down to one part, to find where its
#   build cost lies (README, "Performance"). Every cut empties the registry module (its decoder
#   table needs every decoder) and keeps the types with their derives and `From` impls:
#     CUT=types     nothing else: what any generated crate with these derives pays before its
#                   first encoder or decoder (a floor)
#     CUT=encoders  + `Identifiable`, `Constructor`, accessors and the encoders
#     CUT=decoders  + `Identifiable`, `Constructor`, accessors and the decoders
#     CUT=registry  everything but the registry module
#   FLOOR=1 is CUT=types (its older name).
# - CRATE=<dir> measures a copy of another generated crate in place of generated/ (its runtime
#   dependency pointed at this checkout's), for A/B runs of two generators' output.
# - NO_FUNCTION_DECODERS=1 measures tlgen-telegram as `tlgen generate --no-function-decoders` writes it:
#   what a client needs (it never reads a function), and what grammers-tl-types has (no function
#   has a decoder there).
#
# - SERDE=1 measures both with serde: tlgen-telegram's `serde` feature against grammers-tl-types'
#   `impl-serde`, grammers also with `impl-from-enum` and `deserializable-functions`, since ours has
#   TryFrom and function decoders (the setting of issue 16's figure: "grammers with serde,
#   function decoders and mtproto").
#
# Usage: bench/compile.sh            (RUNS=3 bench/compile.sh for more runs)
# Writes the table to stdout and to $WORK/results.md (WORK defaults to target/compile-bench).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/target/compile-bench}
RUNS=${RUNS:-2}
CUT=${CUT:-}
[ "${FLOOR:-0}" = 1 ] && CUT=types
NO_FUNCTION_DECODERS=${NO_FUNCTION_DECODERS:-0}
SERDE=${SERDE:-0}
OURS_FEATURES=""
GRAMMERS_FEATURES='"tl-api", "tl-mtproto", "impl-debug", "impl-from-type"'
if [ "$SERDE" = 1 ]; then
    OURS_FEATURES=', features = ["serde"]'
    GRAMMERS_FEATURES="$GRAMMERS_FEATURES, \"impl-serde\", \"impl-from-enum\", \"deserializable-functions\""
fi
export CARGO_INCREMENTAL=0

# GNU time prints the peak RSS ("Maximum resident set size"); the shell builtin does not.
if ! [ -x /usr/bin/time ]; then
    echo "installing GNU time" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi

mkdir -p "$WORK"

# A rustc wrapper that times only the crate named in $TIME_CRATE, appending to $TIME_LOG.
cat >"$WORK/rustc-wrapper.sh" <<'EOF'
#!/usr/bin/env bash
rustc=$1; shift
is_target=0; prev=""
for a in "$@"; do
    if [ "$prev" = "--crate-name" ] && [ "$a" = "${TIME_CRATE:-}" ]; then is_target=1; fi
    prev=$a
done
if [ "$is_target" = 1 ] && [ -n "${TIME_LOG:-}" ]; then
    exec /usr/bin/time -v -a -o "$TIME_LOG" "$rustc" "$@"
fi
exec "$rustc" "$@"
EOF
chmod +x "$WORK/rustc-wrapper.sh"
export RUSTC_WRAPPER="$WORK/rustc-wrapper.sh"

# project <dir> <package name> <dependency line>
project() {
    mkdir -p "$1/src"
    cat >"$1/Cargo.toml" <<EOF
[package]
name = "$2"
version = "0.0.0"
edition = "2024"
publish = false

# Its own workspace: not part of the tlgen workspace above it.
[workspace]

[dependencies]
$3
EOF
    echo "// Empty: only the dependency's build is measured." >"$1/src/lib.rs"
}

OURS_CRATE=$ROOT/generated
if [ -n "${CRATE:-}" ]; then
    [ -n "$CUT" ] && { echo "CRATE and CUT do not combine" >&2; exit 2; }
    OURS_CRATE=$WORK/other-crate
    rm -rf "$OURS_CRATE" && cp -r "$CRATE" "$OURS_CRATE"
    sed -i "s#path = \"../tl-runtime\"#path = \"$ROOT/tl-runtime\"#" "$OURS_CRATE/Cargo.toml"
fi
# The impl blocks each cut strips, by their first line (a regular expression; generic impls too).
case "$CUT" in
    "") ;;
    types) STRIP='^impl' ;; # all but `From`, below
    encoders) STRIP='^impl(<[^>]*>)? ::tlgen_runtime::(RemoteCall|(Bare)?Deserialize)' ;;
    decoders) STRIP='^impl(<[^>]*>)? ::tlgen_runtime::(RemoteCall|(Bare)?Serialize)' ;;
    registry) STRIP='' ;;
    *) echo "CUT must be one of: types, encoders, decoders, registry" >&2; exit 2 ;;
esac
if [ -n "$CUT" ]; then
    OURS_CRATE=$WORK/cut-crate
    rm -rf "$OURS_CRATE" && cp -r "$ROOT/generated" "$OURS_CRATE"
    sed -i "s#path = \"../tl-runtime\"#path = \"$ROOT/tl-runtime\"#" "$OURS_CRATE/Cargo.toml"
    : >"$OURS_CRATE/src/schema.rs"
    if [ -n "$STRIP" ]; then
        find "$OURS_CRATE/src" -name '*.rs' | while read -r f; do
            # Top-level impl blocks end at the first `}` in column 0 (the generator's layout).
            awk -v strip="$STRIP" 'skip { if ($0 == "}") skip = 0; next }
                 $0 ~ strip && $0 !~ /^impl From/ { if ($0 !~ /}$/) skip = 1; next }
                 { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
        done
    fi
fi
if [ "$NO_FUNCTION_DECODERS" = 1 ]; then
    [ -n "$CUT" ] && { echo "NO_FUNCTION_DECODERS and CUT do not combine" >&2; exit 2; }
    OURS_CRATE=$WORK/client-crate
    (cd "$ROOT" && cargo run -q -p tlgen -- generate --no-function-decoders \
        --out "$OURS_CRATE" --runtime-path "$ROOT/tl-runtime")
fi
project "$WORK/ours" compile-bench-ours "tlgen-telegram = { path = \"$OURS_CRATE\"$OURS_FEATURES }"
project "$WORK/grammers" compile-bench-grammers \
    "grammers-tl-types = { version = \"=0.11.0\", default-features = false, features = [$GRAMMERS_FEATURES] }"

# Seconds from GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33".
wall_of() { grep 'Elapsed (wall clock)' "$1" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
rss_of() { grep 'Maximum resident set size' "$1" | awk '{print $NF}'; }
# User + system CPU seconds: less disturbed than wall time when others share the cores.
cpu_of() { awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$1"; }

# measure <side dir> <package to clean> <crate name> <profile: dev|release>
# Prints: cargo_wall rustc_wall rustc_cpu rustc_rss_kb (best times, largest rss over RUNS).
measure() {
    local dir=$1 pkg=$2 crate=$3 profile=$4 flag=""
    [ "$profile" = release ] && flag="--release"
    (
        cd "$dir"
        echo "[$pkg $profile] warm-up build (dependencies)" >&2
        cargo build -q $flag
        local best_cargo="" best_rustc="" best_cpu="" max_rss=0
        for run in $(seq "$RUNS"); do
            cargo clean -q -p "$pkg" $flag
            rm -f "$WORK/rustc.time" "$WORK/cargo.time"
            TIME_CRATE=$crate TIME_LOG="$WORK/rustc.time" /usr/bin/time -v -o "$WORK/cargo.time" cargo build -q $flag
            local cw rw rc rss
            cw=$(wall_of "$WORK/cargo.time"); rw=$(wall_of "$WORK/rustc.time")
            rc=$(cpu_of "$WORK/rustc.time"); rss=$(rss_of "$WORK/rustc.time")
            echo "[$pkg $profile] run $run: cargo ${cw}s, rustc ${rw}s wall ${rc}s cpu, ${rss} KB, load $(cut -d' ' -f1 /proc/loadavg)" >&2
            best_cargo=$(awk -v a="$best_cargo" -v b="$cw" 'BEGIN{print (a=="" || b<a) ? b : a}')
            best_rustc=$(awk -v a="$best_rustc" -v b="$rw" 'BEGIN{print (a=="" || b<a) ? b : a}')
            best_cpu=$(awk -v a="$best_cpu" -v b="$rc" 'BEGIN{print (a=="" || b<a) ? b : a}')
            [ "$rss" -gt "$max_rss" ] && max_rss=$rss
        done
        echo "$best_cargo $best_rustc $best_cpu $max_rss"
    )
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R
for profile in dev release; do
    R[ours_$profile]=$(measure "$WORK/ours" tlgen-telegram tlgen_telegram "$profile")
    R[grammers_$profile]=$(measure "$WORK/grammers" grammers-tl-types grammers_tl_types "$profile")
done

# Source size of each side, for context: what rustc is given.
ours_src=$(find "$OURS_CRATE/src" -name '*.rs' -print0 | xargs -0 cat | wc -c)
ours_lines=$(find "$OURS_CRATE/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
gout=$(ls -d "$WORK"/grammers/target/debug/build/grammers-tl-types-*/out | head -1)
g_src=$(cat "$gout"/*.rs | wc -c)
g_lines=$(cat "$gout"/*.rs | wc -l)

{
    echo "Compile row, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(rustc --version), best of $RUNS runs"
    echo "(load average at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
    ours_label="ours (tlgen-telegram)"
    [ -n "$CUT" ] && ours_label="tlgen-telegram cut to $CUT"
    [ "$NO_FUNCTION_DECODERS" = 1 ] && ours_label="tlgen-telegram, --no-function-decoders"
    [ "$SERDE" = 1 ] && ours_label="$ours_label, feature serde (grammers: impl-serde)"
    echo "| build | figure | $ours_label | grammers-tl-types | ratio ours/grammers | target <= 0.6x |"
    echo "|---|---|---:|---:|---:|---|"
    for profile in dev release; do
        read -r oc orr ocpu orss <<<"${R[ours_$profile]}"
        read -r gc grr gcpu grss <<<"${R[grammers_$profile]}"
        row() { # label ours theirs unit
            awk -v l="$1" -v o="$2" -v g="$3" -v u="$4" -v p="$profile" -v f="$CUT" 'BEGIN{
                r = o / g; v = (r <= 0.6 ? "MET" : "MISSED"); if (f != "") v = "(a cut, not the crate)"
                printf "| %s | %s | %.2f %s | %.2f %s | %.2fx | %s |\n", p, l, o, u, g, u, r, v }'
        }
        row "rustc of the crate, wall" "$orr" "$grr" s
        row "rustc of the crate, CPU (user+sys)" "$ocpu" "$gcpu" s
        row "cargo build, wall (grammers: + build script)" "$oc" "$gc" s
        row "rustc peak memory (max RSS)" "$(awk -v k="$orss" 'BEGIN{print k/1024}')" "$(awk -v k="$grss" 'BEGIN{print k/1024}')" MiB
    done
    echo
    echo "Source rustc compiles: ours $((ours_src / 1024)) KiB in $ours_lines lines ($OURS_CRATE/src), grammers $((g_src / 1024)) KiB in $g_lines lines (its OUT_DIR)."
} | tee "$WORK/results.md"
