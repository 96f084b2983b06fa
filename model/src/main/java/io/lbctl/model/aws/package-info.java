/**
 * AWS's own rules for ELBv2 resources, in one place: name rules, limits, protocol
 * combinations, health-check defaults and ranges, condition and action constraints, attributes
 * and TLS policies. {@code lbctl validate} and the local control plane's API both ask these
 * classes, so the two can never disagree; each check returns a {@link io.lbctl.model.aws.Violation}
 * without a place, and the caller says where.
 */
package io.lbctl.model.aws;
