"""Goldens for linear, matmul and elementwise ops."""
import torch
from common import case, write, randn

cases = []
for i, (n, din, dout) in enumerate([(1, 1, 1), (5, 7, 3), (17, 33, 9), (40, 24, 36)]):
    cases.append(case(f"linear_{n}x{din}x{dout}", lambda x, w, b: torch.nn.functional.linear(x, w, b),
                      {"x": randn(n, din, seed=i), "w": randn(dout, din, seed=i + 10, scale=0.3), "b": randn(dout, seed=i + 20)}))
cases.append(case("linear_3d_nobias", lambda x, w: torch.nn.functional.linear(x, w),
                  {"x": randn(2, 5, 6, seed=3), "w": randn(4, 6, seed=4)}))
write("linear", cases)

cases = []
for i, (b, m, k, n) in enumerate([(1, 1, 1, 1), (1, 5, 7, 3), (3, 9, 4, 11)]):
    cases.append(case(f"matmul_{b}x{m}x{k}x{n}", lambda a, c: torch.matmul(a, c),
                      {"a": randn(b, m, k, seed=i), "c": randn(b, k, n, seed=i + 5)}))
write("matmul", cases)

cases = [
    case("add_same", lambda a, b: a + b, {"a": randn(3, 4, seed=1), "b": randn(3, 4, seed=2)}),
    case("add_bias", lambda a, b: a + b, {"a": randn(2, 3, 4, seed=1), "b": randn(4, seed=2)}),
    case("sub", lambda a, b: a - b, {"a": randn(5, seed=1), "b": randn(5, seed=2)}),
    case("mul_same", lambda a, b: a * b, {"a": randn(3, 4, seed=1), "b": randn(3, 4, seed=2)}),
    case("mul_gain", lambda a, b: a * b, {"a": randn(2, 3, 4, seed=1), "b": randn(3, 4, seed=2)}),
    case("scale", lambda a: a * 0.37, {"a": randn(6, seed=3)}, params={"s": 0.37}),
    case("sum", lambda a: a.sum(), {"a": randn(4, 5, seed=4)}),
    case("mean", lambda a: a.mean(), {"a": randn(4, 5, seed=5)}),
]
write("elementwise", cases)
