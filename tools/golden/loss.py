"""Goldens for the losses: cross-entropy (masked), BCE with logits, entropy.

Targets and masks are not differentiable: integer targets travel as ints,
float targets and masks as inputs whose gradient entry is dropped."""
import torch
import torch.nn.functional as F
from common import case, write, randn


def nograd(c, *names):
    for n in names:
        del c["grads"][n]
    return c


def ce(logits, mask, targets):
    per_row = F.cross_entropy(logits, targets, reduction="none")
    return (per_row * mask).sum() / mask.sum()


cases = []
for i, (n, v, scale, masked) in enumerate([(1, 1, 1, False), (5, 7, 1, False), (17, 3, 3, True), (4, 256, 5, False),
                                           (6, 5, 50, False), (9, 11, 2, True)]):
    g = torch.Generator().manual_seed(70 + i)
    targets = torch.randint(0, v, (n,), generator=g)
    if masked:
        mask = (torch.rand(n, generator=g) > 0.4).float()
        mask[0] = 1.0
    else:
        mask = torch.ones(n)
    name = f"ce_{n}x{v}" + ("_masked" if masked else "") + ("_large" if scale >= 50 else "")
    cases.append(nograd(case(name, lambda logits, mask: ce(logits, mask, targets),
                             {"logits": randn(n, v, seed=i, scale=scale), "mask": mask},
                             ints={"targets": targets.tolist(), "masked": [int(masked)]}), "mask"))
# Fractional mask weights: a weighted mean.
targets = torch.tensor([2, 0, 1, 1])
cases.append(nograd(case("ce_4x3_weighted", lambda logits, mask: ce(logits, mask, targets),
                         {"logits": randn(4, 3, seed=20), "mask": torch.tensor([0.5, 2.0, 0.0, 1.0])},
                         ints={"targets": targets.tolist(), "masked": [1]}), "mask"))
write("crossentropy", cases)

cases = []
for i, (shape, scale) in enumerate([([1], 1), ([7], 2), ([17, 1], 3), ([9], 60)]):
    n = shape[0]
    y = torch.rand(n, generator=torch.Generator().manual_seed(90 + i))
    if i == 1:
        y = (y > 0.5).float()
    cases.append(nograd(case(f"bce_{'x'.join(map(str, shape))}" + ("_large" if scale >= 50 else ""),
                             lambda logits, targets: F.binary_cross_entropy_with_logits(logits, targets.reshape(logits.shape)),
                             {"logits": randn(*shape, seed=i, scale=scale), "targets": y}), "targets"))
write("bce", cases)


def entropy(p):
    # Matches the Go op: 0·log 0 = 0 via a clamp at 1e-30, whose gradient
    # at p = 0 is −log(1e-30) (finite).
    return -(p * p.clamp_min(1e-30).log()).sum(-1)


cases = [
    case("entropy_1x1", entropy, {"p": torch.ones(1, 1)}),
    case("entropy_3x5", entropy, {"p": torch.softmax(randn(3, 5, seed=1, scale=2), -1)}),
    case("entropy_2x3x7", entropy, {"p": torch.softmax(randn(2, 3, 7, seed=2), -1)}),
    case("entropy_zeros_3x3", entropy, {"p": torch.tensor([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])}),
    case("entropy_17", entropy, {"p": torch.softmax(randn(17, seed=3), -1)}),
]
write("entropy", cases)
