#!/usr/bin/env python3
"""Known answers for FullyConnectedNetTest: the initial losses of the FullyConnectedNets notebook's first
check, from a plain NumPy transcription of CS231n's FullyConnectedNet (weights weight_scale * randn drawn
W1, W2, W3 after X and y, zero biases, {affine - relu} x 2 - affine - softmax, loss + 0.5 * reg * sum W^2).

    np.random.seed(231); N, D, H1, H2, C = 2, 15, 20, 30, 10
    X = np.random.randn(N, D); y = np.random.randint(C, size=(N,))
    for reg in [0, 3.14]: model = FullyConnectedNet([H1, H2], input_dim=D, num_classes=C, reg=reg,
                                                    weight_scale=5e-2, dtype=np.float64)

Each model draws its weights from the stream where the previous one stopped, as in the notebook.

Usage: python3 src/test/resources/gen/fc_net.py
"""
import numpy as np

def softmax_loss(s, y):
    shifted = s - s.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()

np.random.seed(231)
N, D, H1, H2, C = 2, 15, 20, 30, 10
X = np.random.randn(N, D)
y = np.random.randint(C, size=(N,))
print('y', y)
dims = [D, H1, H2, C]
for reg in [0, 3.14]:
    W = [5e-2 * np.random.randn(dims[i], dims[i + 1]) for i in range(3)]
    h = X
    for i in range(2):
        h = np.maximum(0, h @ W[i])
    s = h @ W[2]
    loss = softmax_loss(s, y) + 0.5 * reg * sum((w * w).sum() for w in W)
    print('reg %s: initial loss %.17g' % (reg, loss))
