package org.yibao.terminal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.yibao.terminal.app.BeijingTime;

/**
 * A point-of-sale system as the demo plays it: builds the national envelope around an input,
 * numbers its msgids ({@code fixmedins_code + yyyyMMddHHmmss + 4-digit sequence}), posts it
 * over HTTP to the terminal and returns the parsed answer. One instance per cashier session.
 */
public final class PosClient implements AutoCloseable {

    private static final DateTimeFormatter MSGID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    // Amounts stay exact decimals (yuan with 2 places), never doubles.
    private final ObjectMapper json = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String fixmedinsCode;
    private final String fixmedinsName;
    private final String admdvs;
    private final String opter;
    private int seq;
    private String signNo = "";

    public PosClient(URI uri, String fixmedinsCode, String fixmedinsName, String admdvs, String opter) {
        this.uri = uri;
        this.fixmedinsCode = fixmedinsCode;
        this.fixmedinsName = fixmedinsName;
        this.admdvs = admdvs;
        this.opter = opter;
    }

    /** 9001 with {@code password}; remembers the sign_no for later calls. */
    public JsonNode signIn(String password) throws IOException, InterruptedException {
        ObjectNode input = json.createObjectNode();
        input.putObject("signIn").put("opter_no", opter).put("mac", "02:00:00:00:00:01").put("ip", "127.0.0.1")
                .put("term_password", password);
        JsonNode answer = call("9001", input);
        signNo = answer.at("/output/signinoutb/sign_no").asText("");
        return answer;
    }

    /** Posts {@code infno} with {@code input} (the envelope's input object). */
    public JsonNode call(String infno, JsonNode input) throws IOException, InterruptedException {
        ObjectNode envelope = json.createObjectNode();
        LocalDateTime now = BeijingTime.now();
        envelope.put("infno", infno)
                .put("msgid", fixmedinsCode + now.format(MSGID_TIME) + String.format("%04d", ++seq % 10_000))
                .put("mdtrtarea_admvs", admdvs).put("insuplc_admdvs", admdvs).put("recer_sys_code", "TERM")
                .put("dev_no", "").put("dev_safe_info", "").put("cainfo", "").put("signtype", "SM3").put("infver", "1.0.0")
                .put("opter_type", "1").put("opter", opter).put("opter_name", "演示收款员").put("inf_time", now.format(INF_TIME))
                .put("fixmedins_code", fixmedinsCode).put("fixmedins_name", fixmedinsName).put("sign_no", signNo);
        envelope.set("input", input);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(envelope))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return json.readTree(response.body());
    }

    public ObjectMapper json() {
        return json;
    }

    @Override
    public void close() {
        http.close();
    }
}
