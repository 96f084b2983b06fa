/**
 * The network load balancers' data plane: TCP listeners relayed byte for byte, with AWS's
 * semantics on one machine. Each TCP listener binds its port on each of its load balancer's
 * zone-node addresses (a subnet's loopback address in the runtime's topology), so a client that
 * connects to zone A's address is served by zone A's node, which connects to the target from that
 * same address, as an NLB without client IP preservation does. A new connection's target is
 * chosen once and kept: a flow hash over the 5-tuple plus a random number standing for the TCP
 * sequence number AWS adds, or, with {@code stickiness.type source_ip}, a hash of the client's
 * address alone.
 *
 * <p>Zones: an IP target's zone is the AvailabilityZone it was registered with; otherwise, when
 * its address is a subnet's node address, that subnet's zone; otherwise {@code all}, since
 * loopback addresses carry no subnet (AWS places an address by the VPC subnet it lies in and
 * requires a zone for one outside the VPC). DescribeTargetHealth reports the same zone
 * ({@link io.lbctl.backend.local.TargetZones}). A target in a zone not enabled on the load
 * balancer gets no traffic. With cross-zone off (the NLB default, load-balancer attribute
 * {@code load_balancing.cross_zone.enabled}) a node sends only to targets of its own zone and
 * to {@code all} targets; with it on, to every one. The target group's
 * {@code load_balancing.cross_zone.enabled} ({@code true}, {@code false}) overrides the load
 * balancer's unless it is {@code use_load_balancer_configuration}.
 *
 * <p>Health: only healthy targets get new connections; a node whose targets in scope count fewer
 * healthy ones than the group's {@code target_group_health.unhealthy_state_routing} threshold (by
 * default: none healthy; {@code initial} counts as not healthy) fails open to all of them. AWS
 * also takes such a zone's address out of DNS; clients here connect to the static addresses, so
 * that part has no local effect. Targets outside the runtime's target networks are never
 * contacted. No target at all, or a target that refuses, resets the client's connection.
 *
 * <p>Connections: {@code proxy_protocol_v2.enabled} puts a v2 header ({@link
 * io.lbctl.backend.local.nlb.ProxyProtocolV2}) before the first byte. A deregistered target's
 * open connections carry on through {@code deregistration_delay.timeout_seconds} and are then
 * reset if {@code deregistration_delay.connection_termination.enabled}. The listener attribute
 * {@code tcp.idle_timeout.seconds} (default 350) resets a connection with no data either way for
 * that long; AWS drops the flow silently and resets on the next packet, the local runtime resets
 * both ends at once. {@code preserve_client_ip.enabled} cannot be reproduced without privileges:
 * targets always see the node's address, and learn the client's from the proxy protocol header.
 * Not carried yet: TLS, UDP, TCP_UDP and QUIC listeners (reported as problems), half-closed
 * connections (a FIN from either side closes both, as Netty's HexDumpProxy does), and
 * {@code target_health_state.unhealthy.connection_termination.enabled}.
 */
package io.lbctl.backend.local.nlb;
