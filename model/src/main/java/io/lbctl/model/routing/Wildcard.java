package io.lbctl.model.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * An ALB condition value: whole-value matching where {@code *} matches any run of characters
 * (including none) and {@code ?} exactly one. In query-string values a backslash makes the
 * next character literal. Matching is linear in practice (greedy star with one backtrack point),
 * so a value of 128 characters with five wildcards cannot blow up.
 */
public final class Wildcard {
    private static final char STAR = '\uE000';
    private static final char ONE = '\uE001';

    private final char[] pattern;
    private final boolean ignoreCase;

    private Wildcard(char[] pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
    }

    /** A pattern where * and ? are wildcards; {@code escapes}: a backslash quotes the next character. */
    public static Wildcard of(String value, boolean ignoreCase, boolean escapes) {
        List<Character> out = new ArrayList<>();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escapes && c == '\\' && i + 1 < value.length()) {
                out.add(fold(value.charAt(++i), ignoreCase));
            } else if (c == '*') {
                out.add(STAR);
            } else if (c == '?') {
                out.add(ONE);
            } else {
                out.add(fold(c, ignoreCase));
            }
        }
        char[] p = new char[out.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = out.get(i);
        }
        return new Wildcard(p, ignoreCase);
    }

    /** True when the whole of {@code text} matches. */
    public boolean matches(String text) {
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            char c = fold(text.charAt(t), ignoreCase);
            if (p < pattern.length && (pattern[p] == ONE || (pattern[p] == c && pattern[p] != STAR))) {
                t++;
                p++;
            } else if (p < pattern.length && pattern[p] == STAR) {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == STAR) {
            p++;
        }
        return p == pattern.length;
    }

    private static char fold(char c, boolean ignoreCase) {
        return ignoreCase ? Character.toLowerCase(c) : c;
    }

}
