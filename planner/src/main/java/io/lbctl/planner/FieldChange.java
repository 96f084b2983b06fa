package io.lbctl.planner;

import java.util.Optional;

/**
 * One setting that differs: its value now and after the change (empty when absent), and whether
 * AWS can change it only by replacing the resource.
 */
public record FieldChange(String field, Optional<String> before, Optional<String> after, boolean forcesReplacement) {
}
