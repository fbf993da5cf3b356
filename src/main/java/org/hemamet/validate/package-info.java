/**
 * External validation ({@code hemamet validate}): a development study's final models evaluated on a dataset
 * that played no part in their training, at the development threshold and with the development calibration;
 * refuses a dataset cropped otherwise than the development one, or sharing patients with it.
 */
package org.hemamet.validate;
