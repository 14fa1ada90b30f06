"""Goldens for embedding, layernorm, the pointwise activations and softmax."""
import torch
import torch.nn.functional as F
from common import case, write, randn

# Embedding: ids travel as ints (with the output's leading shape); only w has
# a gradient. Repeated ids check that row gradients accumulate.
cases = []
for i, (v, d, shape) in enumerate([(1, 1, [1]), (7, 5, [2, 3]), (3, 1, [17]), (11, 17, [3, 1, 4])]):
    g = torch.Generator().manual_seed(50 + i)
    ids = torch.randint(0, v, shape, generator=g)
    c = case(f"embedding_{v}x{d}_{'x'.join(map(str, shape))}", lambda w: F.embedding(ids, w),
             {"w": randn(v, d, seed=i)}, ints={"ids": ids.reshape(-1).tolist(), "shape": shape})
    cases.append(c)
write("embedding", cases)

cases = []
for i, (shape, scale, shift) in enumerate([([1, 3], 1, 0), ([3, 7], 1, 0), ([2, 3, 17], 2, 0), ([5, 32], 1, 50.0), ([7, 3], 1, 0)]):
    d = shape[-1]
    eps = 1e-5
    cases.append(case(f"layernorm_{'x'.join(map(str, shape))}", lambda x, gamma, beta: F.layer_norm(x, (d,), gamma, beta, eps),
                      {"x": randn(*shape, seed=i, scale=scale) + shift, "gamma": 1 + randn(d, seed=i + 10, scale=0.3), "beta": randn(d, seed=i + 20, scale=0.3)},
                      params={"eps": eps}))
cases.append(case("layernorm_noaffine_3x9", lambda x: F.layer_norm(x, (9,), None, None, 1e-3),
                  {"x": randn(3, 9, seed=40)}, params={"eps": 1e-3}))
write("layernorm", cases)

# Pointwise activations: GELU (tanh approximation) and Sigmoid, including the
# far tails where exp overflows or underflows.
tails = torch.tensor([-100.0, -30.0, -9.0, -3.0, -1e-3, 0.0, 1e-3, 3.0, 9.0, 30.0, 100.0])
cases = [
    case("gelu_17", lambda x: F.gelu(x, approximate="tanh"), {"x": randn(17, seed=1, scale=2)}),
    case("gelu_3x7", lambda x: F.gelu(x, approximate="tanh"), {"x": randn(3, 7, seed=2, scale=3)}),
    case("gelu_tails", lambda x: F.gelu(x, approximate="tanh"), {"x": tails}),
    case("sigmoid_17", torch.sigmoid, {"x": randn(17, seed=3, scale=2)}),
    case("sigmoid_2x3x5", torch.sigmoid, {"x": randn(2, 3, 5, seed=4, scale=5)}),
    case("sigmoid_tails", torch.sigmoid, {"x": tails}),
]
write("gelu", cases)

cases = [
    case("softmax_1x1", lambda x: torch.softmax(x, -1), {"x": randn(1, 1, seed=1)}),
    case("softmax_3x7", lambda x: torch.softmax(x, -1), {"x": randn(3, 7, seed=2, scale=2)}),
    case("softmax_2x3x17", lambda x: torch.softmax(x, -1), {"x": randn(2, 3, 17, seed=3, scale=3)}),
    case("softmax_large_5x3", lambda x: torch.softmax(x, -1), {"x": randn(5, 3, seed=4, scale=60) + 1000}),
    case("softmax_4x256", lambda x: torch.softmax(x, -1), {"x": randn(4, 256, seed=5, scale=4)}),
]
write("softmax", cases)
