package org.yibao.terminal.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault applied to a valid request: what it does to the envelope (or to its bytes) and the
 * refusal the contract asks for: {@code code} in term_errcode, and err_msg mentioning
 * {@code mentions} (the field's path, as the host sent it).
 */
record RequestFault(String name, String code, String mentions, Function<ObjectNode, byte[]> body) {
    private static final Pattern STEP = Pattern.compile("([a-zA-Z_]+)(?:\\[(\\d+)])?");

    /** A fault that changes the envelope's tree (on a copy). */
    static RequestFault tree(String name, String code, String mentions, Consumer<ObjectNode> change) {
        return new RequestFault(name, code, mentions, envelope -> {
            ObjectNode copy = envelope.deepCopy();
            change.accept(copy);
            return bytes(copy.toString());
        });
    }

    /** A fault that sets the value at {@code path} (input.drugdetail[1].cnt; input.feedetail[0] for a whole line). */
    static RequestFault set(String name, String code, String path, JsonNode value) {
        return tree(name, code, path, envelope -> put(envelope, path, value));
    }

    /** A fault that removes the field at {@code path}. */
    static RequestFault remove(String name, String code, String path) {
        return tree(name, code, path, envelope -> ((ObjectNode) parent(envelope, path)).remove(leaf(path).name()));
    }

    /** The same fault, its refusal naming {@code text} instead of the path it changes. */
    RequestFault mentioning(String text) {
        return new RequestFault(name, code, text, body);
    }

    byte[] apply(ObjectNode envelope) {
        return body.apply(envelope);
    }

    @Override
    public String toString() {
        return name + " -> " + code + " (" + mentions + ")";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The value at {@code path} in {@code root}. */
    static JsonNode get(JsonNode root, String path) {
        Step last = leaf(path);
        JsonNode holder = parent(root, path).get(last.name());
        return last.index() < 0 ? holder : holder.get(last.index());
    }

    /** Sets the value at {@code path}: a field of an object, or an element of an array ({@code name[i]}). */
    static void put(JsonNode root, String path, JsonNode value) {
        Step last = leaf(path);
        JsonNode holder = parent(root, path);
        if (last.index() < 0) ((ObjectNode) holder).set(last.name(), value);
        else ((ArrayNode) holder.get(last.name())).set(last.index(), value);
    }

    private record Step(String name, int index) {
    }

    private static Step leaf(String path) {
        return step(path.substring(path.lastIndexOf('.') + 1));
    }

    /** The node holding the last step of {@code path}. */
    private static JsonNode parent(JsonNode root, String path) {
        JsonNode node = root;
        String[] steps = path.split("\\.");
        for (int i = 0; i < steps.length - 1; i++) {
            Step s = step(steps[i]);
            node = node.get(s.name());
            if (s.index() >= 0) node = node.get(s.index());
        }
        return node;
    }

    private static Step step(String text) {
        Matcher m = STEP.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException(text);
        return new Step(m.group(1), m.group(2) == null ? -1 : Integer.parseInt(m.group(2)));
    }
}
