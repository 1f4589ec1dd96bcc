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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yibao.provisioning.json.JsonSyntax;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.RefusedException;

/**
 * The reference centre's seeded persons, answering person queries. The file is JSON: one
 * person or an array of persons, each in 1101-output form ({@code {"baseinfo":..,"insuinfo":..}})
 * or a whole 1101 answer ({@code {"infcode":0,"output":{...}}}). A person is found by certno,
 * psn_no, or a mdtrt_cert_no equal to either, compared ignoring case (an ID number's check
 * character X comes as x from many hosts, and the terminal compares certno so); a number two
 * persons share refuses the file. Loaded once, immutable.
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
     * Loads {@code file}; an unreadable file, a person without certno and psn_no, a person the
     * terminal cannot read as 1101 output ({@link PersonJson}) or two persons under one number is an
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
            throw new IOException(file + "：内容不是 JSON 对象或数组");
        }
        Map<String, JsonNode> byKey = new HashMap<>();
        Map<String, Integer> numberedBy = new HashMap<>();
        for (int i = 0; i < persons.size(); i++) {
            JsonNode output = persons.get(i).has("output") ? persons.get(i).get("output") : persons.get(i);
            JsonNode base = output.path("baseinfo");
            String certno = base.path("certno").asText("");
            String psnNo = base.path("psn_no").asText("");
            if (certno.isBlank() && psnNo.isBlank()) {
                throw new IOException(file + "：第 " + (i + 1) + " 个人员既无 baseinfo.certno 也无 baseinfo.psn_no");
            }
            readableAs1101(output, file, i + 1);
            for (String number : new String[] {certno, psnNo}) {
                if (number.isBlank()) continue;
                Integer earlier = numberedBy.putIfAbsent(key(number), i + 1);
                if (earlier != null && earlier != i + 1) {
                    throw new IOException(file + "：第 " + (i + 1) + " 个人员的 certno 或 psn_no 与第 " + earlier + " 个人员的相同");
                }
                byKey.put(key(number), output);
            }
        }
        return new PersonDirectory(byKey);
    }

    /** Refuses a person the terminal could not read as 1101 output (its answer would be refused 1355 at every counter). */
    private static void readableAs1101(JsonNode output, Path file, int number) throws IOException {
        try {
            PersonJson.parse(output);
        } catch (RefusedException e) {
            throw new IOException(file + "：第 " + number + " 个人员不是终端可读的 1101 输出：" + e.refusal().errMsg());
        }
    }

    /** A person's number as looked up: without surrounding spaces, in upper case (the check character X). */
    private static String key(String number) {
        return number.strip().toUpperCase(Locale.ROOT);
    }

    /** How many distinct persons. */
    public long size() {
        return byKey.values().stream().distinct().count();
    }

    /** The person one of {@code query}'s certno, psn_no or mdtrt_cert_no names. */
    public Optional<JsonNode> find(JsonNode query) {
        if (query == null) return Optional.empty();
        for (String field : new String[] {"certno", "psn_no", "mdtrt_cert_no"}) {
            JsonNode person = byKey.get(key(query.path(field).asText("")));
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

    /** The answer of a centre that could not look the person up: {@code error} and no {@code found}, no verdict on the person. */
    static byte[] failed(String error) {
        return bytes(JSON.createObjectNode().put("error", error));
    }

    private static byte[] bytes(ObjectNode answer) {
        try {
            return JSON.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a person answer", e);
        }
    }
}
