/**
 * The local runtime: a local AWS region for Elastic Load Balancing v2. {@link io.lbctl.backend.local.LocalRuntime}
 * runs the control plane (the ELBv2 Query API over a persisted resource store) on loopback, with
 * its own {@link io.lbctl.backend.local.Topology} of subnets, zones and node addresses, and
 * contacts only its {@link io.lbctl.backend.local.TargetNetworks}. The application load balancers'
 * data plane (package {@code alb}) and the network load balancers' (package {@code nlb}) carry
 * traffic on the same event loops, in the same process.
 */
package io.lbctl.backend.local;
