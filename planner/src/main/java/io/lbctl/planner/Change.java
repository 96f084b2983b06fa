package io.lbctl.planner;

import io.lbctl.model.Address;
import java.util.List;
import java.util.Optional;

/**
 * One step of a plan, keyed by the resource's address. {@code before} is the live resource (with
 * its ARN), {@code after} what the spec asks for. A change is data: renderers show it, the
 * backend carries it out, and neither recomputes it.
 */
public sealed interface Change {
    Address address();

    ResourceKind kind();

    /** The resource as it will be created. */
    record Create(Resource after) implements Change {
        @Override
        public Address address() {
            return after.address();
        }

        @Override
        public ResourceKind kind() {
            return after.kind();
        }
    }

    /**
     * Settings changed in place. {@code reason} is present when a target group it points at is
     * being replaced, so its actions must be repointed, whether or not any setting changed too.
     */
    record Update(Resource before, Resource after, List<FieldChange> fields, Optional<String> reason) implements Change {
        public Update {
            fields = List.copyOf(fields);
        }

        @Override
        public Address address() {
            return after.address();
        }

        @Override
        public ResourceKind kind() {
            return after.kind();
        }
    }

    /**
     * A resource AWS cannot change in place. {@code reason} names the fields that force it or the
     * parent being replaced; {@code createFirst} says whether the new one is created before the
     * old one is deleted (a target group in use: create, repoint, drain, delete) or after.
     */
    record Replace(Resource before, Resource after, List<FieldChange> fields, String reason, boolean createFirst)
            implements Change {
        public Replace {
            fields = List.copyOf(fields);
        }

        @Override
        public Address address() {
            return after.address();
        }

        @Override
        public ResourceKind kind() {
            return after.kind();
        }
    }

    /** A live resource the spec no longer has; {@code reason} says why it goes. */
    record Delete(Resource before, String reason) implements Change {
        @Override
        public Address address() {
            return before.address();
        }

        @Override
        public ResourceKind kind() {
            return before.kind();
        }
    }
}
