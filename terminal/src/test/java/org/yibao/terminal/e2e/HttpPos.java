package org.yibao.terminal.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A point-of-sale host as the end-to-end tests play it, over real HTTP: it builds national
 * envelopes with the msgid it chooses (so a request whose answer was lost can be sent again
 * byte for byte), posts raw bytes and hands back the raw answer. One instance per POS; the
 * msgid sequence is shared by its threads.
 */
public final class HttpPos implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final DateTimeFormatter MSGID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String fixmedinsCode;
    private final String admdvs;
    private final AtomicInteger seq = new AtomicInteger();
    private volatile URI uri;

    public HttpPos(URI uri, String fixmedinsCode, String admdvs) {
        this.uri = uri;
        this.fixmedinsCode = fixmedinsCode;
        this.admdvs = admdvs;
    }

    /** Points the POS at a restarted terminal. */
    public void retarget(URI newUri) {
        this.uri = newUri;
    }

    /** A fresh msgid: fixmedins_code + yyyyMMddHHmmss + a 4-digit sequence. */
    public String nextMsgid() {
        return fixmedinsCode + LocalDateTime.now().format(MSGID_TIME) + String.format("%04d", seq.incrementAndGet() % 10_000);
    }

    /** The complete envelope for {@code infno} with {@code input}. */
    public ObjectNode envelope(String infno, String msgid, String opter, String signNo, String opterType, JsonNode input) {
        ObjectNode env = JSON.createObjectNode();
        env.put("infno", infno).put("msgid", msgid).put("mdtrtarea_admvs", admdvs).put("insuplc_admdvs", admdvs)
                .put("recer_sys_code", "TERM").put("dev_no", "").put("dev_safe_info", "").put("cainfo", "")
                .put("signtype", "SM3").put("infver", "1.0.0").put("opter_type", opterType).put("opter", opter)
                .put("opter_name", "收款员").put("inf_time", LocalDateTime.now().format(INF_TIME))
                .put("fixmedins_code", fixmedinsCode).put("fixmedins_name", "演示药店").put("sign_no", signNo);
        env.set("input", input);
        return env;
    }

    /** Posts {@code body} as it is and returns the answer's bytes as text; IOException when no answer came. */
    public String post(byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public String post(ObjectNode envelope) throws IOException, InterruptedException {
        return post(bytes(envelope));
    }

    /** Signs {@code opter} in (9001) and returns the sign_no; fails the test when refused. */
    public String signIn(String opter, String password) throws IOException, InterruptedException {
        ObjectNode input = JSON.createObjectNode();
        input.putObject("signIn").put("opter_no", opter).put("mac", "02:00:00:00:00:01").put("ip", "127.0.0.1")
                .put("term_password", password);
        JsonNode answer = parse(post(envelope("9001", nextMsgid(), opter, "", "1", input)));
        if (answer.path("infcode").asInt(-1) != 0) throw new AssertionError("9001 for " + opter + " refused: " + answer);
        return answer.at("/output/signinoutb/sign_no").asText();
    }

    public static byte[] bytes(ObjectNode envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + answer, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
