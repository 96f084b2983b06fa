/**
 * The planner: compares a desired {@link io.lbctl.model.Stack} with the current one and
 * produces a plan of typed changes (create, update, replace, delete) in AWS's dependency order.
 * Planning arrives with the plan and apply issues; this module fixes its place on the ladder
 * (it may use model, and only model).
 */
package io.lbctl.planner;
