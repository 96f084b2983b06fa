package io.lbctl.planner;

import io.lbctl.model.Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Desired and live state in, {@link Plan} out. Resources are matched by address (the ownership
 * tag); each matched pair is compared field by field; a difference AWS cannot make in place
 * replaces the resource and everything under it. A target group in use is replaced create-first
 * and the listeners and rules that point at it are repointed; a load balancer is replaced
 * delete-first, since its target groups can belong to one load balancer at a time.
 */
public final class Planner {
    private Planner() {
    }

    public static Plan plan(State desired, State live) {
        List<Change> forward = new ArrayList<>();
        Set<Address> replaced = new HashSet<>();
        Set<Address> deleteFirst = new HashSet<>();
        for (Resource want : desired.resources().values()) {
            Optional<Resource> have = live.get(want.address());
            if (have.isEmpty()) {
                forward.add(new Change.Create(want));
                continue;
            }
            List<FieldChange> fields = diff(want, have.get());
            List<String> forcing = fields.stream().filter(FieldChange::forcesReplacement).map(FieldChange::field).toList();
            Optional<Address> parent = want.parent().filter(replaced::contains);
            if (!forcing.isEmpty() || parent.isPresent()) {
                boolean createFirst = parent.map(p -> !deleteFirst.contains(p)).orElseGet(() -> createFirst(want, forcing));
                String reason = parent.isPresent() ? "its " + parentLabel(want) + " " + parent.get() + " is replaced"
                        : String.join(", ", forcing) + (forcing.size() == 1 ? " forces" : " force") + " replacement";
                replaced.add(want.address());
                if (!createFirst) {
                    deleteFirst.add(want.address());
                }
                forward.add(new Change.Replace(have.get(), want, fields, reason, createFirst));
            } else {
                Optional<Address> repoint = want.references().stream().filter(replaced::contains).findFirst();
                if (repoint.isPresent() && want.kind() == ResourceKind.TARGET) {
                    // A target is registered, never modified: one naming a replaced load balancer is registered again.
                    replaced.add(want.address());
                    forward.add(new Change.Replace(have.get(), want, fields, "it registers " + repoint.get() + ", which is replaced",
                            true));
                } else if (!fields.isEmpty() || repoint.isPresent()) {
                    // The reason stays beside changed settings too: it is what tells apply to repoint the actions.
                    forward.add(new Change.Update(have.get(), want, fields, repoint.map(r -> "repointed to the replacement of " + r)));
                }
            }
        }
        refuseFixedNamesInUse(desired, forward, deleteFirst);
        List<Change> deletes = new ArrayList<>();
        for (Resource have : live.resources().values()) {
            if (desired.get(have.address()).isEmpty()) {
                deletes.add(new Change.Delete(have, deleteReason(have, desired, replaced)));
            }
        }
        forward.sort(Comparator.comparing(Change::kind));
        deletes.sort(Comparator.comparing(Change::kind).reversed());
        List<Change> changes = new ArrayList<>(forward);
        changes.addAll(deletes);
        return new Plan(desired.stack(), changes, live.fingerprint());
    }

    /** Targets carry no tags, so whether lbctl registered one cannot be known; anything else can say. */
    private static String deleteReason(Resource have, State desired, Set<Address> replaced) {
        if (have.kind() == ResourceKind.TARGET) {
            Address group = have.parent().orElseThrow();
            return replaced.contains(group) ? "leaves with the replaced " + group
                    : desired.get(group).isEmpty() ? "leaves with " + group : "registered, but not in the spec";
        }
        boolean owned = have.field("tags." + Ownership.RESOURCE_TAG).isPresent();
        return have.address().path().isEmpty() || !owned ? "not in the spec: created outside lbctl" : "no longer in the spec";
    }

    /**
     * A target group with a name fixed in the spec is replaced by deleting it first, since two
     * cannot share the name; AWS refuses that delete while a listener or rule still forwards to
     * it, and nothing else can take the traffic meanwhile. Said now, before anything changes.
     */
    private static void refuseFixedNamesInUse(State desired, List<Change> forward, Set<Address> deleteFirst) {
        for (Change c : forward) {
            if (c instanceof Change.Replace r && !r.createFirst() && r.kind() == ResourceKind.TARGET_GROUP) {
                List<String> users = desired.resources().values().stream()
                        .filter(u -> u.references().contains(r.address()) && !deleteFirst.contains(u.address()))
                        .map(u -> u.address().toString()).toList();
                if (!users.isEmpty()) {
                    throw new PlanRefusedException(r.address() + " must be replaced (" + r.reason() + "), but its name \""
                            + r.after().field("name").orElse("") + "\" is fixed in the spec and " + String.join(", ", users)
                            + (users.size() == 1 ? " forwards" : " forward") + " to it: AWS allows one target group of a name "
                            + "and refuses to delete one in use. Remove its name (lbctl then names the new one, creates it first "
                            + "and repoints), or give it a new name.");
                }
            }
        }
    }

    /**
     * A fixed name cannot exist twice, so a resource whose name is set and unchanged is deleted
     * before its replacement is created; so is a load balancer, whose target groups would
     * otherwise belong to two load balancers at once.
     */
    private static boolean createFirst(Resource want, List<String> forcing) {
        boolean fixedName = want.field("name").isPresent() && !forcing.contains("name");
        return want.kind() != ResourceKind.LOAD_BALANCER && !fixedName;
    }

    private static String parentLabel(Resource r) {
        return switch (r.kind()) {
            case LISTENER -> ResourceKind.LOAD_BALANCER.label();
            case RULE -> ResourceKind.LISTENER.label();
            default -> ResourceKind.TARGET_GROUP.label();
        };
    }

    /**
     * The fields that differ. A field the spec leaves out is AWS's to compute and is not compared,
     * except tags, conditions and extra certificates, where something present only live is
     * something to remove.
     */
    static List<FieldChange> diff(Resource want, Resource have) {
        List<FieldChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> e : want.fields().entrySet()) {
            Optional<String> before = e.getKey().equals("name") ? have.name() : have.field(e.getKey());
            Optional<String> after = Optional.of(e.getValue());
            if (!Objects.equals(before, after)) {
                changes.add(new FieldChange(e.getKey(), before, after, ReplacementRules.forces(want, e.getKey(), before, after)));
            }
        }
        for (Map.Entry<String, String> e : have.fields().entrySet()) {
            String key = e.getKey();
            boolean removable = key.startsWith("tags.") || key.startsWith("conditions[") || key.equals("extraCertificates");
            if (removable && !want.fields().containsKey(key)) {
                Optional<String> before = Optional.of(e.getValue());
                changes.add(new FieldChange(key, before, Optional.empty(), ReplacementRules.forces(want, key, before, Optional.empty())));
            }
        }
        return changes;
    }
}
