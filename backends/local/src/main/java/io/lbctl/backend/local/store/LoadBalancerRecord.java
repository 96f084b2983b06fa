package io.lbctl.backend.local.store;

import io.lbctl.model.IpAddressType;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Scheme;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A load balancer as the control plane keeps it. {@code attributes} holds only what was set;
 * describes fill in AWS's defaults. The state is derived from the creation time: a new load
 * balancer is {@code provisioning} until its nodes are ready, then {@code active}.
 */
public record LoadBalancerRecord(
        String arn,
        String name,
        LoadBalancerType type,
        Scheme scheme,
        IpAddressType ipAddressType,
        String vpcId,
        List<ZoneNode> zones,
        List<String> securityGroups,
        String dnsName,
        Instant createdTime,
        Map<String, String> attributes) {

    public LoadBalancerRecord {
        zones = List.copyOf(zones);
        securityGroups = List.copyOf(securityGroups);
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public LoadBalancerRecord withAttributes(Map<String, String> changed) {
        Map<String, String> merged = new TreeMap<>(attributes);
        merged.putAll(changed);
        return new LoadBalancerRecord(arn, name, type, scheme, ipAddressType, vpcId, zones, securityGroups, dnsName,
                createdTime, merged);
    }

    public LoadBalancerRecord withZones(List<ZoneNode> newZones) {
        return new LoadBalancerRecord(arn, name, type, scheme, ipAddressType, vpcId, newZones, securityGroups, dnsName,
                createdTime, attributes);
    }

    public LoadBalancerRecord withSecurityGroups(List<String> groups) {
        return new LoadBalancerRecord(arn, name, type, scheme, ipAddressType, vpcId, zones, groups, dnsName,
                createdTime, attributes);
    }

    public LoadBalancerRecord withIpAddressType(IpAddressType type) {
        return new LoadBalancerRecord(arn, name, this.type, scheme, type, vpcId, zones, securityGroups, dnsName,
                createdTime, attributes);
    }

    /** {@code provisioning} until {@code provisioning} has passed since creation, then {@code active}. */
    public String state(Instant now, java.time.Duration provisioning) {
        return now.isBefore(createdTime.plus(provisioning)) ? "provisioning" : "active";
    }
}
