/**
 * The local runtime: an ELBv2-compatible control plane and Netty data planes that carry real
 * traffic with AWS's semantics on loopback. It arrives with the local-runtime issues; this
 * module fixes its place on the ladder (it may use model, and shares AWS's rules from
 * {@link io.lbctl.model.aws}).
 */
package io.lbctl.backend.local;
