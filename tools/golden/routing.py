"""Goldens for masked mean pooling, the router mix and the Hadamard transform."""
import math
import torch
from common import case, write, randn


def masked_mean(x, mask):
    m = mask.reshape(x.shape[0], x.shape[1], 1)
    # A row whose mask is all zero pools to zeros (the clamp only keeps 0/0 away).
    return (x * m).sum(1) / m.sum(1).clamp_min(1e-30)


cases = []
for i, (b, t, d, mask) in enumerate([
        (1, 1, 1, [1.0]),
        (2, 5, 3, [1, 1, 1, 0, 0, 1, 0, 1, 0, 1]),
        (3, 4, 7, [1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0]),   # batch 1 all masked
        (2, 3, 17, [0.5, 1, 0, 2, 0, 1]),                   # weights
]):
    c = case(f"maskedmean_{b}x{t}x{d}", masked_mean,
             {"x": randn(b, t, d, seed=i), "mask": torch.tensor(mask, dtype=torch.float32)})
    del c["grads"]["mask"]
    cases.append(c)
write("pool", cases)


def router_mix(p):
    def f(weights, **outs):
        return sum(weights[..., k:k + 1] * outs[f"o{k}"] for k in range(p))
    return f


cases = []
for i, (lead, p, d) in enumerate([([1], 1, 1), ([2, 3], 3, 5), ([7], 5, 17), ([2, 2], 2, 8)]):
    inputs = {"weights": torch.softmax(randn(*lead, p, seed=i), -1)}
    for k in range(p):
        inputs[f"o{k}"] = randn(*lead, d, seed=100 * i + k)
    cases.append(case(f"routermix_{'x'.join(map(str, lead))}_p{p}_d{d}", router_mix(p), inputs, ints={"p": [p]}))
write("router", cases)


def hadamard_matrix(d):
    h = torch.ones(1, 1)
    while h.shape[0] < d:
        h = torch.cat([torch.cat([h, h], 1), torch.cat([h, -h], 1)], 0)
    return h


cases = []
for i, shape in enumerate([[5, 1], [3, 2], [3, 8], [2, 3, 16], [1, 64], [4, 128]]):
    d = shape[-1]
    h = hadamard_matrix(d) / math.sqrt(d)
    cases.append(case(f"hadamard_{'x'.join(map(str, shape))}", lambda x: x @ h, {"x": randn(*shape, seed=i)}))
write("hadamard", cases)
