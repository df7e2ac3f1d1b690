#!/usr/bin/env bash
# Fuzz Cairn's untrusted-input surfaces with cargo-fuzz (libFuzzer, nightly).
#
#   scripts/fuzz.sh                    every target, 600 s each, one after another
#   scripts/fuzz.sh TARGET [SECONDS]   one target (credential vc_jwt baked zip_import share relay)
#   scripts/fuzz.sh --list             the targets
#
# Installs what is missing (the nightly toolchain, cargo-fuzz); `make test` never
# runs this. Seeds are copied at run time into fuzz/corpus/TARGET (not in git) from
# the shared vectors (CAIRN_VECTORS, default ../shared/vectors next to the repository)
# and from requests and links written here. One process, one job: the figures in
# SECURITY.md were taken this way (FUZZ_JOBS raises it). A crash leaves its input in
# fuzz/artifacts/TARGET/ and fails the script; the summary of each run is appended
# to fuzz/logs/summary.tsv.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz=$root/fuzz
targets=(credential vc_jwt baked zip_import share relay)
vectors=${CAIRN_VECTORS:-$root/../shared/vectors}
jobs=${FUZZ_JOBS:-1}
export PATH=$HOME/.cargo/bin:$PATH

if [[ ${1:-} == --list ]]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [[ $# -ge 1 ]]; then
  [[ " ${targets[*]} " == *" $1 "* ]] || { echo "fuzz.sh: no target $1 (try --list)" >&2; exit 2; }
  run=("$1")
else
  run=("${targets[@]}")
fi
seconds=${2:-600}

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# Copies vector files (under 1 MiB: `-size -1M` would round up and match only empty
# files) matching the find(1) name patterns into a corpus directory,
# named by content hash so reruns do not duplicate them.
seed_from_vectors() {
  local dir=$1; shift
  [[ -d $vectors ]] || { echo "fuzz.sh: no vectors at $vectors (set CAIRN_VECTORS); seeding from scratch"; return 0; }
  local expr=() p
  for p in "$@"; do expr+=(-o -name "$p"); done
  find "$vectors" -type f \( "${expr[@]:1}" \) -size -1024k -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"; done
}

seed() {
  local target=$1 dir=$fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    credential) seed_from_vectors "$dir" '*.json' '*.jsonld' '*.jwt' '*.png' '*.svg' ;;
    vc_jwt) seed_from_vectors "$dir" '*.jwt' ;;
    baked) seed_from_vectors "$dir" '*.png' '*.svg' ;;
    zip_import)
      # Zips of a few vectors, stored and deflated, with a folder and a hidden entry.
      if [[ -d $vectors ]]; then
        local tmp; tmp=$(mktemp -d)
        mkdir -p "$tmp/badges/.hidden"
        find "$vectors/dbjs-signed" "$vectors/spec-baking-examples" -type f -size -64k | head -6 |
          while read -r f; do cp "$f" "$tmp/badges/"; done
        echo '{}' > "$tmp/badges/.hidden/x.json"
        (cd "$tmp" && zip -qr "$dir/deflated.zip" badges && zip -qr0 "$dir/stored.zip" badges)
        rm -rf "$tmp"
      fi ;;
    share)
      local key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA id=AAAAAAAAAAAAAAAAAAAAAA
      printf 'https://relay.example/s/%s#k=%s' "$id" "$key" > "$dir/link"
      printf 'http://127.0.0.1:8787/s/%s/#x=1&k=%s' "$id" "$key" > "$dir/link-loopback"
      printf '%s' "$key" > "$dir/key"
      printf 'CRN\x01%012d%s' 0 'ciphertext and tag.....' > "$dir/envelope"
      if [[ -f $vectors/dbjs-signed/eddsa-jcs-2022.json ]]; then
        python3 - "$vectors/dbjs-signed/eddsa-jcs-2022.json" > "$dir/payload.json" <<'PY'
import json, sys
vc = json.load(open(sys.argv[1]))
print(json.dumps({"cairn_share": 1, "title": "Portfolio", "note": "mine",
  "presentation": {"@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiablePresentation"], "holder": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
  "verifiableCredential": [vc]}}))
PY
      fi ;;
    relay)
      printf 'POST /api/shares?expires=3600\nContent-Type: application/octet-stream\n\nCRN\x01sealed' > "$dir/upload"
      printf 'GET /api/shares/{ID}\n\n' > "$dir/fetch"
      printf 'HEAD /api/shares/{ID}\n\n' > "$dir/probe"
      printf 'GET /api/shares/{ID}/stats\nAuthorization: Bearer {TOKEN}\n\n' > "$dir/stats"
      printf 'DELETE /api/shares/{ID}\nAuthorization: Bearer {TOKEN}\n\n' > "$dir/revoke"
      printf 'GET /s/{ID}\n\n' > "$dir/page"
      printf 'GET /viewer/assets/app.js\n\n' > "$dir/asset"
      printf 'GET /viewer/../secret.txt\n\n' > "$dir/traversal"
      printf 'GET /api/shares/..%%2F..%%2Fsecret.txt\n\n' > "$dir/traversal-encoded"
      printf 'POST /api/shares\nContent-Length: 99999999\n\nx' > "$dir/oversized" ;;
  esac
}

mkdir -p "$fuzz/logs"
status=0
for target in "${run[@]}"; do
  seed "$target"
  mkdir -p "$fuzz/artifacts/$target"
  log=$fuzz/logs/$target.log
  echo "fuzz.sh: $target for ${seconds}s (log: $log)"
  started=$(date -u +%FT%TZ)
  # -rss_limit_mb: an input that makes the parser allocate past 2 GiB is a finding.
  if (cd "$fuzz" && cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -jobs="$jobs" -workers="$jobs" -timeout=30 \
        -rss_limit_mb=2048 -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        > "$log" 2>&1); then result=ok; else result=FAILED; status=1; fi
  # With -jobs, libFuzzer writes each job's output to fuzz-N.log in the working dir and
  # copies it into its own output when the job ends: it is in $log once already
  # (appending it again counted every run twice in the summary).
  rm -f "$fuzz"/fuzz-*.log
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
  printf '%s\t%s\t%ss\t%s runs\t%s\n' "$started" "$target" "$seconds" "$runs" "$result" | tee -a "$fuzz/logs/summary.tsv"
  [[ $result == ok ]] || { echo "fuzz.sh: $target found a problem; see $log and fuzz/artifacts/$target/" >&2; tail -40 "$log" >&2; }
done
exit $status
