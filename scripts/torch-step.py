#!/usr/bin/env python3
"""The PyTorch side of T1/T2 for scripts/bench-vs-torch.sh: one training step of the notebook's ThreeLayerConvNet.

conv(32 filters 7x7, pad 3) - relu - 2x2 max pool - affine(HIDDEN) - relu - affine(10) - softmax loss, batch 50 of
3x32x32, weights 1e-3 * randn, biases 0, Adam lr 1e-3, reg 0: T1 with --hidden 100, T2 with --hidden 500 (the
train command's default width), the step convnet4j's `bench --cases T1,T2` times. Prints one JSON line with the
median and minimum time of --repeats steps after --warmup untimed ones. Run it under the peers' torch-best.sh so
that PyTorch uses its best BLAS on the machine.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    gen = torch.Generator().manual_seed(231)
    n, c, size, filters, fs, classes = 50, 3, 32, 32, 7, 10
    w1 = (1e-3 * torch.randn(filters, c, fs, fs, generator=gen, dtype=dtype)).requires_grad_()
    b1 = torch.zeros(filters, dtype=dtype, requires_grad=True)
    w2 = (1e-3 * torch.randn(filters * (size // 2) ** 2, args.hidden, generator=gen, dtype=dtype)).requires_grad_()
    b2 = torch.zeros(args.hidden, dtype=dtype, requires_grad=True)
    w3 = (1e-3 * torch.randn(args.hidden, classes, generator=gen, dtype=dtype)).requires_grad_()
    b3 = torch.zeros(classes, dtype=dtype, requires_grad=True)
    params = [w1, b1, w2, b2, w3, b3]
    x = torch.randn(n, c, size, size, generator=gen, dtype=dtype)
    y = torch.randint(0, classes, (n,), generator=gen)
    opt = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def step():
        opt.zero_grad(set_to_none=False)
        h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1, padding=(fs - 1) // 2)), 2, 2)
        h = F.relu(h.reshape(n, -1) @ w2 + b2)
        loss = F.cross_entropy(h @ w3 + b3, y)
        loss.backward()
        opt.step()
        return float(loss)

    for _ in range(args.warmup):
        step()
    ms = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    k = len(ms)
    median = ms[k // 2] if k % 2 else (ms[k // 2 - 1] + ms[k // 2]) / 2
    print(json.dumps(dict(hidden=args.hidden, threads=torch.get_num_threads(), dtype=args.dtype, repeats=k,
                          median_ms=median, min_ms=ms[0], torch=torch.__version__)))


if __name__ == "__main__":
    main()
