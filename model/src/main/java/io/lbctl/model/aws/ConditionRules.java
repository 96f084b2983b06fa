package io.lbctl.model.aws;

import io.lbctl.model.Condition;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** AWS's rules for the values of listener-rule conditions (ALB user guide, listener rules). */
public final class ConditionRules {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.*?-]+");
    private static final Pattern HOST_TLD = Pattern.compile(".*\\.[A-Za-z]+");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_\\-.$/~\"'@:+&*?]+");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z_-]+");
    private static final Pattern VISIBLE = Pattern.compile("[\\x20-\\x7e]*");

    private ConditionRules() {
    }

    /** Problems with one value of a condition of type {@code field}; query-string pairs go to {@link #checkQueryPart}. */
    public static Optional<Violation> checkValue(String field, String value) {
        if (value.isEmpty()) {
            return Optional.of(Violation.of("condition.value.empty", field + " values cannot be empty"));
        }
        if (value.length() > ElbLimits.MAX_CONDITION_VALUE_LENGTH) {
            return tooLong(field + " value", value);
        }
        return switch (field) {
            case "host-header" -> checkHost(value);
            case "path-pattern" -> PATH.matcher(value).matches() ? Optional.empty() : Optional.of(Violation.of(
                    "condition.path.characters", "path pattern '" + value + "' has a character AWS does not allow",
                    "path patterns may use A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & and the wildcards * ?"));
            case "http-request-method" -> value.length() > ElbLimits.MAX_METHOD_LENGTH ? Optional.of(Violation.of(
                    "condition.method.length", "HTTP method has " + value.length() + " characters; AWS allows at most "
                            + ElbLimits.MAX_METHOD_LENGTH)) : METHOD.matcher(value).matches() ? Optional.empty() : Optional.of(Violation.of(
                    "condition.method.characters", "HTTP method '" + value + "' may contain only A-Z, '-' and '_'",
                    "methods are matched case-sensitively and without wildcards: write GET, not get"));
            case "source-ip" -> checkCidr(value);
            default -> VISIBLE.matcher(value).matches() ? Optional.empty() : Optional.of(Violation.of(
                    "condition.value.characters", field + " value contains a control or non-ASCII character"));
        };
    }

    /**
     * Problems with one regular expression of a host, path or header condition: AWS's length and
     * character limits, Java's syntax, and the features AWS refuses (lookaround, backreferences,
     * atomic groups, possessive quantifiers, recursion and subroutines, Unicode classes).
     */
    public static Optional<Violation> checkRegex(String field, String value) {
        if (value.isEmpty()) {
            return Optional.of(Violation.of("condition.value.empty", field + " regular expressions cannot be empty"));
        }
        if (value.length() > ElbLimits.MAX_CONDITION_VALUE_LENGTH) {
            return tooLong(field + " regular expression", value);
        }
        if (!VISIBLE.matcher(value).matches()) {
            return Optional.of(Violation.of("condition.value.characters",
                    field + " regular expression contains a control or non-ASCII character"));
        }
        Optional<String> unsupported = RegexFeatures.unsupported(value);
        if (unsupported.isPresent()) {
            return Optional.of(Violation.of("condition.regex.unsupported", field + " regular expression '" + value
                    + "' uses " + unsupported.get() + ", which AWS does not support"));
        }
        try {
            Pattern.compile(value);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(Violation.of("condition.regex.syntax", field + " regular expression '" + value
                    + "' is not valid: " + e.getDescription() + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")));
        }
    }

    /** Problems with the name of an http-header condition. */
    public static Optional<Violation> checkHeaderName(String name) {
        if (name.isEmpty() || name.length() > ElbLimits.MAX_HEADER_NAME_LENGTH || !TOKEN.matcher(name).matches()) {
            return Optional.of(Violation.of("condition.header.name",
                    "header name '" + name + "' must be 1-" + ElbLimits.MAX_HEADER_NAME_LENGTH + " token characters"));
        }
        if (name.equalsIgnoreCase("host")) {
            return Optional.of(Violation.of("condition.header.host",
                    "an http-header condition cannot match the Host header", "use a hostHeader condition"));
        }
        return Optional.empty();
    }

    /** Problems with a key or value of a query-string pair; {@code part} is "key" or "value". */
    public static Optional<Violation> checkQueryPart(String part, String text) {
        if (text.isEmpty()) {
            return Optional.of(Violation.of("condition.value.empty", "query-string " + part + " cannot be empty"));
        }
        if (text.length() > ElbLimits.MAX_CONDITION_VALUE_LENGTH) {
            return tooLong("query-string " + part, text);
        }
        if (!VISIBLE.matcher(text).matches()) {
            return Optional.of(Violation.of("condition.value.characters",
                    "query-string " + part + " contains a control or non-ASCII character"));
        }
        return Optional.empty();
    }

    /** The number of values one condition may have: 5 CIDRs for source-ip, 3 otherwise. */
    public static int maxValues(Condition condition) {
        return condition instanceof Condition.SourceIp ? ElbLimits.MAX_SOURCE_IP_VALUES : ElbLimits.MAX_VALUES_PER_CONDITION;
    }

    /**
     * Wildcards ({@code *} and {@code ?}) a condition uses; escaped ones in query strings do not
     * count, nor do a regular expression's quantifiers.
     */
    public static int wildcards(Condition condition) {
        if (condition instanceof Condition.SourceIp || condition instanceof Condition.HttpRequestMethod || condition.regex()) {
            return 0;
        }
        int count = 0;
        for (String value : condition.values()) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' && condition instanceof Condition.QueryString) {
                    i++;
                } else if (c == '*' || c == '?') {
                    count++;
                }
            }
        }
        return count;
    }

    /** Problems with a rule's conditions taken together: match evaluations and wildcards per rule. */
    public static Optional<Violation> checkRule(List<Condition> conditions) {
        if (conditions.stream().anyMatch(c -> c.values().size() > maxValues(c))) {
            return Optional.empty(); // the condition's own limit is the mistake to report
        }
        int values = conditions.stream().mapToInt(c -> c.values().size()).sum();
        if (values > ElbLimits.MAX_VALUES_PER_RULE) {
            return Optional.of(Violation.of("rule.values.limit", "rule has " + values
                    + " condition values; AWS allows at most " + ElbLimits.MAX_VALUES_PER_RULE + " per rule",
                    "split the rule in two, or use a wildcard"));
        }
        int wildcards = conditions.stream().mapToInt(ConditionRules::wildcards).sum();
        if (wildcards > ElbLimits.MAX_WILDCARDS_PER_RULE) {
            return Optional.of(Violation.of("rule.wildcards.limit", "rule uses " + wildcards
                    + " wildcards; AWS allows at most " + ElbLimits.MAX_WILDCARDS_PER_RULE + " per rule"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> tooLong(String what, String value) {
        return Optional.of(Violation.of("condition.value.length", what + " has " + value.length()
                + " characters; AWS allows at most " + ElbLimits.MAX_CONDITION_VALUE_LENGTH));
    }

    private static Optional<Violation> checkHost(String value) {
        if (!HOST.matcher(value).matches()) {
            return Optional.of(Violation.of("condition.host.characters",
                    "host name '" + value + "' may contain only A-Z a-z 0-9 - . and the wildcards * ?"));
        }
        if (!HOST_TLD.matcher(value).matches()) {
            return Optional.of(Violation.of("condition.host.form",
                    "host name '" + value + "' must contain a '.' and only letters after the last '.'",
                    "to match every subdomain write *.example.com"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> checkCidr(String value) {
        if (!IpAddresses.isCidr(value)) {
            return Optional.of(Violation.of("condition.sourceIp.cidr",
                    "source IP '" + value + "' is not a CIDR block", "write 192.0.2.0/24, or 192.0.2.7/32 for one address"));
        }
        if (value.equals("255.255.255.255/32")) {
            return Optional.of(Violation.of("condition.sourceIp.broadcast", "AWS refuses the source IP 255.255.255.255/32"));
        }
        return Optional.empty();
    }
}
