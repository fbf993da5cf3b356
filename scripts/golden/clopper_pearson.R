#!/usr/bin/Rscript
# Expected values for hemamet's ClopperPearson interval, from R's binom.test (stats package).
# Run from the repository root: Rscript scripts/golden/clopper_pearson.R
# Writes src/test/resources/metrics/golden/expected_clopper_pearson.csv  x,n,level,lower,upper
dir <- "src/test/resources/metrics/golden"
cases <- rbind(
  expand.grid(x = 0:10, n = 10, level = 0.95),
  data.frame(x = c(0, 1, 2, 5, 17, 29, 30), n = 30, level = 0.95),
  data.frame(x = c(0, 3, 50, 97, 100), n = 100, level = 0.95),
  data.frame(x = c(1, 4, 7), n = 7, level = 0.90),
  data.frame(x = c(0, 12, 250, 499, 500), n = 500, level = 0.99),
  data.frame(x = c(0, 1), n = 1, level = 0.95)
)
out <- do.call(rbind, lapply(seq_len(nrow(cases)), function(i) {
  x <- cases$x[i]; n <- cases$n[i]; level <- cases$level[i]
  ci <- binom.test(x, n, conf.level = level)$conf.int
  data.frame(x = x, n = n, level = level,
             lower = sprintf("%.17g", ci[1]), upper = sprintf("%.17g", ci[2]))
}))
write.csv(out, file.path(dir, "expected_clopper_pearson.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")

# Reliability diagram (hemamet's ReliabilityCurve): 10 equal-width bins [i/10, (i+1)/10), the last closed,
# per non-empty bin n, positives, mean predicted probability and the binom.test interval of the observed
# fraction. Scores: score_a of each fixture. Writes expected_reliability.csv
rel <- list()
for (path in sort(Sys.glob(file.path(dir, "fixtures", "*.csv")))) {
  name <- sub("\\.csv$", "", basename(path))
  d <- read.csv(path)
  bin <- pmin(floor(d$score_a * 10), 9)
  for (b in sort(unique(bin))) {
    sel <- bin == b
    n <- sum(sel); x <- sum(d$label[sel])
    ci <- binom.test(x, n)$conf.int
    rel[[length(rel) + 1]] <- data.frame(fixture = name, bin = b, n = n, positives = x,
      mean_predicted = sprintf("%.17g", mean(d$score_a[sel])),
      lower = sprintf("%.17g", ci[1]), upper = sprintf("%.17g", ci[2]))
  }
}
write.csv(do.call(rbind, rel), file.path(dir, "expected_reliability.csv"), row.names = FALSE, quote = FALSE)
