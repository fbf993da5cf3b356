#!/usr/bin/env Rscript
# Expected values from R / pROC 1.18 (Debian r-cran-proc) for the metric golden tests.
# Run from the repository root:  Rscript scripts/golden/metrics_proc.R
# Reads  src/test/resources/metrics/golden/fixtures/*.csv  (case,label,score_a,score_b)
# Writes src/test/resources/metrics/golden/expected_proc.csv      fixture,quantity,value
#        src/test/resources/metrics/golden/expected_distributions.csv  fn,x,param,value
suppressMessages(library(pROC))
stopifnot(packageVersion("pROC") >= "1.18.0")
dir <- "src/test/resources/metrics/golden"
rows <- list()
put <- function(fixture, quantity, value) {
  rows[[length(rows) + 1]] <<- data.frame(fixture = fixture, quantity = quantity,
                                          value = sprintf("%.17g", as.numeric(value)))
}
mkroc <- function(label, score) roc(label, score, levels = c(0, 1), direction = "<", quiet = TRUE)
wilson <- function(fixture, name, x, n) {
  if (n == 0) return(invisible())
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = 0.95)$conf.int)
  put(fixture, paste0(name, "_lo"), ci[1]); put(fixture, paste0(name, "_hi"), ci[2])
}
fx <- list()
for (f in sort(list.files(file.path(dir, "fixtures"), pattern = "\\.csv$", full.names = TRUE))) {
  name <- sub("\\.csv$", "", basename(f))
  d <- read.csv(f)
  fx[[name]] <- d
  for (s in c("a", "b")) {
    sc <- d[[paste0("score_", s)]]
    r <- mkroc(d$label, sc)
    put(name, paste0("auc_", s), as.numeric(auc(r)))
    ci <- as.numeric(ci.auc(r, method = "delong", conf.level = 0.95))
    put(name, paste0("delong_lo_", s), ci[1]); put(name, paste0("delong_hi_", s), ci[3])
    if (sum(d$label == 1) > 1 && sum(d$label == 0) > 1) put(name, paste0("delong_var_", s), var(r, method = "delong"))
    b <- coords(r, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE)
    if (nrow(b) == 1) {
      put(name, paste0("youden_threshold_", s), b$threshold)
      put(name, paste0("youden_sensitivity_", s), b$sensitivity)
      put(name, paste0("youden_specificity_", s), b$specificity)
    }
  }
  # Wilson intervals of the proportions at threshold 0.5 on score_a (predicted positive: score >= 0.5)
  pred <- d$score_a >= 0.5
  tp <- sum(pred & d$label == 1); fp <- sum(pred & d$label == 0)
  tn <- sum(!pred & d$label == 0); fn <- sum(!pred & d$label == 1)
  wilson(name, "accuracy", tp + tn, nrow(d)); wilson(name, "sensitivity", tp, tp + fn)
  wilson(name, "specificity", tn, tn + fp); wilson(name, "ppv", tp, tp + fp); wilson(name, "npv", tn, tn + fn)
  if (sum(d$label == 1) > 1 && sum(d$label == 0) > 1) {
    t <- roc.test(mkroc(d$label, d$score_a), mkroc(d$label, d$score_b), method = "delong", paired = TRUE)
    put(name, "paired_z", t$statistic); put(name, "paired_p", t$p.value)
    put(name, "paired_diff_lo", t$conf.int[1]); put(name, "paired_diff_hi", t$conf.int[2])
  }
}
# unpaired DeLong tests between fixtures (fixture column = "<A>:<sa>|<B>:<sb>")
pairs <- list(c("ties", "a", "moderate", "a"), c("imbalanced", "a", "moderate", "b"),
              c("tiny", "a", "ties", "b"), c("perfect", "b", "moderate", "a"), c("inverted", "b", "ties", "a"))
for (p in pairs) {
  A <- fx[[p[1]]]; B <- fx[[p[3]]]
  t <- suppressWarnings(roc.test(mkroc(A$label, A[[paste0("score_", p[2])]]), mkroc(B$label, B[[paste0("score_", p[4])]]),
                method = "delong", paired = FALSE))
  key <- paste0(p[1], ":", p[2], "|", p[3], ":", p[4])
  put(key, "unpaired_t", t$statistic); put(key, "unpaired_df", t$parameter); put(key, "unpaired_p", t$p.value)
}
out <- do.call(rbind, rows)
write.csv(out, file.path(dir, "expected_proc.csv"), row.names = FALSE, quote = FALSE)

# distribution functions (R's pnorm / qnorm / pt) on a grid
dist <- list()
for (x in c(-40, -38, -10, -6, -5.7, -5.5, -3, -1.96, -0.674, -0.5, -1e-20, 0, 0.1, 0.6744, 0.7, 1, 1.959963984540054, 2.5, 5, 5.65, 6, 9))
  dist[[length(dist) + 1]] <- data.frame(fn = "pnorm", x = sprintf("%.17g", x), param = "0", value = sprintf("%.17g", pnorm(x)))
for (p in c(1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.6, 0.9, 0.975, 0.995, 0.999999))
  dist[[length(dist) + 1]] <- data.frame(fn = "qnorm", x = sprintf("%.17g", p), param = "0", value = sprintf("%.17g", qnorm(p)))
for (df in c(1, 2.5, 7, 23.7, 150, 4000)) for (t in c(-30, -4, -2, -0.5, 0, 0.3, 1.5, 3, 12))
  dist[[length(dist) + 1]] <- data.frame(fn = "pt", x = sprintf("%.17g", t), param = sprintf("%.17g", df), value = sprintf("%.17g", pt(t, df)))
write.csv(do.call(rbind, dist), file.path(dir, "expected_distributions.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(out), "pROC values\n")
