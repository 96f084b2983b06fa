/**
 * The network load balancers' data plane: TCP listeners relayed byte for byte, TLS listeners
 * terminated and UDP datagrams relayed by flow, with AWS's semantics on one machine. Each
 * listener binds its port on each of its load balancer's
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
 * <p>TLS listeners: the certificate is picked by SNI among the listener's default certificate and
 * those AddListenerCertificates added (no name, or no match, gets the default), and the handshake
 * speaks exactly the listener's SSL policy's protocols and ciphers, the server's order winning,
 * with the same code as ALB's HTTPS listeners ({@link io.lbctl.backend.local.tls}). The ALPN
 * policy's list is offered in its order: the first protocol of the list the client also offers is
 * chosen, and a client that offers none of them, or no ALPN at all, is served without ALPN, as
 * AWS documents ("otherwise, the load balancer does not use ALPN"); {@code None} offers nothing. A
 * TCP target group then gets the decrypted bytes; a TLS target group gets them re-encrypted under
 * ELBSecurityPolicy-TLS13-1-0-2021-06 when the listener's policy allows TLS 1.3, else
 * ELBSecurityPolicy-2016-08, the target's certificate unchecked, with the protocol agreed with the
 * client offered to it by ALPN. A TCP listener never looks into TLS: a handshake passes through to
 * the target untouched.
 *
 * <p>Connections: {@code proxy_protocol_v2.enabled} puts a v2 header ({@link
 * io.lbctl.backend.local.nlb.ProxyProtocolV2}) before the first byte, ahead of TLS to a TLS target;
 * headers the client sent itself, v1 text or v2, follow it untouched, as AWS keeps them. AWS's
 * NLB speaks only v2 (its one setting is {@code proxy_protocol_v2.enabled}; v1 text belongs to the
 * Classic Load Balancer's ProxyProtocolPolicyType), so no setting asks for v1. HTTP and HTTPS health
 * checks of such a group carry AWS's LOCAL header ({@link
 * io.lbctl.backend.local.health.HealthCheckProxyHeader}). A FIN from either side is passed on as
 * a half-close, and the connection ends when both sides are done ({@link HalfClosure}). A
 * deregistered target's open connections carry on through {@code
 * deregistration_delay.timeout_seconds} and are then reset if {@code
 * deregistration_delay.connection_termination.enabled}. A target that turns unhealthy has its
 * connections reset unless its node fails open or {@code
 * target_health_state.unhealthy.connection_termination.enabled} is false ({@link
 * UnhealthyTargets}). The listener attribute {@code tcp.idle_timeout.seconds} (default 350) resets
 * a connection with no data either way for that long; AWS drops the flow silently and resets on
 * the next packet, the local runtime resets both ends at once. With {@code
 * preserve_client_ip.enabled} (AWS's default for UDP, and for instance targets) a target sees the
 * client's address: the connection or flow to it is bound to that address, which any loopback
 * address can be without privileges, on a port of its own, since the client's port belongs to the
 * client's socket. Without it, targets see the node's address and learn the client's from the proxy
 * protocol header. AWS's hairpin limit (a target that connects to itself through the NLB with
 * preservation on times out) is not reproduced: locally, clients and targets share 127.0.0.1.
 *
 * <p>UDP and TCP_UDP listeners ({@link UdpRelay}): a UDP socket per node address and port, beside
 * the TCP one for TCP_UDP. A flow is a client address and port; its first datagram chooses a
 * target by the same rules as a TCP connection, hashing the 5-tuple alone, and the flow gets its
 * own socket from the node's address to that target, whose replies go back to the client from the
 * listener's address and port. A flow idle for 120 s either way is forgotten, so the next datagram
 * starts a new one. A deregistered target's flows carry on through its deregistration delay and
 * are then closed when {@code deregistration_delay.connection_termination.enabled}, which AWS
 * turns on by default for UDP and TCP_UDP groups; an unhealthy target's flows end as its TCP
 * connections do. While an unhealthy target's connections drain, DescribeTargetHealth shows it
 * as {@code unhealthy.draining}.
 */
package io.lbctl.backend.local.nlb;
