#!/usr/bin/Rscript
# Expected values for hemamet's Holm adjustment (metrics/Holm): R's p.adjust(p, method = "holm").
# Run from the repository root: Rscript scripts/golden/holm.R
# Writes src/test/resources/metrics/golden/expected_holm.csv   family,index,p,p_holm
families <- list(
  six = c(0.034, 0.004, 0.0004, 0.64, 0.11, 0.20),
  ties = c(0.01, 0.01, 0.03, 0.03),
  capped = c(0.4, 0.5, 0.9),
  one = c(0.047),
  tiny = c(1e-12, 3e-9, 0.02, 0.5),
  with_na = c(0.02, NA, 0.01, 0.3)
)
rows <- character()
for (name in names(families)) {
  p <- families[[name]]
  adj <- p.adjust(p, method = "holm")
  for (i in seq_along(p)) rows <- c(rows, sprintf("%s,%d,%.17g,%.17g", name, i - 1, p[i], adj[i]))
}
writeLines(c("family,index,p,p_holm", gsub("NA", "NaN", rows)), "src/test/resources/metrics/golden/expected_holm.csv")
