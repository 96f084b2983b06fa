package io.lbctl.backend.local.store;

/** One load-balancer node: the subnet it sits in, that subnet's zone, and the loopback address it binds. */
public record ZoneNode(String subnet, String zone, String address) {
}
