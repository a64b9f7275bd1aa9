package dev.tandem.shared.json;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.record.LandedPayload;

/**
 * A record's payload read straight off its bytes into the tree {@code Json.mapper().readTree} builds
 * from them, noting where the values at the paths to mask lie, as {@link LandedPayload#parse} notes
 * them with Jackson: the first attempt of {@link PayloadReader}. It reads one JSON object of UTF-8 of
 * at most {@value #MAX_BYTES} bytes, tokens apart by spaces, tabs and carriage returns only, with
 * nothing but those after it, no string with an escape and no name twice in one object (Jackson's
 * duplicate check refuses those); anything else — and anything malformed — is null, and the payload
 * is Jackson's, so the tree, the verdict and the error stay Jackson's. Building a tree over a
 * record's bytes here costs no parser, context, symbol table or token buffers per record, which were
 * a third of the decoder's allocations with Jackson. Not thread-safe: one per payload read.
 */
final class PayloadScanner extends JsonBytes {

    /**
     * Larger payloads are Jackson's: so far below its limits on a name (50,000 bytes) and a string
     * (20 M characters) that no payload read here could reach them.
     */
    static final int MAX_BYTES = 32 * 1024;

    private final Paths paths;
    private final KnownNames known;
    private final int[] starts;
    private final int[] ends;
    /** Where in {@link #known} the next name is looked for first: just after the last one found. */
    private int hint;

    PayloadScanner(Paths paths, KnownNames known) {
        this.paths = paths;
        this.known = known;
        this.starts = new int[paths.count];
        this.ends = new int[paths.count];
        Arrays.fill(starts, -1);
    }

    /** The payload of {@code json} as {@link LandedPayload#parse} gives it, or null to leave it to Jackson. */
    LandedPayload.Parsed scan(byte[] json) {
        if (json.length > MAX_BYTES) {
            return null;
        }
        b = json;
        at = 0;
        end = json.length;
        try {
            whitespace();
            if (at == end || b[at] != '{') {
                return null;
            }
            ObjectNode tree = object(0, paths.root);
            if (tree == null) {
                return null;
            }
            whitespace();
            if (at != end) {
                return null;
            }
            byte[] landable = LandedPayload.asCame(json);
            return paths.count == 0 ? new LandedPayload.Parsed(tree, landable, null, null)
                    : new LandedPayload.Parsed(tree, landable, starts, ends);
        } catch (ArrayIndexOutOfBoundsException e) {
            // A payload cut short: the reader ran off its end.
            return null;
        }
    }

    /** Every object of the payload is read here: the base class's keeps the later of a name given twice. */
    @Override
    protected ObjectNode object(int depth, Names only) {
        return object(depth, Paths.NONE);
    }

    /**
     * The object here, noting the spans of the paths below {@code node}; null where it holds anything
     * left to Jackson.
     */
    private ObjectNode object(int depth, Paths.Node node) {
        at++;
        ObjectNode out = NODES.objectNode();
        whitespace();
        if (b[at] == '}') {
            at++;
            return out;
        }
        while (true) {
            if (b[at++] != '"') {
                return null;
            }
            String name = name();
            if (name == null) {
                return null;
            }
            whitespace();
            if (b[at++] != ':') {
                return null;
            }
            whitespace();
            Paths.Node child = node.children.get(name);
            int start = at;
            // An object on a path is followed down it; past the depth bound, value() leaves it to Jackson.
            JsonNode value = child != null && b[at] == '{' && depth + 1 < MAX_DEPTH ? object(depth + 1, child)
                    : value(depth + 1);
            if (value == null || out.replace(name, value) != null) {
                return null; // left to Jackson, or a name twice: Jackson's duplicate check refuses it
            }
            if (child != null && child.path >= 0) {
                starts[child.path] = start;
                ends[child.path] = at;
            }
            whitespace();
            byte c = b[at++];
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                return null;
            }
            whitespace();
        }
    }

    /**
     * A property name from just after its opening quote, the reader then past its closing one: a
     * known one if its bytes are one's (they were checked when it was learned), else as {@link #text}
     * makes it, then learned; null where {@link #text} leaves it to Jackson.
     */
    private String name() {
        int close = at;
        while (close < end && b[close] != '"' && b[close] != '\\') {
            close++;
        }
        if (close < end && b[close] == '"') {
            int k = known.find(b, at, close, hint);
            if (k >= 0) {
                hint = k + 1;
                at = close + 1;
                return known.name(k);
            }
        }
        String name = text();
        if (name != null) {
            known.learn(name);
        }
        return name;
    }

    /** The paths to mask as a tree of names, made once per pipeline: which property leads to which path. */
    static final class Paths {
        /** Below a property no path goes through. */
        static final Node NONE = new Node();
        final Node root = new Node();
        final int count;

        Paths(List<FieldPath> paths) {
            this.count = paths.size();
            for (int i = 0; i < paths.size(); i++) {
                Node at = root;
                for (String segment : paths.get(i).segments()) {
                    at = at.children.computeIfAbsent(segment, s -> new Node());
                }
                at.path = i;
            }
        }

        static final class Node {
            final Map<String, Node> children = new HashMap<>();
            /** The index of the path ending here, or -1. */
            int path = -1;
        }
    }
}
