"""Goldens for the sequence ops: CausalConv1d, RoPE, Attention, SSM.

The references compute in float64 from float32 inputs, so the stored values
are the exact answer rounded once. Attention cases with top-k check that no
row has a near-tie at its k-th score (the Go op breaks exact ties by lower key
index, torch.topk by no documented rule).
"""
import math
import torch
import torch.nn.functional as F
from common import case, write, randn


def conv_ref(x, w, dil):
    # x [B, T, C], w [C, K]: depthwise conv on the left-padded sequence.
    C, K = w.shape
    xp = F.pad(x.double().transpose(1, 2), ((K - 1) * dil, 0))
    return F.conv1d(xp, w.double().unsqueeze(1), dilation=dil, groups=C).transpose(1, 2)


cases = []
for i, (B, T, C, K, dil) in enumerate([(1, 1, 1, 1, 1), (2, 7, 3, 5, 1), (2, 9, 5, 5, 4),
                                        (1, 13, 4, 3, 2), (3, 6, 2, 5, 4), (1, 21, 3, 5, 4)]):
    cases.append(case(f"conv_B{B}_T{T}_C{C}_K{K}_d{dil}", lambda x, w, dil=dil: conv_ref(x, w, dil),
                      {"x": randn(B, T, C, seed=i), "w": randn(C, K, seed=i + 50, scale=0.5)},
                      params={"dilation": dil}, seed=i))
write("conv", cases)


def rope_ref(x, heads, pos0):
    # Rotate-half (GPT-NeoX / HF LLaMA): pairs (i, i + Dh/2), base 10000.
    B, T, D = x.shape
    dh = D // heads
    x = x.double().view(B, T, heads, dh)
    inv = 1.0 / (10000.0 ** (torch.arange(0, dh, 2, dtype=torch.float64) / dh))
    ang = torch.outer(torch.arange(pos0, pos0 + T, dtype=torch.float64), inv)  # [T, dh/2]
    cos = torch.cat([ang.cos(), ang.cos()], -1)[None, :, None, :]
    sin = torch.cat([ang.sin(), ang.sin()], -1)[None, :, None, :]
    x1, x2 = x[..., :dh // 2], x[..., dh // 2:]
    rot = torch.cat([-x2, x1], -1)
    return (x * cos + rot * sin).reshape(B, T, D)


cases = []
for i, (B, T, D, H, pos0) in enumerate([(1, 1, 2, 1, 0), (2, 5, 8, 2, 0), (1, 7, 12, 3, 3),
                                        (2, 4, 16, 4, 100), (1, 9, 6, 1, 0), (1, 3, 8, 1, 2047)]):
    cases.append(case(f"rope_B{B}_T{T}_D{D}_H{H}_p{pos0}", lambda x, H=H, pos0=pos0: rope_ref(x, H, pos0),
                      {"x": randn(B, T, D, seed=i)}, params={"heads": H, "pos0": pos0}, seed=i))
write("rope", cases)


def attn_scores(q, k, H):
    B, T, D = q.shape
    dh = D // H
    Q = q.double().view(B, T, H, dh).transpose(1, 2)
    K = k.double().view(B, T, H, dh).transpose(1, 2)
    s = Q @ K.transpose(-1, -2) / math.sqrt(dh)
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    return s.masked_fill(~causal, float("-inf"))


def attn_ref(q, k, v, H, topk):
    B, T, D = q.shape
    dh = D // H
    s = attn_scores(q, k, H)
    if 0 < topk < T:
        thr = s.topk(topk, dim=-1).values[..., -1:]
        s = s.masked_fill(s < thr, float("-inf"))
    p = torch.softmax(s, -1)
    V = v.double().view(B, T, H, dh).transpose(1, 2)
    return (p @ V).transpose(1, 2).reshape(B, T, D)


def min_gap(q, k, H, topk):
    # Smallest distance between the k-th and (k+1)-th visible score of a row.
    s = attn_scores(q, k, H)
    T = s.shape[-1]
    gap = float("inf")
    for t in range(topk, T):
        row = s[..., t, : t + 1]
        top = row.topk(topk + 1, dim=-1).values
        gap = min(gap, (top[..., topk - 1] - top[..., topk]).min().item())
    return gap


cases = []
for i, (B, T, D, H, topk) in enumerate([(1, 1, 4, 1, 0), (2, 7, 12, 3, 0), (1, 9, 8, 2, 2),
                                        (2, 11, 16, 4, 2), (1, 6, 8, 1, 6), (2, 8, 12, 2, 9),
                                        (1, 13, 12, 3, 4), (1, 5, 6, 2, -1)]):
    seed = i * 10
    while True:
        q, k, v = randn(B, T, D, seed=seed), randn(B, T, D, seed=seed + 1), randn(B, T, D, seed=seed + 2)
        if not (0 < topk < T) or min_gap(q, k, H, topk) > 1e-3:
            break
        seed += 1000
    cases.append(case(f"attn_B{B}_T{T}_D{D}_H{H}_k{topk}",
                      lambda q, k, v, H=H, topk=topk: attn_ref(q, k, v, H, topk),
                      {"q": q, "k": k, "v": v}, params={"heads": H, "topk": topk}, seed=i))
write("attention", cases)


def ssm_ref(x, aRaw, b, c):
    # h_t = tanh(aRaw) * h_{t-1} + b * x_t, y_t = c * h_t, h_{-1} = 0.
    a = torch.tanh(aRaw.double())
    h = torch.zeros(x.shape[0], x.shape[2], dtype=torch.float64)
    ys = []
    for t in range(x.shape[1]):
        h = a * h + b.double() * x[:, t].double()
        ys.append(c.double() * h)
    return torch.stack(ys, 1)


cases = []
for i, (B, T, C) in enumerate([(1, 1, 1), (2, 7, 3), (1, 13, 5), (3, 5, 4), (2, 31, 2)]):
    cases.append(case(f"ssm_B{B}_T{T}_C{C}", ssm_ref,
                      {"x": randn(B, T, C, seed=i), "aRaw": randn(C, seed=i + 50, scale=1.5),
                       "b": randn(C, seed=i + 60), "c": randn(C, seed=i + 70)}, seed=i))
write("ssm", cases)
