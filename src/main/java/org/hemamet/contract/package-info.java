/**
 * The files a study run and a model bundle consist of (docs/contracts.md C and D), one record per row or
 * document, mapped by Jackson (snake_case names), written and read through {@link
 * org.hemamet.contract.RunFiles} and {@link org.hemamet.contract.BundleFiles} only.
 *
 * <p>Run: {@link org.hemamet.contract.ResultRow} (results.csv, and the row part of result.json), {@link
 * org.hemamet.contract.PredictionRow}, {@link org.hemamet.contract.DeLongRow}, {@link
 * org.hemamet.contract.CellResult} (result.json), {@link org.hemamet.contract.HistoryRow}, {@link
 * org.hemamet.contract.SearchTrial}, {@link org.hemamet.contract.SplitRow}, {@link
 * org.hemamet.contract.Calibration} and {@link org.hemamet.contract.RunProvenance}. Bundle: {@link
 * org.hemamet.contract.BundleMetadata}.
 *
 * <p>Files are byte-stable: CSV values are written as text ({@code Double.toString}, "NaN", empty for
 * absent), JSON keys sorted. Files of older versions that lack newer columns or fields still read (the
 * field is {@code null}). This package depends on {@code core} and {@code cohort} (sequence names) only.
 */
package org.hemamet.contract;
