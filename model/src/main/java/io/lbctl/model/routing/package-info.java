/**
 * ELBv2 request routing as AWS defines it: whole-value wildcards, the case rules of each
 * condition type, OR within a condition and AND across conditions, and first-match-wins by
 * priority. Pure functions over {@link io.lbctl.model.Condition}, shared by the local data plane
 * and any tool that wants to know where a request would go.
 */
package io.lbctl.model.routing;
