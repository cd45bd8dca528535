#!/usr/bin/env python3
"""Reference values for AttentionCore, computed independently with numpy in float64.

Run from this folder:  python3 generate_reference.py > reference.json
The inputs are drawn here (numpy's generator, fixed seed) and stored in the JSON with the expected
outputs, so the Swift tests need neither numpy nor our generator to agree with this script.
Masks follow PyTorch's scaled_dot_product_attention: additive 0 / -inf, and a fully masked row gives
weights of 0 (not NaN)."""
import json
import sys

import numpy as np

rng = np.random.default_rng(20261204)


def mat(a):
    a = np.asarray(a, dtype=np.float64)
    return {"rows": a.shape[0], "cols": a.shape[1],
            "data": ["-inf" if x == -np.inf else float(x) for x in a.reshape(-1)]}


def softmax(s):
    out = np.zeros_like(s)
    for i, row in enumerate(s):
        m = row.max()
        if m == -np.inf:
            continue  # fully masked: zeros, as PyTorch's SDPA gives
        e = np.exp(row - m)
        out[i] = e / e.sum()
    return out


def sdpa(q, k, v, mask=None, scale=None):
    scale = 1.0 / np.sqrt(q.shape[1]) if scale is None else scale
    scores = (q @ k.T) * scale
    if mask is not None:
        scores = scores + mask
    w = softmax(scores)
    return w, w @ v


def causal(n):
    m = np.zeros((n, n))
    m[np.triu_indices(n, 1)] = -np.inf
    return m


def positional(n, d):
    pe = np.zeros((n, d))
    for p in range(n):
        for j in range(d):
            angle = p / np.power(10000.0, (2 * (j // 2)) / d)
            pe[p, j] = np.sin(angle) if j % 2 == 0 else np.cos(angle)
    return pe


cases = []

# Hand-checkable 2x2 cases.
cases.append({"name": "2x2 product by hand", "kind": "matmul",
              "inputs": {"a": mat([[1, 2], [3, 4]]), "b": mat([[5, 6], [7, 8]])},
              "expected": {"c": mat([[19, 22], [43, 50]])}})
cases.append({"name": "2x2 softmax of equal scores is uniform", "kind": "softmax",
              "inputs": {"x": mat([[0, 0], [5, 5]])}, "expected": {"y": mat([[0.5, 0.5], [0.5, 0.5]])}})
cases.append({"name": "2x2 softmax [0, ln 3] gives 1/4, 3/4", "kind": "softmax",
              "inputs": {"x": mat([[0, np.log(3.0)], [np.log(3.0), 0]])}, "expected": {"y": mat([[0.25, 0.75], [0.75, 0.25]])}})

# Products of random shapes from 1x1 to 64x128.
for (m, k, n) in [(1, 1, 1), (1, 3, 2), (4, 8, 8), (7, 5, 9), (16, 16, 16), (33, 17, 65), (64, 128, 64), (64, 64, 128)]:
    a, b = rng.standard_normal((m, k)), rng.standard_normal((k, n))
    cases.append({"name": f"product {m}x{k} by {k}x{n}", "kind": "matmul",
                  "inputs": {"a": mat(a), "b": mat(b)}, "expected": {"c": mat(a @ b)}})

# Softmax, including large values that overflow a naive exp, and -inf entries.
for (r, c, scale) in [(1, 1, 1.0), (3, 5, 1.0), (8, 8, 30.0), (64, 128, 4.0)]:
    x = rng.standard_normal((r, c)) * scale
    cases.append({"name": f"softmax {r}x{c} scale {scale}", "kind": "softmax",
                  "inputs": {"x": mat(x)}, "expected": {"y": mat(softmax(x))}})
x = np.array([[1000.0, 1001.0, 999.0], [-np.inf, 0.0, 1.0], [-np.inf, -np.inf, -np.inf]])
cases.append({"name": "softmax with huge scores, -inf and a fully masked row", "kind": "softmax",
              "inputs": {"x": mat(x)}, "expected": {"y": mat(softmax(x))}})

# Scaled dot-product attention: masks and scales.
for (n, m, d, dv, mask_kind, scale) in [(4, 4, 8, 8, None, None), (6, 6, 4, 3, "causal", None), (5, 7, 16, 8, None, 0.5),
                                         (8, 8, 8, 8, "padding", None), (4, 4, 2, 2, "fully", None), (64, 64, 64, 64, "causal", None),
                                         (1, 1, 1, 1, None, None), (32, 48, 16, 24, None, 1.0)]:
    q, k, v = rng.standard_normal((n, d)), rng.standard_normal((m, d)), rng.standard_normal((m, dv))
    mask = None
    if mask_kind == "causal":
        mask = causal(n)
    elif mask_kind == "padding":
        valid = [True] * 5 + [False] * 3
        mask = np.zeros((n, m))
        mask[:, [j for j, ok in enumerate(valid) if not ok]] = -np.inf
    elif mask_kind == "fully":
        mask = np.zeros((n, m))
        mask[2, :] = -np.inf
    w, out = sdpa(q, k, v, mask, scale)
    inputs = {"q": mat(q), "k": mat(k), "v": mat(v)}
    if mask is not None:
        inputs["mask"] = mat(mask)
    if scale is not None:
        inputs["scale"] = scale
    cases.append({"name": f"attention {n}x{m} d={d} mask={mask_kind} scale={scale}", "kind": "attention",
                  "inputs": inputs, "expected": {"weights": mat(w), "output": mat(out)}})

# Multi-head attention with 1, 2, 4, 8 heads.
for (n, d, h, use_mask) in [(4, 8, 1, False), (5, 8, 2, False), (6, 16, 4, True), (8, 32, 8, False), (3, 8, 8, True)]:
    x = rng.standard_normal((n, d))
    wq, wk, wv, wo = (rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(4))
    mask = causal(n) if use_mask else None
    q, k, v = x @ wq, x @ wk, x @ wv
    dh = d // h
    heads_w, heads_out = [], []
    for i in range(h):
        sl = slice(i * dh, (i + 1) * dh)
        w, out = sdpa(q[:, sl], k[:, sl], v[:, sl], mask)
        heads_w.append(mat(w))
        heads_out.append(out)
    concat = np.concatenate(heads_out, axis=1)
    inputs = {"x": mat(x), "wq": mat(wq), "wk": mat(wk), "wv": mat(wv), "wo": mat(wo), "heads": h}
    if mask is not None:
        inputs["mask"] = mat(mask)
    cases.append({"name": f"multi-head n={n} d={d} heads={h} mask={use_mask}", "kind": "multihead",
                  "inputs": inputs, "expected": {"head_weights": heads_w, "concat": mat(concat), "output": mat(concat @ wo)}})

# Sinusoidal positional encodings.
for (n, d) in [(1, 2), (4, 8), (16, 6), (50, 64)]:
    cases.append({"name": f"positional {n}x{d}", "kind": "positional",
                  "inputs": {"positions": n, "dim": d}, "expected": {"pe": mat(positional(n, d))}})

# Transpose and element-wise operations.
a = rng.standard_normal((5, 3))
b = rng.standard_normal((5, 3))
cases.append({"name": "transpose 5x3", "kind": "transpose", "inputs": {"a": mat(a)}, "expected": {"t": mat(a.T)}})
cases.append({"name": "element-wise add, subtract, multiply, divide", "kind": "elementwise",
              "inputs": {"a": mat(a), "b": mat(b)},
              "expected": {"add": mat(a + b), "subtract": mat(a - b), "multiply": mat(a * b), "divide": mat(a / b)}})

json.dump({"numpy": np.__version__, "seed": 20261204, "cases": cases}, sys.stdout, indent=None, separators=(",", ":"))
sys.stdout.write("\n")
print(f"{len(cases)} cases, numpy {np.__version__}", file=sys.stderr)
