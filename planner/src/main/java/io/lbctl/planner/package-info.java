/**
 * The planner: a spec's desired state and the live state, both flattened to {@link
 * io.lbctl.planner.Resource}s by one {@link io.lbctl.planner.ResourceFlattener}, compared into a
 * {@link io.lbctl.planner.Plan} of typed changes (create, update, replace, delete) in AWS's
 * dependency order, with the replacement rules AWS imposes. It may use model, and only model.
 */
package io.lbctl.planner;
