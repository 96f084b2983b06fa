package io.lbctl.planner;

import io.lbctl.model.Address;
import io.lbctl.model.OrderedMaps;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource as the planner compares it: its logical address, and its settings flattened to
 * named text values ({@code healthCheck.path}, {@code attributes.idle_timeout.timeout_seconds},
 * {@code tags.team}), spelled the same whether they come from a spec or from the live API.
 * {@code name} is the physical name (load balancers and target groups), {@code arn} is known
 * for live resources only, and {@code references} are the addresses the resource points at.
 */
public record Resource(
        Address address,
        ResourceKind kind,
        Map<String, String> fields,
        Optional<String> name,
        Optional<String> arn,
        List<Address> references) {

    public Resource {
        fields = OrderedMaps.copyOf(fields);
        references = List.copyOf(references);
    }

    public Optional<String> field(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    public Resource withArn(String arn) {
        return new Resource(address, kind, fields, name, Optional.of(arn), references);
    }

    /** The address of the resource this one belongs to: a listener's load balancer, a rule's listener, a target's group. */
    public Optional<Address> parent() {
        List<String> path = address.path();
        return switch (kind) {
            case TARGET_GROUP, LOAD_BALANCER -> Optional.empty();
            case LISTENER, RULE, TARGET -> Optional.of(new Address(path.subList(0, path.size() - 2)));
        };
    }
}
