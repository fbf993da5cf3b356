#!/usr/bin/Rscript
# Expected values for hemamet's decision curves (metrics/DecisionCurve): net benefit
# NB(t) = TP/N - FP/N * t/(1-t), a case positive when its probability >= t, and treat-all
# prevalence - (1 - prevalence) * t/(1-t) (Vickers & Elkin, Med Decis Making 2006; the same
# counting as Vickers' dca.R and the dcurves package), written out case by case in base R,
# independently of the Java sweep. Thresholds 0.01..0.99 on both score columns of every fixture
# under src/test/resources/metrics/golden/fixtures (scores there lie in [0, 1]; ties at thresholds).
# Run from the repository root: Rscript scripts/golden/decision_curve.R
# Writes src/test/resources/metrics/golden/expected_decision_curve.csv
#   fixture,column,threshold,tp,fp,n,net_benefit,treat_all
dir <- "src/test/resources/metrics/golden/fixtures"
rows <- character()
for (file in sort(list.files(dir, pattern = "\\.csv$"))) {
  d <- read.csv(file.path(dir, file))
  name <- sub("\\.csv$", "", file)
  for (column in c("score_a", "score_b")) {
    y <- d$label
    p <- d[[column]]
    n <- length(y)
    prevalence <- mean(y == 1)
    for (t in (1:99) / 100) {
      tp <- 0
      fp <- 0
      for (i in seq_len(n)) {
        if (p[i] >= t) {
          if (y[i] == 1) tp <- tp + 1 else fp <- fp + 1
        }
      }
      w <- t / (1 - t)
      nb <- tp / n - fp / n * w
      all <- prevalence - (1 - prevalence) * w
      rows <- c(rows, sprintf("%s,%s,%.2f,%d,%d,%d,%.17g,%.17g", name, column, t, tp, fp, n, nb, all))
    }
  }
}
writeLines(c("fixture,column,threshold,tp,fp,n,net_benefit,treat_all", rows),
           "src/test/resources/metrics/golden/expected_decision_curve.csv")
