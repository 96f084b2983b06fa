package io.lbctl.backend.local.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ALB's slow start rule: who enters it, and the linear share while in it. */
class HealthRegistrySlowStartTest {
    private static final String TG = "arn:tg";
    private static final Duration RAMP = Duration.ofSeconds(30);
    private final HealthRegistry registry = new HealthRegistry();
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aTargetTurningHealthyBesideASettledOneRampsUpLinearly() {
        registry.put(TG, "a", 80, TargetHealth.HEALTHY, RAMP, t0);
        registry.put(TG, "b", 80, TargetHealth.HEALTHY, RAMP, t0.plusSeconds(10));
        assertThat(registry.trafficShare(TG, "a", 80, t0.plusSeconds(10))).isEqualTo(1.0);
        assertThat(registry.trafficShare(TG, "b", 80, t0.plusSeconds(10))).isEqualTo(0.0);
        assertThat(registry.trafficShare(TG, "b", 80, t0.plusSeconds(25))).isCloseTo(0.5, within(1e-9));
        assertThat(registry.trafficShare(TG, "b", 80, t0.plusSeconds(40))).isEqualTo(1.0);
    }

    @Test
    void theFirstHealthyTargetAndOneBesideOnlyRampingTargetsDoNotRamp() {
        registry.put(TG, "a", 80, TargetHealth.HEALTHY, RAMP, t0);
        assertThat(registry.trafficShare(TG, "a", 80, t0)).isEqualTo(1.0);
        registry.put(TG, "b", 80, TargetHealth.HEALTHY, RAMP, t0.plusSeconds(1));
        registry.put(TG, "a", 80, new TargetHealth("unhealthy", "Target.Timeout", "Request timed out"), RAMP, t0.plusSeconds(2));
        registry.put(TG, "c", 80, TargetHealth.HEALTHY, RAMP, t0.plusSeconds(3));
        assertThat(registry.trafficShare(TG, "c", 80, t0.plusSeconds(3))).as("b is still ramping").isEqualTo(1.0);
    }

    @Test
    void aTargetThatFallsUnhealthyRampsAgainWhenItRecovers() {
        registry.put(TG, "a", 80, TargetHealth.HEALTHY, RAMP, t0);
        registry.put(TG, "b", 80, TargetHealth.HEALTHY, RAMP, t0);
        registry.put(TG, "b", 80, new TargetHealth("unhealthy", "Target.Timeout", "Request timed out"), RAMP, t0.plusSeconds(100));
        registry.put(TG, "b", 80, TargetHealth.HEALTHY, RAMP, t0.plusSeconds(200));
        assertThat(registry.trafficShare(TG, "b", 80, t0.plusSeconds(215))).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void noSlowStartMeansFullShareAtOnce() {
        registry.put(TG, "a", 80, TargetHealth.HEALTHY, Duration.ZERO, t0);
        registry.put(TG, "b", 80, TargetHealth.HEALTHY, Duration.ZERO, t0);
        assertThat(registry.trafficShare(TG, "b", 80, t0)).isEqualTo(1.0);
    }
}
