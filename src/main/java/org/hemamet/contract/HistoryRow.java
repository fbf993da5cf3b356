package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of a cell's {@code history.csv}: an epoch of the final training on the whole training part.
 *
 * @param epoch         1-based epoch
 * @param trainLoss     mean training loss over the epoch's batches
 * @param trainAccuracy training accuracy over the epoch's batches
 * @param valLoss       validation loss, null (empty) when the training had no validation set
 * @param valAccuracy   validation accuracy, null (empty) when the training had no validation set
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HistoryRow(int epoch, double trainLoss, double trainAccuracy, Double valLoss, Double valAccuracy) {}
