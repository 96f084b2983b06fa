/**
 * The immutable model of a spec: a {@link io.lbctl.model.Stack} of load balancers, listeners,
 * rules, target groups and targets, keyed by logical id, as records and sealed interfaces.
 * Source positions are kept beside the model, in {@link io.lbctl.model.diag.SourceMap}, never
 * inside its records. The module has no dependencies.
 */
package io.lbctl.model;
