package dev.tandem.shared.record;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

/**
 * Passes every token through to the tree builder and notes where the values at the paths lie:
 * a value starts at its token's offset and ends where the parser stands when the next token is
 * asked for (by then the builder has read the value whole), or just after the end of an object
 * or array. Every way of advancing goes through {@link #nextToken}, so the path stack follows
 * the document; anything unexpected marks the spans broken and the tree is landed instead.
 */
final class SpanParser extends JsonParserDelegate {

    private final List<FieldPath> paths;
    final int[] starts;
    final int[] ends;
    boolean broken;
    /** Names of the open containers below the root; null for an array's element (never addressed). */
    private String[] names = new String[16];
    private int depth = -1;
    /** The path whose scalar value was the last token: its end is known at the next call. */
    private int openScalar = -1;
    /** The path whose object or array value is open, and the depth it opened at. */
    private int openContainer = -1;
    private int openContainerDepth;
    private String pendingName;

    SpanParser(JsonParser raw, List<FieldPath> paths) {
        super(raw);
        this.paths = paths;
        this.starts = new int[paths.size()];
        this.ends = new int[paths.size()];
        Arrays.fill(starts, -1);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        if (openScalar >= 0) {
            ends[openScalar] = (int) delegate.currentLocation().getByteOffset();
            openScalar = -1;
        }
        JsonToken t = delegate.nextToken();
        if (t == null) {
            return null;
        }
        switch (t) {
            case FIELD_NAME -> pendingName = delegate.currentName();
            case START_OBJECT, START_ARRAY -> {
                int match = match();
                depth++;
                if (depth == names.length) {
                    names = Arrays.copyOf(names, depth * 2);
                }
                names[depth] = depth == 0 ? null : pendingName;
                pendingName = null;
                if (match >= 0) {
                    openContainer = match;
                    openContainerDepth = depth;
                }
            }
            case END_OBJECT, END_ARRAY -> {
                if (openContainer >= 0 && depth == openContainerDepth) {
                    ends[openContainer] = (int) delegate.currentLocation().getByteOffset();
                    openContainer = -1;
                }
                depth--;
            }
            default -> {
                int match = match();
                pendingName = null;
                if (match >= 0) {
                    openScalar = match;
                }
            }
        }
        return t;
    }

    /** The path of the value token now current, noting its start; -1 if it is not one of them. */
    private int match() {
        String name = pendingName;
        if (name == null || depth < 0 || names[depth] == null && depth > 0) {
            return -1;
        }
        for (int i = 0; i < paths.size(); i++) {
            List<String> segments = paths.get(i).segments();
            if (segments.size() != depth + 1 || !segments.get(depth).equals(name)) {
                continue;
            }
            boolean same = true;
            for (int d = 1; d <= depth && same; d++) {
                same = segments.get(d - 1).equals(names[d]);
            }
            if (same) {
                if (starts[i] >= 0) {
                    broken = true;
                    return -1;
                }
                starts[i] = (int) delegate.currentTokenLocation().getByteOffset();
                return i;
            }
        }
        return -1;
    }

    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }

    @Override
    public int nextIntValue(int defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
    }

    @Override
    public long nextLongValue(long defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        // Not used by the tree builder; if it ever is, the path stack would be lost: land the tree.
        broken = true;
        delegate.skipChildren();
        return this;
    }
}
