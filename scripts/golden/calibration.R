#!/usr/bin/Rscript
# Expected values for hemamet's LogisticCalibration (Platt scaling, temperature scaling, Cox calibration
# slope), from R's glm.
# Run from the repository root: Rscript scripts/golden/calibration.R
# Reads  src/test/resources/metrics/golden/fixtures/*.csv (case,label,score_a,score_b)
# Writes src/test/resources/metrics/golden/expected_calibration.csv  fixture,quantity,value
# Probabilities are clipped to [1e-7, 1 - 1e-7] before qlogis, as hemamet does.
dir <- "src/test/resources/metrics/golden"
eps <- 1e-7
ctl <- glm.control(epsilon = 1e-15, maxit = 200)
rows <- list()
put <- function(fixture, quantity, value) {
  rows[[length(rows) + 1]] <<- data.frame(fixture = fixture, quantity = quantity,
                                         value = sprintf("%.17g", value))
}
for (path in sort(Sys.glob(file.path(dir, "fixtures", "*.csv")))) {
  name <- sub("\\.csv$", "", basename(path))
  d <- read.csv(path)
  for (s in c("a", "b")) {
    f <- qlogis(pmin(pmax(d[[paste0("score_", s)]], eps), 1 - eps))
    y <- d$label
    npos <- sum(y == 1); nneg <- sum(y == 0)
    # Platt: cross-entropy against smoothed targets = a binomial likelihood with fractional responses
    t <- ifelse(y == 1, (npos + 1) / (npos + 2), 1 / (nneg + 2))
    if (length(unique(f)) > 1) {
      m <- suppressWarnings(glm(t ~ f, family = quasibinomial(), control = ctl))
      put(name, paste0("platt_intercept_", s), coef(m)[[1]])
      put(name, paste0("platt_slope_", s), coef(m)[[2]])
    }
    # temperature scaling (Guo et al. 2017): logistic regression of the outcome on logit(p) without an
    # intercept; no finite slope when every outcome agrees (or every one disagrees) with the sign of logit(p)
    if (!all(ifelse(y == 1, f > 0, f < 0)) && !all(ifelse(y == 1, f < 0, f > 0))) {
      m <- glm(y ~ 0 + f, family = binomial(), control = ctl)
      stopifnot(m$converged)
      put(name, paste0("temperature_slope_", s), coef(m)[[1]])
      put(name, paste0("temperature_slope_se_", s), summary(m)$coefficients[1, "Std. Error"])
    }
    # Cox: logistic regression of the outcome on logit(p); not estimable under (quasi-)separation
    separated <- npos == 0 || nneg == 0 || max(f[y == 0]) <= min(f[y == 1]) || max(f[y == 1]) <= min(f[y == 0])
    if (!separated) {
      m <- glm(y ~ f, family = binomial(), control = ctl)
      stopifnot(m$converged)
      put(name, paste0("cox_intercept_", s), coef(m)[[1]])
      put(name, paste0("cox_slope_", s), coef(m)[[2]])
      se <- summary(m)$coefficients[, "Std. Error"]
      put(name, paste0("cox_intercept_se_", s), se[[1]])
      put(name, paste0("cox_slope_se_", s), se[[2]])
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, file.path(dir, "expected_calibration.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
