#!/usr/bin/env bash
# Runs the performance measurements of docs/performance.md and writes the figures to bench/results/.
#   bash bench/run.sh            # whole-run comparison, CLI wall times, BenchmarkDotNet micro-benchmarks
#   bash bench/run.sh --quick    # the same with fewer repetitions and BenchmarkDotNet's short job
# The bench projects are not part of Functional.sln, so `dotnet test Functional.sln` never builds or runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
repeats=5; clirepeats=7; job=default
$quick && { repeats=3; clirepeats=5; job=short; }

out=bench/results
mkdir -p "$out"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
report="$out/$stamp.md"

dotnet build src/Cli -c Release -nologo -v q >/dev/null
dotnet build bench/Functional.Benchmarks -c Release -nologo -v q >/dev/null
bench="dotnet bench/Functional.Benchmarks/bin/Release/net10.0/Functional.Benchmarks.dll"
mlp="dotnet src/Cli/bin/Release/net10.0/mlp.dll"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { # wall seconds of one whole process
  local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); awk -v d=$((end - start)) 'BEGIN { printf "%.3f\n", d / 1e9 }'; }

{
  echo "# Performance run $stamp"
  echo
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(uname -sr)"
  echo "- .NET: $(dotnet --version); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"
  echo
  echo "## Whole processes (median of $clirepeats)"
  echo
  tmp=$(mktemp -d)
  for i in $(seq "$clirepeats"); do wall $mlp regression --quiet --out "$tmp" >>"$tmp/regression"; done
  for i in $(seq "$clirepeats"); do wall $mlp xor --quiet --out "$tmp" >>"$tmp/xor"; done
  echo "- \`mlp regression --quiet\` (200,000 steps, with its plots when the CLI makes them): $(median <"$tmp/regression") s"
  echo "- \`mlp xor --quiet\` (1,000 steps): $(median <"$tmp/xor") s"
  rm -rf "$tmp"
  echo
  echo "## In-process whole run: our fold against the plain-array baseline"
  echo
  echo '```'
  $bench whole-run "$repeats"
  echo '```'
  echo
  echo "## Where a step's time goes (stopwatch around each part of the fused loop)"
  echo
  echo '```'
  $bench loop
  echo '```'
} | tee "$report"

if [[ -f bench/Functional.TorchPeer/Functional.TorchPeer.csproj ]]; then
  {
    echo
    echo "## TorchSharp peer (1 thread)"
    echo
    echo '```'
    if dotnet build bench/Functional.TorchPeer -c Release -nologo -v q >/dev/null 2>&1 &&
       peer=$(dotnet bench/Functional.TorchPeer/bin/Release/net10.0/Functional.TorchPeer.dll 1000 2>&1); then
      echo "$peer" | tail -1
    else
      echo "the TorchSharp peer did not run on this machine (see docs/performance.md)"
    fi
    echo '```'
  } | tee -a "$report"
fi

$bench micro --filter '*' --job "$job" --exporters github --artifacts "$out/bdn-$stamp" | tail -60
{
  echo
  echo "## BenchmarkDotNet micro-benchmarks ($job job)"
  echo
  cat "$out/bdn-$stamp"/results/*-report-github.md
} >>"$report"
rm -rf "$out/bdn-$stamp"
echo "wrote $report"
