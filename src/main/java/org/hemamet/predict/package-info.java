/**
 * Applying a trained study model to new lesions ({@code hemamet export}, {@code hemamet predict}).
 *
 * <p>{@link org.hemamet.predict.Exporter} copies one cell's model bundle out of a run and records the
 * dataset's crop parameters in it; {@link org.hemamet.predict.Predictor} reproduces the training
 * preprocessing (the shared {@link org.hemamet.ingest.LesionSource} crop path and the study's
 * {@link org.hemamet.study.CropLoader} decoding), refuses inputs that do not match the bundle, and
 * predicts; {@link org.hemamet.predict.HeatMaps} draws Grad-CAM / occlusion maps over the crop (an
 * early-fused lesion's one map over each of its sequences' crops, {@link
 * org.hemamet.predict.EarlyFusedPredictor#heatMap}); {@link org.hemamet.predict.ErrorHeatMaps} writes the
 * maps of a run's misclassified test lesions for the report;
 * {@link org.hemamet.predict.BatchPrediction} predicts every region of a VIA file into a CSV. No DJL or
 * PixelMed here: the network is {@link org.hemamet.model.TrainedCnn}, DICOM is
 * {@link org.hemamet.dicom.DicomReader}.
 */
package org.hemamet.predict;
