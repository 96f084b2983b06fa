/**
 * The application load balancer's data plane on Netty: HTTP listeners on each zone node's
 * loopback address, rules matched by {@link io.lbctl.model.routing.RuleMatcher}, fixed
 * responses, redirects and forwards to targets with the headers ALB adds, rebuilt from the
 * control plane's store on every change.
 */
package io.lbctl.backend.local.alb;
