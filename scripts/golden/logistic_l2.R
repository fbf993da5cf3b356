#!/usr/bin/env Rscript
# Golden values for the baseline's L2-regularised logistic regression (org.hemamet.baseline.LogisticBaseline),
# from base R only, independent of LIBLINEAR.
# Run from the repository root:  Rscript scripts/golden/logistic_l2.R
# Writes src/test/resources/baseline/golden/data.csv      part,y,x1,x2,x3   (train / test rows)
#        src/test/resources/baseline/golden/expected.csv  c,quantity,value
#
# The model: features standardised with the training part's mean and population SD (divide by n), then
#   minimise 0.5 * ||w||^2 + C * sum_i log(1 + exp(-y_i (w . z_i + b))),  y in {-1, +1},
# the intercept b not penalised (LIBLINEAR's L2R_LR objective with -B 1 -R). Solved by Newton's method
# (exact Hessian) to a gradient norm below 1e-12, checked against optim(BFGS) from a different start;
# C = "glm" is the unpenalised fit by glm(binomial), the limit C -> infinity.
dir <- "src/test/resources/baseline/golden"
dir.create(dir, recursive = TRUE, showWarnings = FALSE)
set.seed(20240614)
n_train <- 60; n_test <- 25; p <- 3
make <- function(n) {
  x <- cbind(rnorm(n, 10, 3), rexp(n, 0.5), runif(n, -1, 1))
  eta <- -1 + 0.4 * (x[, 1] - 10) - 0.5 * (x[, 2] - 2) + 0.8 * x[, 3]
  y <- as.integer(runif(n) < 1 / (1 + exp(-eta)))
  list(x = x, y = y)
}
tr <- make(n_train); te <- make(n_test)
fmt <- function(v) sprintf("%.17g", v)
data <- rbind(
  data.frame(part = "train", y = tr$y, x1 = fmt(tr$x[, 1]), x2 = fmt(tr$x[, 2]), x3 = fmt(tr$x[, 3])),
  data.frame(part = "test", y = te$y, x1 = fmt(te$x[, 1]), x2 = fmt(te$x[, 2]), x3 = fmt(te$x[, 3])))
write.csv(data, file.path(dir, "data.csv"), row.names = FALSE, quote = FALSE)
# read back what the Java test reads, so both sides start from the same doubles
d <- read.csv(file.path(dir, "data.csv"))
xtr <- as.matrix(d[d$part == "train", c("x1", "x2", "x3")]); ytr <- d$y[d$part == "train"]
xte <- as.matrix(d[d$part == "test", c("x1", "x2", "x3")])
mu <- colMeans(xtr)
sdev <- sqrt(colMeans(sweep(xtr, 2, mu)^2))
ztr <- sweep(sweep(xtr, 2, mu), 2, sdev, "/")
zte <- sweep(sweep(xte, 2, mu), 2, sdev, "/")
s <- 2 * ytr - 1
A <- cbind(ztr, 1)                        # last column: the intercept
pen <- c(rep(1, p), 0)                    # the intercept is not penalised
objective <- function(theta, C) 0.5 * sum(pen * theta^2) + C * sum(log1p(exp(-s * (A %*% theta))))
gradient <- function(theta, C) {
  m <- as.vector(A %*% theta)
  sig <- 1 / (1 + exp(s * m))             # = 1 - sigmoid(s m)
  pen * theta - C * as.vector(t(A) %*% (s * sig))
}
newton <- function(C) {
  theta <- rep(0, p + 1)
  for (it in 1:200) {
    g <- gradient(theta, C)
    if (sqrt(sum(g^2)) < 1e-12) break
    m <- as.vector(A %*% theta)
    q <- 1 / (1 + exp(-m)); wts <- q * (1 - q)
    H <- diag(pen) + C * t(A) %*% (A * wts)
    theta <- theta - solve(H, g)
  }
  stopifnot(sqrt(sum(gradient(theta, C)^2)) < 1e-9)
  theta
}
rows <- list()
put <- function(c, quantity, value) rows[[length(rows) + 1]] <<- data.frame(c = c, quantity = quantity, value = fmt(value))
emit <- function(label, theta) {
  put(label, "intercept", theta[p + 1])
  for (j in 1:p) put(label, paste0("w", j), theta[j])
  prob <- 1 / (1 + exp(-(cbind(zte, 1) %*% theta)))
  for (i in seq_along(prob)) put(label, paste0("p_test", i - 1), prob[i])
}
for (C in c(0.001, 0.01, 0.1, 1, 10, 100)) {
  theta <- newton(C)
  check <- optim(rep(0.1, p + 1), objective, gradient, C = C, method = "BFGS",
                 control = list(reltol = 1e-15, maxit = 10000))
  stopifnot(max(abs(check$par - theta)) < 1e-5)
  emit(as.character(C), theta)
}
g <- glm(ytr ~ ztr, family = binomial(), control = glm.control(epsilon = 1e-14, maxit = 100))
emit("glm", c(coef(g)[-1], coef(g)[1]))
write.csv(do.call(rbind, rows), file.path(dir, "expected.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", file.path(dir, "data.csv"), "and expected.csv\n")
