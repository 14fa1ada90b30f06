"""Goldens for the quantisers: absmean ternary weights and per-row absmax
int8 activations, both with a straight-through gradient.

Rounding is torch.round: half to even, which the Go ops match bit for bit
(the ternary/int8 inference kernels rely on that)."""
import torch
from common import case, write, randn


class STE(torch.autograd.Function):
    """Forward: the quantised value; backward: the gradient unchanged."""
    @staticmethod
    def forward(ctx, x, q):
        return q

    @staticmethod
    def backward(ctx, g):
        return g, None


def ternary(w):
    alpha = w.detach().abs().mean().clamp_min(1e-8)
    q = (w.detach() / alpha).round().clamp(-1, 1) * alpha
    return STE.apply(w, q)


def int8(x):
    s = 127.0 / x.detach().abs().amax(-1, keepdim=True).clamp_min(1e-5)
    q = (x.detach() * s).round().clamp(-128, 127) / s
    return STE.apply(x, q)


cases = [
    case("ternary_1", ternary, {"w": torch.tensor([0.7])}),
    case("ternary_33", ternary, {"w": randn(33, seed=1)}),
    case("ternary_7x17", ternary, {"w": randn(7, 17, seed=2, scale=0.02)}),
    # α = 2: w/α = ±0.5 are ties, which half-to-even sends to 0.
    case("ternary_ties", ternary, {"w": torch.tensor([4.0, -4.0, 1.0, -1.0, 0.0])}),
    case("ternary_zeros", ternary, {"w": torch.zeros(3, 2)}),
    case("int8_3x17", int8, {"x": randn(3, 17, seed=3, scale=2)}),
    case("int8_2x3x8", int8, {"x": randn(2, 3, 8, seed=4)}),
    # s = 1: x·s = 0.5, 1.5, 2.5, −0.5, −2.5 are ties (half to even).
    case("int8_ties", int8, {"x": torch.tensor([[127.0, 0.5, 1.5, 2.5, -0.5, -2.5, 3.0]])}),
    # A zero row (s guarded by 1e-5) and an outlier row.
    case("int8_zero_and_outlier", int8, {"x": torch.tensor([[0.0, 0.0, 0.0, 0.0], [100.0, 0.3, -0.2, 0.01]])}),
]
write("quant", cases)
