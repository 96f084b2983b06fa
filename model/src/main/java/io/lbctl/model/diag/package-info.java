/**
 * Diagnostics as values: what is wrong, where in the spec ({@link io.lbctl.model.Address}) and
 * where in the file ({@link io.lbctl.model.diag.Span}), with a hint where one helps. Rendering
 * them is the CLI's business.
 */
package io.lbctl.model.diag;
