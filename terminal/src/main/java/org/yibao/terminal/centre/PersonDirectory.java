package org.yibao.terminal.centre;

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

    /** Loads {@code file}; an unreadable file or a person without certno and psn_no is an {@link IOException}. */
    public static PersonDirectory load(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
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
        for (String field : new String[] {"certno", "psn_no", "mdtrt_cert_no"}) {
            JsonNode person = byKey.get(query.path(field).asText(""));
            if (person != null) {
                return Optional.of(person);
            }
        }
        return Optional.empty();
    }

    /** The answer to a person request body (see {@link CentreServices#PERSON}); bad input is a not-found answer. */
    public byte[] answer(byte[] request) {
        ObjectNode answer = JSON.createObjectNode();
        JsonNode query;
        try {
            query = JSON.readTree(request);
        } catch (IOException e) {
            query = null;
        }
        JsonNode data = query == null ? null : query.has("data") ? query.get("data") : query;
        Optional<JsonNode> person = data == null || !data.isObject() ? Optional.empty() : find(data);
        if (person.isPresent()) {
            ObjectNode output = person.get().deepCopy();
            output.put("term_source", "online");
            answer.put("found", true);
            answer.set("output", output);
        } else {
            answer.put("found", false);
            answer.put("err_msg", data == null ? "查询报文无法解析" : "中心无此参保人员信息");
        }
        try {
            return JSON.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a person answer", e);
        }
    }
}
