#!/usr/bin/env python3
"""Recomputes the seed notebook's spatial batch-norm statistics (cells In [40] and In [52]) with a plain
NumPy transcription of CS231n's batchnorm_forward / spatial_batchnorm_forward. The OCR'd seed lost the
fourth test-time mean; this script supplies it (0.04378383) for NotebookChecksTest.

Usage: python3 src/test/resources/gen/spatial_batchnorm_stats.py
"""
import numpy as np

def bn_fwd(x, gamma, beta, bn_param):
    mode = bn_param['mode']; eps = bn_param.get('eps', 1e-5); momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    rm = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype)); rv = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    if mode == 'train':
        mu = x.mean(axis=0); var = x.var(axis=0)
        xhat = (x - mu) / np.sqrt(var + eps); out = gamma * xhat + beta
        rm = momentum * rm + (1 - momentum) * mu; rv = momentum * rv + (1 - momentum) * var
    else:
        out = gamma * (x - rm) / np.sqrt(rv + eps) + beta
    bn_param['running_mean'] = rm; bn_param['running_var'] = rv
    return out, None
def sbn(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out, c = bn_fwd(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param)
    return out.reshape(N, H, W, C).transpose(0, 3, 1, 2), c
np.set_printoptions(precision=8)
np.random.seed(231)
N, C, H, W = 2, 3, 4, 5
x = 4 * np.random.randn(N, C, H, W) + 10
print(x.mean(axis=(0,2,3)), x.std(axis=(0,2,3)))
out,_ = sbn(x, np.ones(C), np.zeros(C), {'mode':'train'})
print(out.mean(axis=(0,2,3)), out.std(axis=(0,2,3)))
out,_ = sbn(x, np.asarray([3,4,5]), np.asarray([6,7,8]), {'mode':'train'})
print(out.mean(axis=(0,2,3)), out.std(axis=(0,2,3)))
np.random.seed(231)
N, C, H, W = 10, 4, 11, 12
bn_param = {'mode': 'train'}
gamma = np.ones(C); beta = np.zeros(C)
for t in range(50):
    x = 2.3 * np.random.randn(N, C, H, W) + 13
    sbn(x, gamma, beta, bn_param)
bn_param['mode'] = 'test'
x = 2.3 * np.random.randn(N, C, H, W) + 13
a,_ = sbn(x, gamma, beta, bn_param)
print(a.mean(axis=(0,2,3)), a.std(axis=(0,2,3)))
