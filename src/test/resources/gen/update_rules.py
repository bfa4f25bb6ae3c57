#!/usr/bin/env python3
"""Known answers for UpdateRulesTest: the seed's update rules (CS231n optim.py formulas) run with NumPy
on linspace inputs. Run with Debian's python3-numpy and paste the printed literals into the test."""
import numpy as np

np.set_printoptions(precision=17)
N, D = 4, 5
w = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
dw = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)

def fmt(name, a):
    print(f"    static final double[] {name} = {{" + ", ".join(repr(float(v)) for v in a.ravel()) + "};")

# sgd_momentum, lr 1e-3, momentum 0.9, velocity starts at linspace(0.6, 0.9)
v = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
v = 0.9 * v - 1e-3 * dw
fmt("MOMENTUM_W", w + v)
fmt("MOMENTUM_V", v)

# rmsprop, lr 1e-2, decay 0.99, eps 1e-8, cache starts at linspace(0.7, 0.8)
c = np.linspace(0.7, 0.8, num=N * D).reshape(N, D)
c = 0.99 * c + 0.01 * dw ** 2
fmt("RMSPROP_W", w - 1e-2 * dw / (np.sqrt(c) + 1e-8))
fmt("RMSPROP_CACHE", c)

# adam, lr 1e-2, b1 0.9, b2 0.999, eps 1e-8, m = linspace(0.6, 0.9), v = linspace(0.7, 0.5), t = 5 -> 6
m = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
vv = np.linspace(0.7, 0.5, num=N * D).reshape(N, D)
t = 6
m = 0.9 * m + 0.1 * dw
vv = 0.999 * vv + 0.001 * dw ** 2
fmt("ADAM_W", w - 1e-2 * (m / (1 - 0.9 ** t)) / (np.sqrt(vv / (1 - 0.999 ** t)) + 1e-8))
fmt("ADAM_M", m)
fmt("ADAM_V", vv)
