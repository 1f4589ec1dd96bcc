package org.yibao.terminal.centre;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.provisioning.json.JsonSyntax;

/**
 * The reference centre's seeded persons, answering person queries. The file is JSON: one
 * person or an array of persons, each in 1101-output form ({@code {"baseinfo":..,"insuinfo":..}})
 * or a whole 1101 answer ({@code {"infcode":0,"output":{...}}}). A person is found by certno,
 * psn_no, or a mdtrt_cert_no equal to either. Loaded once, immutable.
 */
public final class PersonDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> byKey;

    private PersonDirectory(Map<String, JsonNode> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    /** No persons: every query answers not found. */
    public static PersonDirectory empty() {
        return new PersonDirectory(Map.of());
    }

    /**
     * Loads {@code file}; an unreadable file or a person without certno and psn_no is an
     * {@link IOException}. Text that is not JSON is one saying where (第 N 行第 M 列), never the
     * parser's message: that quotes the token it stopped at, which may be a card number or an
     * ecToken, and {@code terminal center} prints the message as its refusal.
     */
    public static PersonDirectory load(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IOException(file + "：" + JsonSyntax.describe(e));
        }
        List<JsonNode> persons = new java.util.ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(persons::add);
        } else if (root != null && root.isObject()) {
            persons.add(root);
        } else {
            throw new IOException("persons file is not a JSON object or array: " + file);
        }
        Map<String, JsonNode> byKey = new HashMap<>();
        for (int i = 0; i < persons.size(); i++) {
            JsonNode output = persons.get(i).has("output") ? persons.get(i).get("output") : persons.get(i);
            JsonNode base = output.path("baseinfo");
            String certno = base.path("certno").asText("");
            String psnNo = base.path("psn_no").asText("");
            if (certno.isBlank() && psnNo.isBlank()) {
                throw new IOException("person " + (i + 1) + " of " + file + " has neither baseinfo.certno nor baseinfo.psn_no");
            }
            for (String key : new String[] {certno, psnNo}) {
                if (!key.isBlank()) {
                    byKey.put(key, output);
                }
            }
        }
        return new PersonDirectory(byKey);
    }

    /** How many distinct persons. */
    public long size() {
        return byKey.values().stream().distinct().count();
    }

    /** The person one of {@code query}'s certno, psn_no or mdtrt_cert_no names. */
    public Optional<JsonNode> find(JsonNode query) {
        if (query == null) return Optional.empty();
        for (String field : new String[] {"certno", "psn_no", "mdtrt_cert_no"}) {
            JsonNode person = byKey.get(query.path(field).asText(""));
            if (person != null) {
                return Optional.of(person);
            }
        }
        return Optional.empty();
    }

    /** The answer to a person request body (see {@link CentreServices#PERSON}) from the seeded figures; bad input is a not-found answer. */
    public byte[] answer(byte[] request) {
        JsonNode data = query(request);
        if (data == null) return notFound("查询报文无法解析");
        Optional<JsonNode> person = find(data);
        return person.isPresent() ? found(person.get().deepCopy()) : notFound("中心无此参保人员信息");
    }

    /** The query object of a person request body ({@code data} or the body itself), or null when it is not one. */
    static JsonNode query(byte[] request) {
        JsonNode query;
        try {
            query = JSON.readTree(request);
        } catch (IOException e) {
            return null;
        }
        JsonNode data = query == null ? null : query.has("data") ? query.get("data") : query;
        return data != null && data.isObject() ? data : null;
    }

    /** A found answer carrying {@code output}, marked {@code term_source} "online". */
    static byte[] found(ObjectNode output) {
        output.put("term_source", "online");
        ObjectNode answer = JSON.createObjectNode();
        answer.put("found", true);
        answer.set("output", output);
        return bytes(answer);
    }

    /** A not-found answer with {@code errMsg}. */
    static byte[] notFound(String errMsg) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("found", false);
        answer.put("err_msg", errMsg);
        return bytes(answer);
    }

    private static byte[] bytes(ObjectNode answer) {
        try {
            return JSON.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a person answer", e);
        }
    }
}
