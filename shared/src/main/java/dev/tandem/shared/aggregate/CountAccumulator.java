package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

final class CountAccumulator implements Accumulator {

    private long count;

    @Override
    public void add(JsonNode value) {
        count++;
    }

    @Override
    public void merge(Accumulator other) {
        count += ((CountAccumulator) other).count;
    }

    @Override
    public Accumulator copy() {
        CountAccumulator c = new CountAccumulator();
        c.count = count;
        return c;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
    }

    static CountAccumulator read(DataInput in) throws IOException {
        CountAccumulator c = new CountAccumulator();
        c.count = in.readLong();
        return c;
    }

    @Override
    public JsonNode result(JsonNodeFactory json) {
        return json.numberNode(count);
    }
}
