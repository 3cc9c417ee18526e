#!/usr/bin/env python3
"""Reference trainers for the nc-check benchmark: the bias-free, TB22-normalized
MSE unconstrained features model, trained from the starting point nc-check exports.

    L(W, H) = 1/(2N) ||W H - Y||_F^2 + lambdaW/(2K) ||W||_F^2 + lambdaH/(2N) ||H||_F^2

Usage: ufm_mse.py gd|lbfgsb < job.json > result.json

job: {K, classSizes, d, lambdaW, lambdaH, gtol, maxIterations, W0 (K*d, row-major), H0 (d*N, row-major)},
     optionally warmUp, warmUpRuns, warmUpSeconds, shapeWarmUp and milestoneGtol (bench/job.ts)
Both methods stop on nc-check's certificate, computed the same way:
    ||grad L||_P = sqrt(K ||grad_W||^2 + N ||grad_H||^2) <= gtol * max(1, |L|).

gd      full-batch gradient descent x <- x - t P grad L(x) with nc-check's safe adaptive step
        (try twice the last accepted step, halve until Armijo holds): the plain-GD baseline of
        the published UFM experiments (which use a fixed learning rate), made safe so no
        learning rate needs tuning per regime.
lbfgsb  scipy.optimize.minimize(method='L-BFGS-B', jac=True) with maxcor=10 (nc-check's memory),
        in the preconditioned coordinates z = P^(-1/2) x, where the Euclidean gradient norm is
        exactly ||grad L||_P (the same scaling nc-check's L-BFGS uses). Its own stopping tests
        (ftol, gtol on the projected gradient) are switched off and a callback stops it on the certificate;
        when its line search gives up first, it is restarted from where it stopped while restarts still
        make progress (counted). Its line search compares loss values, so below ~1e-10 it usually stalls.
milestoneGtol (optional): every method also records when it first met this looser certificate.
"""
import json
import resource
import sys
import time

import numpy as np


def problem(job):
    K, d = job["K"], job["d"]
    sizes = job["classSizes"]
    N = int(sum(sizes))
    Y = np.zeros((K, N))
    col = 0
    for k, n in enumerate(sizes):
        Y[k, col:col + n] = 1.0
        col += n
    lw, lh = job["lambdaW"], job["lambdaH"]

    def loss_grad(W, H):
        R = W @ H - Y
        loss = (R * R).sum() / (2 * N) + lw / (2 * K) * (W * W).sum() + lh / (2 * N) * (H * H).sum()
        gW = R @ H.T / N + (lw / K) * W
        gH = W.T @ R / N + (lh / N) * H
        return loss, gW, gH

    W0 = np.array(job["W0"], dtype=np.float64).reshape(K, d)
    H0 = np.array(job["H0"], dtype=np.float64).reshape(d, N)
    return K, N, loss_grad, W0, H0


def certified(loss, gnorm, gtol):
    return gnorm <= gtol * max(1.0, abs(loss))


class Milestone:
    """Time at which the iterate first met the looser certificate job["milestoneGtol"] (None: never)."""

    def __init__(self, job):
        self.gtol = job.get("milestoneGtol")
        self.started = time.perf_counter()  # created first thing in each run, as the run's clock
        self.seconds = None

    def check(self, loss, gnorm):
        if self.seconds is None and self.gtol is not None and certified(loss, gnorm, self.gtol):
            self.seconds = time.perf_counter() - self.started


def run_gd(job, prepared):
    K, N, loss_grad, W, H = prepared
    gtol, max_iter = job["gtol"], job["maxIterations"]
    c1, slack = 1e-4, 1e-12
    milestone = Milestone(job)
    loss, gW, gH = loss_grad(W, H)
    evaluations, it, step = 1, 0, 1.0
    gnorm = np.sqrt(K * (gW * gW).sum() + N * (gH * gH).sum())
    status = "budget-exhausted"
    while True:
        milestone.check(loss, gnorm)
        if certified(loss, gnorm, gtol):
            status = "converged"
            break
        if it >= max_iter:
            break
        dW, dH = K * gW, N * gH  # the preconditioned direction P grad L
        dec = gnorm * gnorm
        step *= 2
        accepted = False
        while step > 1e-30:
            Wt, Ht = W - step * dW, H - step * dH
            lt, gWt, gHt = loss_grad(Wt, Ht)
            evaluations += 1
            # Armijo when the decrease is resolvable in float64, else the derivative form (as nc-check).
            required = c1 * step * dec
            if required > slack * abs(loss):
                ok = lt <= loss - required
            else:
                slope = -((gWt * dW).sum() + (gHt * dH).sum())
                ok = lt <= loss + slack * abs(loss) and slope <= (2 * c1 - 1) * (-dec)
            if np.isfinite(lt) and ok:
                W, H, loss, gW, gH = Wt, Ht, lt, gWt, gHt
                accepted = True
                break
            step /= 2
        if not accepted:
            status = "stalled"
            break
        it += 1
        gnorm = np.sqrt(K * (gW * gW).sum() + N * (gH * gH).sum())
    return {"status": status, "iterations": it, "evaluations": evaluations, "loss": float(loss), "gradNorm": float(gnorm), "restarts": 0,
            "milestoneSeconds": milestone.seconds}


def run_lbfgsb(job, prepared):
    from scipy.optimize import minimize

    K, N, loss_grad, W, H = prepared
    gtol, max_iter = job["gtol"], job["maxIterations"]
    Kd = W.size
    sW, sH = np.sqrt(K), np.sqrt(N)  # x = P^(1/2) z
    state = {"evaluations": 0, "z": None, "loss": np.inf, "gnorm": np.inf}
    milestone = Milestone(job)

    def f(z):
        state["evaluations"] += 1
        Wz = (sW * z[:Kd]).reshape(W.shape)
        Hz = (sH * z[Kd:]).reshape(H.shape)
        loss, gW, gH = loss_grad(Wz, Hz)
        g = np.concatenate([(sW * gW).ravel(), (sH * gH).ravel()])
        state["z"], state["loss"], state["gnorm"] = z, loss, float(np.linalg.norm(g))
        return loss, g

    def callback(intermediate_result):
        # The certificate, checked at every accepted iterate (the last evaluation is that iterate).
        if np.array_equal(state["z"], intermediate_result.x):
            milestone.check(state["loss"], state["gnorm"])
            if certified(state["loss"], state["gnorm"], gtol):
                raise StopIteration

    z = np.concatenate([W.ravel() / sW, H.ravel() / sH])
    f(z)
    iterations, restarts = 0, 0
    status = "budget-exhausted"
    stuck = False
    last_restart_gnorm = np.inf
    while not certified(state["loss"], state["gnorm"], gtol) and iterations < max_iter:
        # scipy's own tests are switched off (ftol = 0, pgtol far below the certificate): only the
        # callback (the certificate), the budget or a failed line search end a run.
        res = minimize(f, z, jac=True, method="L-BFGS-B", callback=callback,
                       options={"maxcor": 10, "ftol": 0.0, "gtol": 1e-300,
                                "maxiter": max_iter - iterations, "maxfun": 10 * max_iter, "maxls": 40})
        iterations += int(res.nit)
        stuck = np.array_equal(res.x, z)
        z = res.x
        if not np.array_equal(state["z"], z):
            f(z)
        milestone.check(state["loss"], state["gnorm"])
        if certified(state["loss"], state["gnorm"], gtol):
            break
        # scipy stopped early (its line search gave up): restart from where it stopped, as long as
        # restarting still makes progress (the gradient norm at least halves between restarts).
        if stuck or not state["gnorm"] < 0.5 * last_restart_gnorm:
            stuck = True
            break
        last_restart_gnorm = state["gnorm"]
        restarts += 1
    if certified(state["loss"], state["gnorm"], gtol):
        status = "converged"
    elif stuck:
        status = "stalled"
    return {"status": status, "iterations": iterations, "evaluations": state["evaluations"], "loss": float(state["loss"]),
            "gradNorm": state["gnorm"], "restarts": restarts, "milestoneSeconds": milestone.seconds}


def main():
    method = sys.argv[1]
    job = json.load(sys.stdin)
    run = {"gd": run_gd, "lbfgsb": run_lbfgsb}[method]
    if method == "lbfgsb":
        import scipy.optimize  # noqa: F401  (imported before the clock starts, like numpy)
    # Warm-up, untimed and symmetric with nc-check's: the job's tiny unrelated problem, at least warmUpRuns
    # times and for at least warmUpSeconds (bench/job.ts says why a time).
    if "warmUp" in job:
        until = time.perf_counter() + job.get("warmUpSeconds", 0)
        runs = 0
        while runs < job.get("warmUpRuns", 1) or time.perf_counter() < until:
            run(job["warmUp"], problem(job["warmUp"]))
            runs += 1
    # Then the measured shape from another start, for a few iterations (shapeWarmUp in bench/job.ts).
    if "shapeWarmUp" in job:
        run(job["shapeWarmUp"], problem(job["shapeWarmUp"]))
    prepared = problem(job)  # arrays built before the clock starts (nc-check times its optimizer only, too)
    started = time.perf_counter()
    out = run(job, prepared)
    out["seconds"] = time.perf_counter() - started
    out["maxRssBytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out["method"] = method
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
