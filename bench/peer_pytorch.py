#!/usr/bin/python3
"""PyTorch peer of `hemamet bench`: the paper CNN, trained and run for inference with the same
measurement as hemamet (see src/main/java/org/hemamet/model/CnnBenchmark.java).

Network (identical to org.hemamet.model.PaperCnn): 1 x S x S input; three blocks of 3x3 conv (32, 64,
128 filters, padding 1) -> batch norm (eps 1e-5, momentum 0.1) -> ReLU -> 2x2 max-pool; flatten; dense
128 + ReLU; dropout 0.5; dense 2. Glorot-uniform weights, zero biases, BN gamma 1 / beta 0. Adam
(lr 1e-3, betas 0.9/0.999, eps 1e-8); loss = mean categorical cross-entropy via log-softmax against
one-hot labels, the loss value and the arg-max read back every step (as hemamet's trainer does).

Measurement: `--warmup` untimed steps, then `--steps` timed training steps on preloaded random
tensors (uniform [0,1), labels alternate), each split into data (batch assembly), forward+backward
and optimizer; then the same number of inference batches (eval mode, no gradient). Prints one JSON
object (with --json) or a text summary. Peak RSS = VmHWM of /proc/self/status; CPU = os.times().

Run with Debian's PyTorch: /usr/bin/python3 bench/peer_pytorch.py --json
(apt-get install -y python3-torch libjemalloc2). bench/compare.sh runs it with the default
allocator and with jemalloc (retention) next to hemamet.
"""
import argparse
import json
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def build(size, dropout):
    layers = []
    cin = 1
    for f in (32, 64, 128):
        layers += [nn.Conv2d(cin, f, 3, padding=1), nn.BatchNorm2d(f, eps=1e-5, momentum=0.1),
                   nn.ReLU(), nn.MaxPool2d(2, 2)]
        cin = f
    side = size // 8
    layers += [nn.Flatten(), nn.Linear(side * side * 128, 128), nn.ReLU(), nn.Dropout(dropout),
               nn.Linear(128, 2)]
    net = nn.Sequential(*layers)
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--images", type=int, default=64)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--channels-last", action="store_true",
                    help="model and input in channels_last memory format (not the default: users run NCHW)")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"],
                    help="cpu (default) or cuda; on cuda the images live on the GPU and the clock waits for it")
    ap.add_argument("--bf16", action="store_true", help="torch.autocast(bfloat16) around forward and loss")
    ap.add_argument("--no-sync", action="store_true",
                    help="do not read the loss and arg-max back every step (only at the end)")
    ap.add_argument("--cudnn-benchmark", action="store_true", help="torch.backends.cudnn.benchmark = True")
    a = ap.parse_args()
    dev = torch.device(a.device)
    cuda = dev.type == "cuda"
    if a.cudnn_benchmark:
        torch.backends.cudnn.benchmark = True

    def sync():
        if cuda:
            torch.cuda.synchronize()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    s, bs = a.input, a.batch
    g = torch.Generator().manual_seed(a.seed)
    images = torch.rand(a.images, 1, s, s, generator=g).to(dev)
    labels = torch.arange(a.images) % 2
    onehot_all = F.one_hot(labels, 2).float().to(dev)
    net = build(s, 0.5).to(dev)
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    x = torch.empty(bs, 1, s, s, device=dev)
    if a.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.empty(bs, 2, device=dev)
    order = torch.randperm(a.images, generator=g).to(dev)

    t_data = t_fb = t_opt = 0.0
    cursor = 0
    net.train()
    for step in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        if step == a.warmup:
            sync()
            t_start = time.perf_counter()
        idx = order[cursor:cursor + bs]
        if idx.numel() < bs:
            order = torch.randperm(a.images, generator=g).to(dev)
            cursor = 0
            idx = order[:bs]
        cursor += bs
        torch.index_select(images, 0, idx, out=x)
        torch.index_select(onehot_all, 0, idx, out=y)
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=a.bf16):
            logits = net(x)
            loss = -(F.log_softmax(logits.float(), 1) * y).sum(1).mean()
        loss.backward()
        if a.no_sync:
            lv = 0.0
        else:
            lv = loss.item()
            pred = logits.argmax(1).tolist()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if step >= a.warmup:
            t_data += t1 - t0
            t_fb += t2 - t1
            t_opt += t3 - t2
        if lv != lv:
            raise SystemExit("diverged")
    sync()
    train_wall = time.perf_counter() - t_start
    if a.no_sync and not torch.isfinite(loss).item():
        raise SystemExit("diverged")
    cpu0 = os.times()
    train_s = train_wall if cuda else t_data + t_fb + t_opt

    net.eval()
    t_inf = 0.0
    with torch.no_grad():
        for step in range(a.warmup + a.steps):
            if step == a.warmup:
                sync()
            t0 = time.perf_counter()
            start = (step * bs) % (a.images - bs + 1)
            p = F.log_softmax(net(images[start:start + bs]), 1).tolist()
            t1 = time.perf_counter()
            if step >= a.warmup:
                t_inf += t1 - t0
    cpu = os.times()
    n = a.steps * bs
    res = {
        "impl": "pytorch-" + torch.__version__ + ("-" + torch.cuda.get_device_name() if cuda else ""),
        "device": a.device, "bf16": a.bf16, "per_step_sync": not a.no_sync, "cudnn_benchmark": a.cudnn_benchmark,
        "allocator": "jemalloc" if "jemalloc" in os.environ.get("LD_PRELOAD", "") else "default",
        "channels_last": a.channels_last, "input": s, "batch": bs, "steps": a.steps, "threads": torch.get_num_threads(),
        "train_img_s": n / train_s, "infer_img_s": n / t_inf,
        "data_ms": 1000 * t_data / a.steps, "fwd_bwd_ms": 1000 * t_fb / a.steps,
        "optimizer_ms": 1000 * t_opt / a.steps, "infer_ms": 1000 * t_inf / a.steps,
        "peak_rss_mb": status_kb("VmHWM") / 1024.0,
        "user_s": cpu.user, "sys_s": cpu.system,
    }
    if a.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k}: {v:.2f}" if isinstance(v, float) else f"{k}: {v}")


if __name__ == "__main__":
    main()
