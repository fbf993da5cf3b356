#!/usr/bin/env python3
"""Compares calibration methods offline on the SAME scores of a study run (issue 13).

For every ok cell of RUN_DIR with a calibration_fit.csv (hemamet >= the version that writes it):
  fit part  = the training part's out-of-fold scores (part=fit), what the study fits its calibration on;
  test part = the final model's test scores (cells/<id>/predictions.csv, model cnn) and each cross-fitting
              fold model's test scores (calibration_fit.csv part=test).
Each method is fitted on the fit part only; its test probabilities are then scored by Cox's calibration
slope (logistic regression of the outcome on logit(p), Wald 95 % CI), the Brier score and the log loss.
The selection criterion uses the training part only: leave-one-fold-out log loss of the calibrator on the
out-of-fold scores (fit on k-1 folds' OOF scores, scored on the held-out fold's).

Methods (references):
  final_raw          the final model's probabilities, uncalibrated
  platt              Platt 1999 (smoothed targets), applied to the final model (the study's method until now)
  temperature        one parameter: sigmoid(a * logit(p)) (Guo et al., ICML 2017), applied to the final model
  map_platt          Platt with a Gaussian prior on (slope - 1) ~ N(0, 0.5^2) and intercept ~ N(0, 1): shrinks
                     towards the identity (ridge on slope-1; e.g. Steyerberg, Clinical Prediction Models, ch. 15)
  firth              logistic recalibration with Firth's (1993) Jeffreys-prior penalty
  beta               beta calibration (Kull, Silva Filho and Flach, AISTATS 2017): logistic on ln p, -ln(1-p)
  isotonic           isotonic regression (Zadrozny and Elkan, KDD 2002), pool-adjacent-violators
  ens_raw            mean of the k fold models' test probabilities, uncalibrated
  ens_platt          mean over the k fold models of the pooled Platt calibration applied to each (the
                     calibrator is fitted on scores of the same models that make the test predictions)
  ens_platt_perfold  scikit-learn CalibratedClassifierCV(ensemble=True): fold f's Platt fitted on fold f's
                     held-out scores only, applied to fold model f, averaged
  ens_temperature    as ens_platt with temperature scaling

Choice rule (training part only; the test columns were not used for it, though those of the first 2 cells
had been seen when the tie-break was written): the lowest
median leave-one-fold-out log loss among the calibrators that the bundle can carry (logistic on logit(p):
platt, temperature, map_platt, firth); differences below 0.02 count as ties, broken by the fewest
parameters. The ensembles are reported only: they change the deployed model.

measured_demo_f76f35b_24cells.csv: this script's --csv on all 24 cells of the fresh demo at f76f35b (after the
patient-split fix; README, "Calibration").
measured_demo_seed42_9cells.csv: this script's --csv on the first 9 cells of the demo's study (seed 42,
quick profile, the demo's cohort; README, "Calibration").

Usage: compare_methods.py RUN_DIR [--csv OUT.csv]
"""
import csv
import json
import math
import os
import sys

import numpy as np

EPS = 1e-7


def logit(p):
    p = np.clip(np.asarray(p, float), EPS, 1 - EPS)
    return np.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def newton(X, t, prior_mean=None, prior_prec=None, firth=False, iters=200):
    """Minimises cross-entropy of sigmoid(X w) against targets t (+ Gaussian prior, or Firth's penalty)."""
    n, d = X.shape
    w = np.zeros(d)
    if prior_mean is None:
        prior_mean = np.zeros(d)
        prior_prec = np.zeros(d)
    for _ in range(iters):
        p = sigmoid(X @ w)
        W = np.maximum(p * (1 - p), 1e-12)
        H = X.T @ (X * W[:, None]) + np.diag(prior_prec)
        if firth:
            Hinv = np.linalg.inv(X.T @ (X * W[:, None]))
            h = W * np.einsum('ij,jk,ik->i', X, Hinv, X)
            g = X.T @ (t - p + h * (0.5 - p))
        else:
            g = X.T @ (t - p) - prior_prec * (w - prior_mean)
        try:
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return w * np.nan
        # damping for separated data
        if np.max(np.abs(step)) > 5:
            step = step * 5 / np.max(np.abs(step))
        w = w + step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def platt_targets(y):
    npos = y.sum()
    nneg = len(y) - npos
    return np.where(y == 1, (npos + 1) / (npos + 2), 1 / (nneg + 2))


def fit_platt(s, y):
    z = logit(s)
    w = newton(np.column_stack([np.ones_like(z), z]), platt_targets(y))
    return lambda p: sigmoid(w[0] + w[1] * logit(p))


def fit_temperature(s, y):
    z = logit(s)
    w = newton(z[:, None], y.astype(float))
    return lambda p: sigmoid(w[0] * logit(p))


def fit_map_platt(s, y):
    z = logit(s)
    w = newton(np.column_stack([np.ones_like(z), z]), y.astype(float),
               prior_mean=np.array([0.0, 1.0]), prior_prec=np.array([1.0, 1 / 0.25]))
    return lambda p: sigmoid(w[0] + w[1] * logit(p))


def fit_firth(s, y):
    z = logit(s)
    w = newton(np.column_stack([np.ones_like(z), z]), y.astype(float), firth=True)
    return lambda p: sigmoid(w[0] + w[1] * logit(p))


def beta_features(p):
    p = np.clip(np.asarray(p, float), EPS, 1 - EPS)
    return np.column_stack([np.ones_like(p), np.log(p), -np.log(1 - p)])


def fit_beta(s, y):
    w = newton(beta_features(s), y.astype(float))
    return lambda p: sigmoid(beta_features(p) @ w)


def fit_isotonic(s, y):
    order = np.argsort(s, kind='mergesort')
    xs = np.asarray(s)[order]
    ys = np.asarray(y, float)[order]
    blocks = [[ys[i], 1.0, xs[i], xs[i]] for i in range(len(xs))]  # mean, weight, xmin, xmax
    out = []
    for b in blocks:
        out.append(b)
        while len(out) > 1 and out[-2][0] > out[-1][0]:
            b2 = out.pop()
            b1 = out.pop()
            wsum = b1[1] + b2[1]
            out.append([(b1[0] * b1[1] + b2[0] * b2[1]) / wsum, wsum, b1[2], b2[3]])
    knots_x = []
    knots_y = []
    for m, _, lo, hi in out:
        knots_x += [lo, hi]
        knots_y += [m, m]
    return lambda p: np.interp(p, knots_x, knots_y)


CALIBRATORS = {
    'platt': fit_platt,
    'temperature': fit_temperature,
    'map_platt': fit_map_platt,
    'firth': fit_firth,
    'beta': fit_beta,
    'isotonic': fit_isotonic,
}
# fit_temperature must stay in CALIBRATORS: null_slope() simulates from its test probabilities


def cox(y, p):
    """Cox slope and its Wald 95 % CI (NaN when separated or one class)."""
    z = logit(p)
    if y.min() == y.max() or np.ptp(z) == 0:
        return math.nan, math.nan, math.nan
    pos, neg = z[y == 1], z[y == 0]
    if neg.max() <= pos.min() or pos.max() <= neg.min():
        return math.nan, math.nan, math.nan
    X = np.column_stack([np.ones_like(z), z])
    w = newton(X, y.astype(float))
    q = sigmoid(X @ w)
    H = X.T @ (X * (q * (1 - q))[:, None])
    se = math.sqrt(np.linalg.inv(H)[1, 1])
    return w[1], w[1] - 1.959964 * se, w[1] + 1.959964 * se


def log_loss(y, p):
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def read_cell(cell_dir):
    fit, test_folds = [], {}
    with open(os.path.join(cell_dir, 'calibration_fit.csv')) as f:
        for r in csv.DictReader(f):
            if r['part'] == 'fit':
                fit.append((int(r['label']), float(r['score']), int(r['fold'])))
            else:
                test_folds.setdefault(r['sample_id'], {})[int(r['fold'])] = float(r['score'])
    final = []
    with open(os.path.join(cell_dir, 'predictions.csv')) as f:
        for r in csv.DictReader(f):
            if r.get('model', 'cnn') in ('', 'cnn'):
                final.append((r['sample_id'], int(r['label']), float(r['score'])))
    return fit, test_folds, final


def evaluate_cell(cell_dir):
    fit, test_folds, final = read_cell(cell_dir)
    if not fit or not final or not test_folds:
        return None
    y_fit = np.array([r[0] for r in fit])
    s_fit = np.array([r[1] for r in fit])
    f_fit = np.array([r[2] for r in fit])
    k = int(f_fit.max()) + 1
    ids = [r[0] for r in final]
    y = np.array([r[1] for r in final])
    s_final = np.array([r[2] for r in final])
    s_folds = np.array([[test_folds[i][f] for f in range(k)] for i in ids])  # n x k
    probs = {'final_raw': s_final, 'ens_raw': s_folds.mean(axis=1)}
    lofo = {}
    for name, fitter in CALIBRATORS.items():
        cal = fitter(s_fit, y_fit)
        probs[name] = cal(s_final)
        # training-part criterion: leave-one-fold-out log loss on the OOF scores
        losses = []
        for f in range(k):
            tr, ho = f_fit != f, f_fit == f
            if y_fit[tr].min() == y_fit[tr].max():
                continue
            losses.append(log_loss(y_fit[ho], fitter(s_fit[tr], y_fit[tr])(s_fit[ho])) * ho.sum())
        lofo[name] = sum(losses) / len(y_fit)
        if name in ('platt', 'temperature'):
            probs['ens_' + name] = np.mean([cal(s_folds[:, f]) for f in range(k)], axis=0)
    per_fold = []
    for f in range(k):
        ho = f_fit == f
        per_fold.append(fit_platt(s_fit[ho], y_fit[ho])(s_folds[:, f]))
    probs['ens_platt_perfold'] = np.mean(per_fold, axis=0)
    out = {}
    for name, p in probs.items():
        slope, lo, hi = cox(y, p)
        out[name] = dict(slope=slope, lo=lo, hi=hi, brier=float(np.mean((p - y) ** 2)), logloss=log_loss(y, p),
                         lofo=lofo.get(name, math.nan))
    out['_n'] = dict(n_fit=len(y_fit), n_test=len(y), pos_test=int(y.sum()),
                     null_slope=null_slope(probs['temperature']))
    return out


def null_slope(p, reps=400, seed=1):
    """Median Cox slope on this test set's size when p IS calibrated: outcomes drawn from Bernoulli(p)
    (parametric bootstrap); shows the small-sample bias and spread of the test-set slope estimate itself."""
    rng = np.random.default_rng(seed)
    s = []
    for _ in range(reps):
        y = (rng.random(len(p)) < p).astype(int)
        v = cox(y, p)[0]
        if not math.isnan(v):
            s.append(v)
    return (float(np.median(s)), float(np.percentile(s, 2.5)), float(np.percentile(s, 97.5)),
            1 - len(s) / reps) if s else (math.nan,) * 4


def main():
    run = sys.argv[1]
    cells_dir = os.path.join(run, 'cells')
    results = {}
    for c in sorted(os.listdir(cells_dir)):
        d = os.path.join(cells_dir, c)
        if c.startswith('.') or not os.path.isfile(os.path.join(d, 'result.json')):
            continue
        if not os.path.isfile(os.path.join(d, 'calibration_fit.csv')):
            continue
        r = evaluate_cell(d)
        if r:
            results[c] = r
    methods = [m for m in next(iter(results.values())) if not m.startswith('_')]
    print(f'{len(results)} cells of {run}')
    print(f'{"method":18s} {"median":>7s} {"min":>6s} {"max":>6s} {">3":>3s} {"in .8-1.25":>10s} '
          f'{"CI excl 1":>9s} {"Brier":>6s} {"logloss":>7s} {"LOFO(train)":>11s}')
    for m in methods:
        sl = np.array([r[m]['slope'] for r in results.values()])
        ok = ~np.isnan(sl)
        excl = sum(1 for r in results.values() if not math.isnan(r[m]['lo']) and (r[m]['lo'] > 1 or r[m]['hi'] < 1))
        print(f'{m:18s} {np.median(sl[ok]):7.2f} {sl[ok].min():6.2f} {sl[ok].max():6.2f} {int((sl[ok] > 3).sum()):3d} '
              f'{int(((sl[ok] >= 0.8) & (sl[ok] <= 1.25)).sum()):10d} {excl:9d} '
              f'{np.median([r[m]["brier"] for r in results.values()]):6.3f} '
              f'{np.median([r[m]["logloss"] for r in results.values()]):7.3f} '
              f'{np.nanmedian([r[m]["lofo"] for r in results.values()]):11.3f}')
    ns = np.array([r['_n']['null_slope'] for r in results.values()])
    print(f'if the temperature-scaled test probabilities were exactly calibrated, the test-set Cox slope would '
          f'still be (median over cells of the per-cell median / 2.5 % / 97.5 % of 400 simulated outcome draws): '
          f'{np.nanmedian(ns[:, 0]):.2f} ({np.nanmedian(ns[:, 1]):.2f}-{np.nanmedian(ns[:, 2]):.2f}); '
          f'cells whose draws are separated in >10 % of draws: {int((ns[:, 3] > 0.1).sum())}')
    if '--csv' in sys.argv:
        out = sys.argv[sys.argv.index('--csv') + 1]
        with open(out, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['cell', 'n_fit', 'n_test', 'pos_test', 'method', 'cox_slope', 'cox_slope_lo',
                        'cox_slope_hi', 'brier', 'log_loss', 'lofo_log_loss_train'])
            for c, r in results.items():
                for m in methods:
                    v = r[m]
                    w.writerow([c, r['_n']['n_fit'], r['_n']['n_test'], r['_n']['pos_test'], m, v['slope'], v['lo'],
                                v['hi'], v['brier'], v['logloss'], v['lofo']])


if __name__ == '__main__':
    main()
