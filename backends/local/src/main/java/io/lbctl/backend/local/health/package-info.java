/**
 * Target health: the checker that runs each in-use target group's health check against its
 * targets with AWS's thresholds and reason codes, and the registry the data plane routes by and
 * DescribeTargetHealth reports from.
 */
package io.lbctl.backend.local.health;
