/**
 * The ELBv2 backend on the AWS SDK for Java v2: reads live resources by ownership tags and
 * executes plans, against AWS or the local runtime's ELBv2 API. It arrives with the apply
 * issue; this module fixes its place on the ladder (above planner).
 */
package io.lbctl.backend.aws;
