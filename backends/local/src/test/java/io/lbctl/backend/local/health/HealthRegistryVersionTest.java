package io.lbctl.backend.local.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The version a reader caches by moves only once the change it counts is in place. A reader
 * (the data plane's target chooser) reads the version, then the health, and keeps what it
 * derived until the version moves; one that reads in the middle of a change must find its
 * cache stale afterwards, never a current version paired with the health from before.
 */
class HealthRegistryVersionTest {
    private static final String TG = "arn:tg";
    private static final String OTHER_TG = "arn:other";
    private final HealthRegistry registry = new HealthRegistry();

    /** What a reader cached on its first look, taken while the registry was changing. */
    private long cachedVersion = -1;
    private boolean cachedBHealthy;

    @BeforeEach
    void twoHealthyTargets() {
        registry.put(TG, "a", 80, TargetHealth.HEALTHY);
        registry.put(TG, "b", 80, TargetHealth.HEALTHY);
        registry.put(OTHER_TG, "c", 80, TargetHealth.HEALTHY);
    }

    /** A set the registry consults while it is removing entries: each look reads as a reader would. */
    private Set<String> readingDuringTheChange(Set<String> members) {
        return new HashSet<>(members) {
            @Override
            public boolean contains(Object o) {
                if (cachedVersion < 0) {
                    cachedVersion = registry.version();
                    cachedBHealthy = registry.healthy(TG, "b", 80);
                }
                return super.contains(o);
            }
        };
    }

    @Test
    void forgettingTargetsMovesTheVersionOnlyOnceTheyAreGone() {
        long before = registry.version();
        registry.retain(TG, readingDuringTheChange(Set.of("a:80")));
        assertThat(cachedVersion).as("the registry was read in the middle of the change").isNotNegative();
        assertThat(cachedBHealthy).as("b was not gone yet when the reader looked").isTrue();
        assertThat(registry.healthy(TG, "b", 80)).isFalse();
        assertThat(cachedVersion).as("the version the reader saw mid-change").isEqualTo(before);
        assertThat(registry.version()).as("and it moved once b was gone, so that cache is stale").isGreaterThan(cachedVersion);
    }

    @Test
    void forgettingGroupsMovesTheVersionOnlyOnceTheyAreGone() {
        long before = registry.version();
        registry.retainGroups(readingDuringTheChange(Set.of(OTHER_TG)));
        assertThat(cachedBHealthy).as("TG was not gone yet when the reader looked").isTrue();
        assertThat(registry.healthy(TG, "b", 80)).isFalse();
        assertThat(cachedVersion).isEqualTo(before);
        assertThat(registry.version()).isGreaterThan(cachedVersion);
    }

    @Test
    void everyChangeMovesTheVersion() {
        long v0 = registry.version();
        registry.put(TG, "a", 80, new TargetHealth("unhealthy", "Target.Timeout", "Request timed out"));
        long v1 = registry.version();
        registry.retain(TG, Set.of("a:80"));
        long v2 = registry.version();
        registry.retainGroups(Set.of());
        assertThat(v0).isLessThan(v1);
        assertThat(v1).isLessThan(v2);
        assertThat(v2).isLessThan(registry.version());
    }
}
