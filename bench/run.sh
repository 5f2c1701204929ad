#!/usr/bin/env bash
# Runs the performance measurements of docs/performance.md side by side in one invocation and writes the
# figures to bench/results/<time>.md:
#   - our whole process (`mlp regression` and `mlp xor`, with and without their figures), median of several;
#   - the peers on the tutorial's regression (200,000 steps): TorchSharp-cpu as its users write it (made to
#     load on Debian 12 by bench/weak_glibcxx.py), PyTorch running the tutorial's own code
#     (bench/peers/tutorial_regression.py, where python3 can import torch; skipped with a line otherwise),
#     and the plain-array baseline (bench/Functional.Benchmarks whole-run), all on one thread;
#   - the ratios: each peer's time for the 200,000 steps over our whole process.
#   bash bench/run.sh            # full: the peers train the whole 50,000 epochs; BenchmarkDotNet micro-benchmarks
#   bash bench/run.sh --quick    # peers train 5,000 epochs (times scaled to 200,000 steps), fewer repeats, no micro
# The bench projects are not part of Functional.sln, so `dotnet test Functional.sln` never builds or runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
repeats=3; clirepeats=7; peerepochs=50000
$quick && { repeats=1; clirepeats=5; peerepochs=5000; }

out=bench/results
mkdir -p "$out"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
report="$out/$stamp.md"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dotnet build src/Cli -c Release -nologo -v q >/dev/null
dotnet build bench/Functional.Benchmarks -c Release -nologo -v q >/dev/null
bench="dotnet bench/Functional.Benchmarks/bin/Release/net10.0/Functional.Benchmarks.dll"
mlp="dotnet src/Cli/bin/Release/net10.0/mlp.dll"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { # wall seconds of one whole process; its output goes to $tmp/last
  local start end; start=$(date +%s%N); "$@" >"$tmp/last" 2>&1; end=$(date +%s%N)
  awk -v d=$((end - start)) 'BEGIN { printf "%.3f\n", d / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.0fx\n", a / b }'; }

# Our whole processes, interleaved so that a burst of other load falls on all of them alike.
for i in $(seq "$clirepeats"); do
  wall $mlp regression --quiet --out "$tmp/r" >>"$tmp/regression"
  grep -o 'Steps: [0-9,]* in [0-9.]* s' "$tmp/last" | awk '{print $4}' >>"$tmp/regression-training"
  wall $mlp regression --quiet --no-plots --out "$tmp/r" >>"$tmp/regression-noplots"
  wall $mlp xor --quiet --out "$tmp/x" >>"$tmp/xor"
  wall $mlp xor --quiet --no-plots --out "$tmp/x" >>"$tmp/xor-noplots"
done
ours=$(median <"$tmp/regression")
ourtraining=$(median <"$tmp/regression-training")

# The plain-array baseline, in process beside our fold.
$bench whole-run "$repeats" >"$tmp/whole-run"
baseline=$(sed -n 's/.*plain baseline \([0-9.]*\) s = .*/\1/p' "$tmp/whole-run" | tail -1)

# TorchSharp: the build output's copy of libLibTorchSharp.so gets its GLIBCXX_3.4.32 requirement marked weak.
torchsharp=""
if dotnet build bench/Functional.TorchPeer -c Release -nologo -v q >"$tmp/peer-build" 2>&1; then
  peerdir=bench/Functional.TorchPeer/bin/Release/net10.0
  lib="$peerdir/runtimes/linux-x64/native/libLibTorchSharp.so"
  if [[ -f "$lib" ]]; then cp --remove-destination "$lib" "$lib.copy" && mv "$lib.copy" "$lib"; python3 bench/weak_glibcxx.py "$lib" >/dev/null; fi
  if dotnet "$peerdir/Functional.TorchPeer.dll" "$peerepochs" >"$tmp/torchsharp" 2>&1; then
    torchsharp=$(sed -n 's/.*200,000 steps would take \([0-9.]*\) s.*/\1/p' "$tmp/torchsharp")
  fi
fi

# The first Python that can import torch (Debian's python3-torch installs into the system interpreter).
pytorch=""
for python in python3 /usr/bin/python3; do
  if "$python" -c 'import torch' 2>/dev/null; then
    "$python" bench/peers/tutorial_regression.py "$peerepochs" >"$tmp/pytorch" 2>&1 &&
      pytorch=$(sed -n 's/.*200,000 steps would take \([0-9.]*\) s.*/\1/p' "$tmp/pytorch")
    break
  fi
done

{
  echo "# Performance run $stamp"
  echo
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- .NET: $(dotnet --version); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"
  echo "- command: bash bench/run.sh$($quick && echo ' --quick')"
  echo
  echo "## Our whole processes (median of $clirepeats, wall time, \`$mlp\`)"
  echo
  echo "| command | median | all runs |"
  echo "| --- | ---: | --- |"
  echo "| \`mlp regression --quiet\` (200,000 steps, two figures) | $ours s | $(paste -sd' ' "$tmp/regression") |"
  echo "| \`mlp regression --quiet --no-plots\` | $(median <"$tmp/regression-noplots") s | $(paste -sd' ' "$tmp/regression-noplots") |"
  echo "| \`mlp xor --quiet\` (1,000 steps, two figures) | $(median <"$tmp/xor") s | $(paste -sd' ' "$tmp/xor") |"
  echo "| \`mlp xor --quiet --no-plots\` | $(median <"$tmp/xor-noplots") s | $(paste -sd' ' "$tmp/xor-noplots") |"
  echo "| training inside \`mlp regression\` (its \`Steps:\` line) | $ourtraining s | $(paste -sd' ' "$tmp/regression-training") |"
  echo
  echo "## Peers on the tutorial's regression, one thread ($peerepochs epochs; times scaled to 200,000 steps)"
  echo
  echo '```'
  tail -1 "$tmp/torchsharp" 2>/dev/null || echo "torchsharp: the peer did not build or run on this machine"
  if [[ -f "$tmp/pytorch" ]]; then tail -1 "$tmp/pytorch"; else echo "pytorch: skipped, python3 cannot import torch here (apt-get install python3-torch python3-numpy)"; fi
  cat "$tmp/whole-run"
  echo '```'
  echo
  echo "## Ratios: a peer's time for the 200,000 steps over ours"
  echo
  echo "| peer | peer's training | / our whole process with figures ($ours s) | / our training ($ourtraining s) |"
  echo "| --- | ---: | ---: | ---: |"
  echo "| TorchSharp-cpu (float32, as its users write it) | ${torchsharp:--} s | $(ratio "$torchsharp" "$ours") | $(ratio "$torchsharp" "$ourtraining") |"
  echo "| PyTorch, the tutorial's own code | ${pytorch:--} s | $(ratio "$pytorch" "$ours") | $(ratio "$pytorch" "$ourtraining") |"
  echo "| plain-array scalar baseline (in process, float64) | ${baseline:--} s | $(awk -v a="$baseline" -v b="$ours" 'BEGIN { printf "%.1fx\n", a / b }') | $(awk -v a="$baseline" -v b="$ourtraining" 'BEGIN { printf "%.1fx\n", a / b }') |"
} | tee "$report"

if ! $quick; then
  $bench micro --filter '*' --job short --exporters github --artifacts "$out/bdn-$stamp" | tail -60
  {
    echo
    echo "## BenchmarkDotNet micro-benchmarks (short job)"
    echo
    cat "$out/bdn-$stamp"/results/*-report-github.md
  } >>"$report"
  rm -rf "$out/bdn-$stamp"
fi
echo "wrote $report"
