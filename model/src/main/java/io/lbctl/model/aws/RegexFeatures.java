package io.lbctl.model.aws;

import java.util.Optional;

/**
 * Finds the regular-expression features AWS refuses in rule conditions (ALB user guide,
 * listener rules): lookaheads, lookbehinds, backreferences, atomic groups, possessive
 * quantifiers, subroutines, recursion and Unicode character classes. Java's syntax has most of
 * them, so they must be refused by name rather than left to compile.
 */
final class RegexFeatures {
    private RegexFeatures() {
    }

    /** The first refused feature in {@code regex}, named for a person, or empty. */
    static Optional<String> unsupported(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
            if (c == '\\') {
                if (next == 'p' || next == 'P') {
                    return Optional.of("a Unicode character class (\\" + next + ")");
                }
                if (!inClass && (next >= '1' && next <= '9' || next == 'k' || next == 'g')) {
                    return Optional.of("a backreference (\\" + next + ")");
                }
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (next == '^') {
                    i++;
                    next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
                }
                if (next == ']') {
                    i++; // a ']' first in a class is literal
                }
            } else if (c == '(' && next == '?') {
                Optional<String> group = group(regex.substring(i + 2));
                if (group.isPresent()) {
                    return group;
                }
                i++; // the '?' opens the group; it is no quantifier
            } else if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
                return Optional.of("a possessive quantifier (" + c + "+)");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> group(String rest) {
        if (rest.startsWith("=") || rest.startsWith("!")) {
            return Optional.of("a lookahead (?" + rest.charAt(0) + ")");
        }
        if (rest.startsWith("<=") || rest.startsWith("<!")) {
            return Optional.of("a lookbehind (?" + rest.substring(0, 2) + ")");
        }
        if (rest.startsWith(">")) {
            return Optional.of("an atomic group (?>)");
        }
        if (rest.startsWith("R") || rest.startsWith("&") || rest.startsWith("P>")
                || !rest.isEmpty() && (Character.isDigit(rest.charAt(0)) || rest.matches("[+-]\\d.*"))) {
            return Optional.of("recursion or a subroutine call");
        }
        return Optional.empty();
    }
}
