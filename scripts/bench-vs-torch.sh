#!/usr/bin/env bash
# convnet4j against the best-configured PyTorch, INTERLEAVED: ours, PyTorch, PyTorch, ours, ... ROUNDS times at each
# thread count, then per-pair ratios (ours / PyTorch: below 1, ours is faster) with their median, min and max, and
# the medians of both. Absolute times on shared machines move by 30% and more from minute to minute; pairs run
# back to back see about the same machine, so compare the ratios. The load average of every run is kept.
#
# Usage: scripts/bench-vs-torch.sh PEERS_DIR [-k ROUNDS] [-t "1 2"] [-c T1,T2,S3,S5] [--epoch] [-o OUT_DIR]
#   PEERS_DIR  the folder with torch_bench.py, torch_fashion.py and torch-best.sh (see BENCH.md)
#   -k         rounds per thread count (default 5)
#   -t         thread counts (default "1 2")
#   -c         cases (default T1): T1, T2 (T1 with hidden 500) and S1..S5, float32
#   --epoch    also one Fashion-MNIST epoch each, train's defaults (hidden 500, reg 1e-3), at the last thread count
#   -o         where the JSON and logs go (default: a new temporary folder, printed)
# PyTorch runs T1 and S1..S5 with the peers' torch_bench.py, T2 with scripts/torch-step.py (the same step with the
# hidden width as an argument), the epoch with torch_fashion.py; all under torch-best.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${1:?usage: scripts/bench-vs-torch.sh PEERS_DIR [-k ROUNDS] [-t "1 2"] [-c T1,S3] [--epoch] [-o OUT_DIR]}
shift
peers=$(cd "$peers" && pwd)
rounds=5 threads="1 2" cases=T1 epoch=0 out=
while [[ $# -gt 0 ]]; do
  case $1 in
    -k) rounds=$2; shift 2 ;;
    -t) threads=$2; shift 2 ;;
    -c) cases=$2; shift 2 ;;
    --epoch) epoch=1; shift ;;
    -o) out=$2; shift 2 ;;
    *) echo "bench-vs-torch: unknown argument $1" >&2; exit 2 ;;
  esac
done
for f in torch_bench.py torch_fashion.py torch-best.sh; do
  [[ -f $peers/$f ]] || { echo "bench-vs-torch: $peers/$f not found" >&2; exit 2; }
done
out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-torch.XXXXXX")}
mkdir -p "$out"
echo "bench-vs-torch: writing to $out" >&2
# torch_bench's cases: T1 and S1..S5; T2 goes to torch-step.py
torch_cases=$(tr ',' '\n' <<<"$cases" | grep -v '^T2$' | paste -sd, - || true)
want_t2=$(tr ',' '\n' <<<"$cases" | grep -c '^T2$' || true)

load() { cut -d' ' -f1 /proc/loadavg; }

ours() { # threads round
  local t=$1 r=$2
  # 10 warm-up calls: the JIT compiles the Java loops (Adam's, the loss's) in the first calls of a run
  "$here/convnet4j" bench --cases "$cases" --blas-threads "$t" --naive-repeats 0 --gemm-size 0 --warmup 10 \
    --repeats 20 --json "$out/ours-t$t-r$r.json" >"$out/ours-t$t-r$r.log" 2>&1
}
torch() { # threads round
  local t=$1 r=$2
  echo "$(load)" >"$out/torch-t$t-r$r.load"
  if [[ -n $torch_cases ]]; then
    bash "$peers/torch-best.sh" "$t" python3 torch_bench.py --threads "$t" --cases "$torch_cases" --dtypes float32 \
      --no-numpy --no-check --warmup 10 --repeats 20 --min-time 0 --json "$out/torch-t$t-r$r.json" \
      >"$out/torch-t$t-r$r.log" 2>&1
  fi
  if [[ $want_t2 -gt 0 ]]; then
    bash "$peers/torch-best.sh" "$t" python3 "$here/scripts/torch-step.py" --threads "$t" --hidden 500 --warmup 10 \
      --repeats 20 >"$out/torch-t2-t$t-r$r.json" 2>"$out/torch-t2-t$t-r$r.log"
  fi
}

# the first build happens outside the timed runs
"$here/convnet4j" info >/dev/null
for t in $threads; do
  for r in $(seq 1 "$rounds"); do
    if (( r % 2 )); then ours "$t" "$r"; torch "$t" "$r"; else torch "$t" "$r"; ours "$t" "$r"; fi
    echo "bench-vs-torch: threads $t, round $r of $rounds done (load $(load))" >&2
  done
done
if (( epoch )); then
  t=${threads##* }
  for r in $(seq 1 "$rounds"); do
    run_ours() {
      "$here/convnet4j" bench --epoch --blas-threads "$t" --naive-repeats 0 --gemm-size 0 \
        --json "$out/epoch-ours-t$t-r$r.json" >"$out/epoch-ours-t$t-r$r.log" 2>&1
    }
    run_torch() {
      echo "$(load)" >"$out/epoch-torch-t$t-r$r.load"
      bash "$peers/torch-best.sh" "$t" python3 torch_fashion.py --threads "$t" --hidden 500 --reg 1e-3 \
        --num-train 55000 >"$out/epoch-torch-t$t-r$r.log" 2>&1
    }
    if (( r % 2 )); then run_ours; run_torch; else run_torch; run_ours; fi
    echo "bench-vs-torch: epoch round $r of $rounds done (load $(load))" >&2
  done
fi

python3 - "$out" "$threads" "$rounds" "$epoch" <<'PY'
import glob, json, os, re, statistics, sys
out, threads, rounds, epoch = sys.argv[1], [int(t) for t in sys.argv[2].split()], int(sys.argv[3]), sys.argv[4] == "1"

def read(path):
    with open(path) as f:
        return json.load(f)

def ours_times(j):
    res = {}
    for c in j.get("cases", []):
        if c["dtype"] == "float32":
            res[(c["case"], c["direction"])] = (c["fast"]["medianMs"], c["fast"]["minMs"])
    for s in j.get("trainSteps", []):
        res[(s["case"], "step")] = (s["fast"]["medianMs"], s["fast"]["minMs"])
    return res, j["environment"].get("loadAverageBefore")

def torch_times(t, r):
    res = {}
    p = os.path.join(out, "torch-t%d-r%d.json" % (t, r))
    if os.path.exists(p):
        for row in read(p)["layers"]:
            key = (row["case"], "step") if row["case"] == "T1" else (row["case"], row["phase"])
            res[key] = (row["median_ms"], row["min_ms"])
    p = os.path.join(out, "torch-t2-t%d-r%d.json" % (t, r))
    if os.path.exists(p):
        with open(p) as f:
            lines = [l for l in f if l.strip().startswith("{")]
        if lines:
            row = json.loads(lines[-1])
            res[("T2", "step")] = (row["median_ms"], row["min_ms"])
    with open(os.path.join(out, "torch-t%d-r%d.load" % (t, r))) as f:
        return res, float(f.read().split()[0])

def summary(label, pairs):
    """pairs of ((ours median, ours min), (torch median, torch min)), or of plain numbers"""
    pairs = [(o if isinstance(o, tuple) else (o, o), p if isinstance(p, tuple) else (p, p)) for o, p in pairs]
    ratios = [o[0] / p[0] for o, p in pairs]
    min_ratios = [o[1] / p[1] for o, p in pairs]
    print("%-14s %3d pairs  median ms: ours %9.3f torch %9.3f  ratio %5.2f (min %5.2f, max %5.2f)"
          "  |  min ms: ours %9.3f torch %9.3f  ratio %5.2f" % (
              label, len(pairs), statistics.median(o[0] for o, _ in pairs), statistics.median(p[0] for _, p in pairs),
              statistics.median(ratios), min(ratios), max(ratios), statistics.median(o[1] for o, _ in pairs),
              statistics.median(p[1] for _, p in pairs), statistics.median(min_ratios)))

print("\nper run: the median and the minimum of its timed calls; shown: the median over runs of each, and of the"
      "\nratio ours / PyTorch per interleaved pair (below 1: ours faster)")
for t in threads:
    pairs, loads = {}, []
    for r in range(1, rounds + 1):
        p = os.path.join(out, "ours-t%d-r%d.json" % (t, r))
        if not os.path.exists(p):
            continue
        o, lo = ours_times(read(p))
        th, lt = torch_times(t, r)
        loads += [lo, lt]
        for k, v in o.items():
            if k in th:
                pairs.setdefault(k, []).append((v, th[k]))
    print("\n%d thread(s), load average during the runs %s" % (t, " ".join("%.1f" % l for l in loads if l is not None)))
    for k in sorted(pairs):
        summary("%s %s" % k, pairs[k])
if epoch:
    t = threads[-1]
    pairs, loads = [], []
    for r in range(1, rounds + 1):
        try:
            e = read(os.path.join(out, "epoch-ours-t%d-r%d.json" % (t, r)))["epoch"]
            with open(os.path.join(out, "epoch-torch-t%d-r%d.log" % (t, r))) as f:
                m = re.search(r"epoch 1: ([0-9.]+) s train", f.read())
            with open(os.path.join(out, "epoch-torch-t%d-r%d.load" % (t, r))) as f:
                loads.append(float(f.read().split()[0]))
        except (OSError, KeyError, ValueError):
            continue
        if m:
            pairs.append((e["trainSeconds"], float(m.group(1))))
    if pairs:
        print("\nFashion-MNIST epoch (train's defaults), %d thread(s), seconds of training; load %s" % (
            t, " ".join("%.1f" % l for l in loads)))
        summary("epoch", pairs)
PY
