#!/usr/bin/Rscript
# Expected values for hemamet's ClusteredWilson interval (Wilson at a design-effect effective sample size),
# from R's survey package (Debian r-cran-survey): the ratio estimator and its cluster variance by svymean under
# svydesign(ids = ~cluster), the effective sample size as svyciprop(method = "beta") makes it (Korn and
# Graubard 1998), the design effect truncated below at 1 (1 when p is 0 or 1), then Wilson's interval at it.
# Run from the repository root: Rscript scripts/golden/clustered_wilson.R
# Writes src/test/resources/metrics/golden/clustered/expected_wilson.csv
#   fixture,threshold,quantity,successes,trials,clusters,value,variance,n_eff,lower,upper
suppressPackageStartupMessages(library(survey))
dir <- "src/test/resources/metrics/golden/clustered"
level <- 0.95
alpha <- 1 - level

one <- function(fixture, threshold, quantity, df) {
  k <- length(unique(df$cluster)); n <- nrow(df); x <- sum(df$y)
  p <- x / n
  variance <- NA; deff <- 1
  if (k >= 2) {
    des <- suppressWarnings(svydesign(ids = ~cluster, data = df))
    m <- svymean(~y, des)
    stopifnot(abs(coef(m)[[1]] - p) < 1e-12)
    variance <- vcov(m)[1, 1]
    if (p > 0 && p < 1) {
      deff <- max(1, variance / (p * (1 - p) / n))
      # where the design effect is >= 1, the untruncated size is svyciprop(method = "beta")'s own
      if (variance / (p * (1 - p) / n) >= 1) {
        ne <- p * (1 - p) / variance * (qt(alpha / 2, n - 1) / qt(alpha / 2, degf(des)))^2
        kg <- svyciprop(~y, des, method = "beta", level = level)
        ci <- c(qbeta(alpha / 2, ne * p, ne * (1 - p) + 1), qbeta(1 - alpha / 2, ne * p + 1, ne * (1 - p)))
        stopifnot(max(abs(ci - as.numeric(confint(kg)))) < 1e-9)
      }
    }
  }
  n_eff <- n / deff
  if (k >= 2 && n > 1) n_eff <- n_eff * (qt(alpha / 2, n - 1) / qt(alpha / 2, k - 1))^2
  z <- qnorm(1 - alpha / 2)
  centre <- (p + z^2 / (2 * n_eff)) / (1 + z^2 / n_eff)
  half <- z / (1 + z^2 / n_eff) * sqrt(p * (1 - p) / n_eff + z^2 / (4 * n_eff^2))
  lower <- if (x == 0) 0 else max(0, centre - half)
  upper <- if (x == n) 1 else min(1, centre + half)
  data.frame(fixture = fixture, threshold = threshold, quantity = quantity, successes = x, trials = n,
             clusters = k, value = sprintf("%.17g", p), variance = sprintf("%.17g", variance),
             n_eff = sprintf("%.17g", n_eff), lower = sprintf("%.17g", lower), upper = sprintf("%.17g", upper))
}

rows <- list()
for (path in sort(Sys.glob(file.path(dir, "*.csv")))) {
  name <- sub("\\.csv$", "", basename(path))
  if (startsWith(name, "expected")) next
  d <- read.csv(path, colClasses = c(case = "character", cluster = "character"))
  for (threshold in c(0.5, round(median(d$score_a), 3))) {
    pred <- as.integer(d$score_a >= threshold)
    parts <- list(
      accuracy = data.frame(cluster = d$cluster, y = as.integer(pred == d$label)),
      sensitivity = data.frame(cluster = d$cluster[d$label == 1], y = pred[d$label == 1]),
      specificity = data.frame(cluster = d$cluster[d$label == 0], y = 1L - pred[d$label == 0]),
      ppv = data.frame(cluster = d$cluster[pred == 1], y = d$label[pred == 1]),
      npv = data.frame(cluster = d$cluster[pred == 0], y = 1L - d$label[pred == 0]))
    for (q in names(parts)) {
      if (nrow(parts[[q]]) > 0) rows[[length(rows) + 1]] <- one(name, threshold, q, parts[[q]])
    }
  }
}
write.csv(do.call(rbind, rows), file.path(dir, "expected_wilson.csv"), row.names = FALSE, quote = FALSE)

# Boundary cases given as per-patient counts "x/n x/n ...": all lesions right (p = 1, variance 0), none right,
# a design effect below 1 (each patient one of two right: truncated to 1), one patient, a strong cluster
# effect, and a single lesion. Writes clustered/expected_wilson_counts.csv  counts,value,n_eff,lower,upper
counts <- c("2/2 1/1 3/3 1/1 2/2 4/4 1/1 2/2 1/1 3/3 2/2 1/1 5/5 2/2 1/1 3/3 2/2 1/1 2/2 4/4",
            "0/3 0/1 0/2 0/2 0/1", "1/2 1/2 1/2 1/2 1/2 1/2 1/2 1/2", "3/5",
            "4/4 0/3 5/5 0/2 3/3 1/1 0/4 2/2 0/1 3/3", "1/1 0/1", "7/9 2/3 1/1 0/2 5/6 3/3")
crows <- lapply(counts, function(s) {
  xn <- do.call(rbind, lapply(strsplit(strsplit(s, " ")[[1]], "/"), as.integer))
  df <- data.frame(cluster = rep(seq_len(nrow(xn)), xn[, 2]),
                   y = unlist(lapply(seq_len(nrow(xn)), function(i) rep(c(1L, 0L), c(xn[i, 1], xn[i, 2] - xn[i, 1])))))
  r <- one("counts", NA, "proportion", df)
  data.frame(counts = s, value = r$value, n_eff = r$n_eff, lower = r$lower, upper = r$upper)
})
write.csv(do.call(rbind, crows), file.path(dir, "expected_wilson_counts.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "survey", format(packageVersion("survey")), "\n")
