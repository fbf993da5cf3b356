#!/usr/bin/Rscript
# Expected values for hemamet's NewcombeAuc: Newcombe's score interval for the AUC (R. G. Newcombe, Stat Med 25
# (2006) 559-573, method 5) and its design-effect analogue for lesions clustered in patients.
# Independent of the Java bisection: each limit is a root of the quartic
#   m n (theta - a)^2 (2 - theta)(1 + theta) - z^2 theta (1 - theta) [(2 - theta)(1 + theta)
#     + s (1 - theta)(1 + theta) + s theta (2 - theta)] = 0,   s = (m + n)/2 - 1,
# (the equation (a - theta)^2 = z^2 V(theta) times (2 - theta)(1 + theta) m n), found by base R's polyroot; the
# script checks there is exactly one real root in [0, a) and one in (a, 1] (the boundary a itself excepted).
# The AUC and DeLong's variance come from pROC 1.18 (Debian r-cran-proc); Obuchowski's clustered variance from
# clustered/expected.csv (scripts/golden/clustered_auc.py, an implementation written from the paper).
# Run from the repository root: Rscript scripts/golden/newcombe_auc.R
# Writes src/test/resources/metrics/golden/expected_newcombe.csv
#   source,fixture,score,auc,m,n,level,design_effect,lower,upper
suppressMessages(library(pROC))
dir <- "src/test/resources/metrics/golden"

pmul <- function(p, q) {          # product of two polynomials, coefficients in increasing order
  r <- numeric(length(p) + length(q) - 1)
  for (i in seq_along(p)) r[i:(i + length(q) - 1)] <- r[i:(i + length(q) - 1)] + p[i] * q
  r
}
padd <- function(p, q) {
  n <- max(length(p), length(q))
  c(p, numeric(n - length(p))) + c(q, numeric(n - length(q)))
}

newcombe <- function(a, m, n, level) {
  z <- qnorm(0.5 + level / 2)
  s <- max(0, (m + n) / 2 - 1)
  lhs <- m * n * pmul(pmul(c(-a, 1), c(-a, 1)), pmul(c(2, -1), c(1, 1)))
  bracket <- padd(padd(pmul(c(2, -1), c(1, 1)), s * pmul(c(1, -1), c(1, 1))), s * pmul(c(0, 1), c(2, -1)))
  rhs <- z^2 * pmul(pmul(c(0, 1), c(1, -1)), bracket)
  roots <- polyroot(padd(lhs, -rhs))
  real <- Re(roots[abs(Im(roots)) < 1e-7])
  below <- real[real >= -1e-12 & real < a - 1e-9]
  above <- real[real > a + 1e-9 & real <= 1 + 1e-12]
  lower <- if (a <= 0) 0 else { stopifnot(length(below) == 1); max(0, below) }
  upper <- if (a >= 1) 1 else { stopifnot(length(above) == 1); min(1, above) }
  c(lower, upper)
}

rows <- list()
put <- function(source, fixture, score, a, m, n, level, d) {
  ci <- newcombe(a, m / d, n / d, level)
  rows[[length(rows) + 1]] <<- sprintf("%s,%s,%s,%.17g,%d,%d,%.17g,%.17g,%.17g,%.17g",
                                       source, fixture, score, a, m, n, level, d, ci[1], ci[2])
}
mkroc <- function(label, score) roc(label, score, levels = c(0, 1), direction = "<", quiet = TRUE)

# 1. counts: the AUC, the class sizes and the level alone
for (level in c(0.95, 0.90)) {
  for (mn in list(c(1, 1), c(2, 3), c(10, 10), c(18, 51), c(142, 51))) {
    for (a in c(0, 0.5, 0.8, 0.95, 0.999, 1)) put("counts", "-", "-", a, mn[1], mn[2], level, 1)
  }
}
# 2. the independent-case fixtures of the pROC golden test
for (f in sort(list.files(file.path(dir, "fixtures"), pattern = "\\.csv$", full.names = TRUE))) {
  d <- read.csv(f)
  m <- sum(d$label == 1); n <- sum(d$label == 0)
  if (m == 0 || n == 0) next
  for (s in c("a", "b")) {
    a <- as.numeric(auc(mkroc(d$label, d[[paste0("score_", s)]])))
    put("lesion", sub("\\.csv$", "", basename(f)), s, a, m, n, 0.95, 1)
  }
}
# 3. the clustered fixtures: design effect = Obuchowski's variance / DeLong's, at least 1 (1 when DeLong's is 0)
expected <- read.csv(file.path(dir, "clustered", "expected.csv"), stringsAsFactors = FALSE)
for (name in unique(expected$fixture)) {
  d <- read.csv(file.path(dir, "clustered", paste0(name, ".csv")))
  m <- sum(d$label == 1); n <- sum(d$label == 0)
  for (s in c("a", "b")) {
    obu <- expected$value[expected$fixture == name & expected$quantity == paste0("var_", s)]
    if (length(obu) != 1 || is.na(suppressWarnings(as.numeric(obu)))) next
    r <- mkroc(d$label, d[[paste0("score_", s)]])
    dl <- var(r, method = "delong")
    deff <- if (dl > 0) max(1, as.numeric(obu) / dl) else 1
    put("clustered", name, s, as.numeric(auc(r)), m, n, 0.95, deff)
  }
}
writeLines(c("source,fixture,score,auc,m,n,level,design_effect,lower,upper", unlist(rows)),
           file.path(dir, "expected_newcombe.csv"))
cat(length(rows), "rows\n")
