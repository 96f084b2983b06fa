package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import io.lbctl.model.diag.Span;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns YAML text into a JSON tree and a {@link SourceMap}, straight from SnakeYAML Engine's event
 * stream rather than its composer, so that every hostile input ends in a diagnostic: duplicate
 * keys are all reported (not just the first), nesting is capped before recursion could overflow,
 * and aliases are charged for the nodes they expand to, which stops "billion laughs" documents.
 */
public final class YamlTreeReader {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 100_000;
    public static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ScalarResolver RESOLVER = new CoreScalarResolver(false);
    private static final String DETACHED = "\u0000detached";
    private static final java.util.Set<String> FATAL = java.util.Set.of(
            "yaml.syntax", "yaml.too-large", "yaml.too-many-nodes", "yaml.too-deep", "yaml.multiple-documents");

    private final String file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<String, Span> valueSpans = new HashMap<>();
    private final Map<String, Span> keySpans = new HashMap<>();
    private final Map<Anchor, Anchored> anchors = new HashMap<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final java.util.Set<String> flagged = new java.util.HashSet<>();
    private boolean scalarFlagged;
    private long nodes;
    private JsonNode root;

    private record Anchored(JsonNode node, long size) {
    }

    /** A collection being built: its node, its address, its start and the key waiting for a value. */
    private static final class Frame {
        final JsonNode node;
        final Address address;
        final Optional<Anchor> anchor;
        final long nodesAtStart;
        final Map<String, Span> keys = new HashMap<>();
        String pendingKey;
        /** The next value belongs to a rejected key and must not be attached. */
        boolean skipValue;

        Frame(JsonNode node, Address address, Optional<Anchor> anchor, long nodesAtStart) {
            this.node = node;
            this.address = address;
            this.anchor = anchor;
            this.nodesAtStart = nodesAtStart;
        }

        boolean expectsKey() {
            return node.isObject() && pendingKey == null && !skipValue;
        }
    }

    private YamlTreeReader(String file) {
        this.file = file;
    }

    /** Reads {@code text}, which came from {@code file}, never throwing for any input. */
    public static YamlTree read(String file, String text) {
        return new YamlTreeReader(file).run(text);
    }

    private YamlTree run(String text) {
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            error(SpecDiagnostics.at("yaml.too-large", "file is larger than " + MAX_CODE_POINTS + " characters",
                    Span.at(file, 1, 1)));
            return finish();
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file).setCodePointLimit(MAX_CODE_POINTS)
                .setAllowDuplicateKeys(true).build();
        try {
            ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
            int documents = 0;
            while (parser.hasNext()) {
                Event event = parser.next();
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        if (++documents == 2) {
                            error(SpecDiagnostics.at("yaml.multiple-documents",
                                    "a spec file holds one YAML document; this is the second", span(event)));
                            return finish();
                        }
                    }
                    case Scalar -> scalar((ScalarEvent) event);
                    case Alias -> alias((AliasEvent) event);
                    case MappingStart -> {
                        if (!open(event, JSON.objectNode())) {
                            return finish();
                        }
                    }
                    case SequenceStart -> {
                        if (!open(event, JSON.arrayNode())) {
                            return finish();
                        }
                    }
                    case MappingEnd, SequenceEnd -> close(event);
                    default -> {
                    }
                }
                if (nodes > MAX_NODES) {
                    error(SpecDiagnostics.at("yaml.too-many-nodes", "document expands to more than " + MAX_NODES
                            + " nodes", span(event)).withHint("aliases multiply what they repeat; is this a YAML bomb?"));
                    return finish();
                }
            }
        } catch (MarkedYamlEngineException e) {
            error(syntaxError(e));
        } catch (YamlEngineException e) {
            error(SpecDiagnostics.at("yaml.syntax", YamlErrors.clean(e.getMessage()), Span.at(file, 1, 1)));
        }
        return finish();
    }

    private YamlTree finish() {
        boolean fatal = diagnostics.stream().anyMatch(d -> FATAL.contains(d.code()));
        Optional<JsonNode> tree = fatal || root == null ? Optional.empty() : Optional.of(root);
        if (!fatal && root == null) {
            error(SpecDiagnostics.at("yaml.empty", "file is empty", Span.at(file, 1, 1))
                    .withHint("a spec starts with 'version: lbctl/v1'; an overlay with 'version: lbctl-overlay/v1'"));
        }
        return new YamlTree(tree, new SourceMap(file, valueSpans, keySpans), diagnostics, flagged);
    }

    private boolean open(Event event, JsonNode node) {
        if (stack.size() >= MAX_DEPTH) {
            error(SpecDiagnostics.at("yaml.too-deep", "nesting is deeper than " + MAX_DEPTH + " levels", span(event)));
            return false;
        }
        Optional<Anchor> anchor = ((NodeEvent) event).getAnchor();
        Address address = place(event, node);
        nodes++;
        Frame frame = new Frame(node, address, anchor, nodes);
        checkTag(event instanceof MappingStartEvent m ? m.getTag() : ((SequenceStartEvent) event).getTag(),
                event instanceof MappingStartEvent ? Tag.MAP : Tag.SEQ, event);
        stack.push(frame);
        return true;
    }

    private void close(Event event) {
        Frame frame = stack.pop();
        valueSpans.computeIfPresent(frame.address.pointer(),
                (k, s) -> new Span(file, s.line(), s.column(), line(event, true), column(event, true)));
        frame.anchor.ifPresent(a -> anchors.put(a, new Anchored(frame.node, nodes - frame.nodesAtStart + 1)));
    }

    private void scalar(ScalarEvent event) {
        Frame parent = stack.peek();
        if (parent != null && parent.expectsKey()) {
            key(parent, event);
            return;
        }
        scalarFlagged = false;
        JsonNode node = scalarNode(event);
        nodes++;
        Address address = place(event, node);
        if (scalarFlagged) {
            flagged.add(address.pointer());
        }
        event.getAnchor().ifPresent(a -> anchors.put(a, new Anchored(node, 1)));
    }

    private void alias(AliasEvent event) {
        Frame parent = stack.peek();
        Anchored target = anchors.get(event.getAlias());
        if (target == null) {
            boolean recursive = stack.stream().anyMatch(f -> f.anchor.filter(event.getAlias()::equals).isPresent());
            error(recursive
                    ? SpecDiagnostics.at("yaml.alias", "alias *" + event.getAlias() + " refers to a collection that "
                            + "contains it", span(event)).withHint("a spec cannot be recursive")
                    : SpecDiagnostics.at("yaml.alias", "alias *" + event.getAlias() + " names no anchor", span(event))
                            .withHint("an anchor (&name) must come before its aliases (*name)"));
            if (parent != null && parent.node.isObject()) {
                if (parent.pendingKey != null) {
                    keySpans.remove(parent.address.child(parent.pendingKey).pointer());
                    parent.pendingKey = null;
                } else {
                    parent.skipValue = true; // the alias stood for a key: drop its value too
                }
            }
            return;
        }
        if (parent != null && parent.expectsKey()) {
            error(SpecDiagnostics.at("yaml.key-type", "mapping keys must be plain strings, not aliases", span(event)));
            parent.skipValue = true;
            return;
        }
        nodes += target.size();
        place(event, target.node());
    }

    private void key(Frame parent, ScalarEvent event) {
        String key = event.getValue();
        Span span = span(event);
        Span first = parent.keys.putIfAbsent(key, span);
        if (first != null) {
            error(SpecDiagnostics.at("yaml.duplicate-key", "duplicate key '" + key + "'", span)
                    .withHint("first defined at line " + first.line()));
            parent.skipValue = true;
            return;
        }
        parent.pendingKey = key;
        keySpans.put(parent.address.child(key).pointer(), span);
    }

    /**
     * Puts {@code node} under the current parent and returns its address. The value of a rejected
     * key (a duplicate, or a key that is not a scalar) is built but left detached.
     */
    private Address place(Event event, JsonNode node) {
        Frame parent = stack.peek();
        Address address;
        if (parent == null) {
            root = node;
            address = Address.ROOT;
        } else if (parent.node instanceof ArrayNode array) {
            address = parent.address.index(array.size());
            array.add(node);
        } else if (parent.skipValue) {
            parent.skipValue = false;
            return parent.address.child(DETACHED);
        } else if (parent.pendingKey == null) {
            if (!parent.address.path().contains(DETACHED)) {
                error(SpecDiagnostics.at("yaml.key-type", "mapping keys must be plain strings", span(event)));
            }
            parent.skipValue = true;
            return parent.address.child(DETACHED);
        } else {
            address = parent.address.child(parent.pendingKey);
            ((ObjectNode) parent.node).set(parent.pendingKey, node);
            parent.pendingKey = null;
        }
        valueSpans.put(address.pointer(), span(event));
        return address;
    }

    private JsonNode scalarNode(ScalarEvent event) {
        Tag tag = event.getTag().map(Tag::new)
                .orElseGet(() -> RESOLVER.resolve(event.getValue(), event.getImplicit().canOmitTagInPlainScalar()));
        if (event.getTag().isPresent() && event.getTag().get().equals("!")) {
            tag = Tag.STR;
        }
        String value = event.getValue();
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        } else if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(value.equalsIgnoreCase("true"));
        } else if (tag.equals(Tag.INT)) {
            return integer(value, event);
        } else if (tag.equals(Tag.FLOAT)) {
            return floating(value, event);
        } else if (!tag.equals(Tag.STR)) {
            error(SpecDiagnostics.at("yaml.tag", "unsupported YAML tag " + tag.getValue(), span(event)));
            scalarFlagged = true;
        }
        return JSON.textNode(value);
    }

    private JsonNode integer(String text, ScalarEvent event) {
        String digits = text.replace("_", "");
        int radix = 10;
        boolean negative = digits.startsWith("-");
        if (digits.startsWith("-") || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            value = negative ? value.negate() : value;
            return value.bitLength() < 32 ? JSON.numberNode(value.intValue())
                    : value.bitLength() < 64 ? JSON.numberNode(value.longValue()) : JSON.numberNode(value);
        } catch (NumberFormatException e) {
            error(SpecDiagnostics.at("yaml.number", "'" + text + "' is not a number", span(event)));
            scalarFlagged = true;
            return JSON.textNode(text);
        }
    }

    private JsonNode floating(String text, ScalarEvent event) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".inf") || lower.equals(".nan")) {
            error(SpecDiagnostics.at("yaml.number", "'" + text + "' is not a finite number", span(event)));
            scalarFlagged = true;
            return JSON.textNode(text);
        }
        return JSON.numberNode(Double.parseDouble(text.replace("_", "")));
    }

    private void checkTag(Optional<String> tag, Tag expected, Event event) {
        if (tag.isPresent() && !tag.get().equals(expected.getValue()) && !tag.get().equals("!")) {
            error(SpecDiagnostics.at("yaml.tag", "unsupported YAML tag " + tag.get(), span(event)));
        }
    }

    /**
     * A syntax error is placed where the parser noticed it, except for an unclosed bracket or
     * quote, or a key without ':', which are placed where they began when that is on an earlier
     * line (the parser notices those only at the next token).
     */
    private Diagnostic syntaxError(MarkedYamlEngineException e) {
        Mark problem = e.getProblemMark().orElse(null);
        Mark context = e.getContextMark().orElse(null);
        String where = e.getContext() == null ? "" : e.getContext();
        boolean startMatters = where.startsWith("while parsing a flow") || where.startsWith("while scanning a simple key")
                || where.startsWith("while scanning a quoted scalar");
        Mark mark = problem == null || (startMatters && context != null && context.getLine() < problem.getLine())
                ? context : problem;
        Span at = mark == null ? Span.at(file, 1, 1) : Span.at(file, mark.getLine() + 1, mark.getColumn() + 1);
        Diagnostic d = YamlErrors.describe(e, at);
        if (mark == context && problem != null && d.hint().isEmpty()) {
            d = d.withHint("noticed at line " + (problem.getLine() + 1) + ", column " + (problem.getColumn() + 1));
        }
        return d;
    }

    private void error(Diagnostic diagnostic) {
        diagnostics.add(diagnostic);
    }

    private Span span(Event event) {
        return new Span(file, line(event, false), column(event, false), line(event, true), column(event, true));
    }

    private static int line(Event event, boolean end) {
        return (end ? event.getEndMark() : event.getStartMark()).map(m -> m.getLine() + 1).orElse(1);
    }

    private static int column(Event event, boolean end) {
        return (end ? event.getEndMark() : event.getStartMark()).map(m -> m.getColumn() + 1).orElse(1);
    }
}
