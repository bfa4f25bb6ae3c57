#!/usr/bin/env python3
"""Known answers for org.convnet4j.layers.Dropout (DropoutTest), from a plain NumPy transcription of
CS231n's dropout_forward (p = the probability of keeping a unit, mask = (rand < p) / p), run as the
Dropout notebook's first cell runs it: np.random.seed(231), x = randn(500, 500) + 10, then one train-mode
forward for each p in [0.25, 0.4, 0.7] drawing from the same stream. Prints, per p, the mean of the
train-time output and the fraction of zeros (%.17g), then the first 8 mask values of a 4x4 forward
with p = 0.5 right after np.random.seed(5).

Usage: python3 src/test/resources/gen/dropout.py
"""
import numpy as np

def dropout_forward(x, p, mode):
    if mode == 'train':
        mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
    else:
        mask = None
        out = x
    return out.astype(x.dtype, copy=False), mask

np.random.seed(231)
x = np.random.randn(500, 500) + 10
print('mean of input %.17g' % x.mean())
for p in [0.25, 0.4, 0.7]:
    out, _ = dropout_forward(x, p, 'train')
    print('p %s: mean of train-time output %.17g, fraction set to zero %.17g' % (p, out.mean(), (out == 0).mean()))
np.random.seed(5)
_, mask = dropout_forward(np.ones((4, 4)), 0.5, 'train')
print('mask', ' '.join('%g' % v for v in mask.ravel()[:8]))
