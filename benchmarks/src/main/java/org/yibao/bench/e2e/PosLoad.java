package org.yibao.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cashiers' POS systems over the real HTTP API: 9001 (sign-in), 1101 by ID number, then each
 * client posts distinct 2102s (a new msgid each, two 甲类 lines with the personal account)
 * back to back until the time is up, each on a connection of its own kept alive
 * ({@link KeepAliveHttp}). Latency is measured from sending a request to having the whole answer;
 * only answers within the measured window count.
 */
public final class PosLoad {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final URI uri;
    private final String opter;
    private final ObjectMapper json = new ObjectMapper();
    private final Envelopes envelopes = new Envelopes(json);
    private String signNo = "";
    private JsonNode person;

    public PosLoad(URI uri, String opter) {
        this.uri = uri;
        this.opter = opter;
    }

    /** What one load run did. */
    public record Result(long settled, long refused, String firstRefusal, double seconds, long[] sortedNanos, long sent,
                         double generatorCpuMillis) {
        public double rate() {
            return settled / seconds;
        }

        public double p50() {
            return Latencies.millis(sortedNanos, 0.50);
        }

        public double p99() {
            return Latencies.millis(sortedNanos, 0.99);
        }

        public double max() {
            return Latencies.millis(sortedNanos, 1.0);
        }
    }

    /** 9001 with {@code password}; fails unless infcode is 0. */
    public void signIn(String password) throws IOException, InterruptedException {
        signIn(password, Duration.ZERO);
    }

    /**
     * 9001 with {@code password}, retried for up to {@code limit} (the demo answers on its API a
     * moment before its operator is seeded); fails unless infcode is 0 in the end.
     */
    public void signIn(String password, Duration limit) throws IOException, InterruptedException {
        ObjectNode input = json.createObjectNode();
        input.putObject("signIn").put("opter_no", opter).put("mac", "02:00:00:00:00:01").put("ip", "127.0.0.1")
                .put("term_password", password);
        HttpClient http = newClient();
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode answer = post(http, envelopes.envelope("9001", opter, "", input));
        while (answer.path("infcode").asInt(-1) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = post(http, envelopes.envelope("9001", opter, "", input));
        }
        require(answer, "9001");
        signNo = answer.at("/output/signinoutb/sign_no").asText();
    }

    /** 1101 by ID number, retried for up to {@code limit} while the centre is not yet answering. */
    public void identify(String certno, Duration limit) throws IOException, InterruptedException {
        ObjectNode input = json.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", certno).put("psn_cert_type", "01")
                .put("certno", certno).put("card_sn", "").put("psn_name", "");
        HttpClient http = newClient();
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode answer;
        do {
            answer = post(http, envelopes.envelope("1101", opter, signNo, input));
            if (answer.path("infcode").asInt(-1) == 0) {
                person = answer.path("output");
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        require(answer, "1101");
    }

    /** {@code clients} POS systems posting 2102s for {@code warmup} (not counted), then for {@code measured}. */
    public Result run(int clients, Duration warmup, Duration measured) throws Exception {
        if (person == null) throw new IllegalStateException("identify first");
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        AtomicLong settled = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicReference<String> firstRefusal = new AtomicReference<>("");
        List<Latencies> latencies = new ArrayList<>();
        long cpuBefore = ownCpuNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Latencies mine = new Latencies();
                latencies.add(mine);
                running.add(pool.submit(() -> {
                    try (KeepAliveHttp http = new KeepAliveHttp(uri)) {
                        long now;
                        while ((now = System.nanoTime()) < end) {
                            byte[] request = json.writeValueAsBytes(envelopes.envelope("2102", opter, signNo, purchase()));
                            JsonNode answer = json.readTree(http.post(request));
                            long done = System.nanoTime();
                            sent.incrementAndGet();
                            if (now < measureFrom) continue;
                            if (answer.path("infcode").asInt(-1) == 0) {
                                settled.incrementAndGet();
                                mine.add(done - now);
                            } else {
                                refused.incrementAndGet();
                                firstRefusal.compareAndSet("", answer.toString());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        }
        double generatorCpu = (ownCpuNanos() - cpuBefore) / 1e6 / Math.max(1, sent.get());
        return new Result(settled.get(), refused.get(), firstRefusal.get(), measured.toNanos() / 1e9, Latencies.sorted(latencies),
                sent.get(), generatorCpu);
    }

    /** A 2102 input for the identified person: two 甲类 lines, paid from the account as far as it goes. */
    private ObjectNode purchase() {
        JsonNode base = person.path("baseinfo");
        JsonNode insu = person.path("insuinfo").path(0);
        String now = LocalDateTime.now().format(TIME);
        ObjectNode input = json.createObjectNode();
        input.putObject("druginfo").put("psn_no", base.path("psn_no").asText()).put("mdtrt_cert_type", "02")
                .put("mdtrt_cert_no", base.path("certno").asText()).put("card_sn", "").put("psn_cert_type", "01")
                .put("certno", base.path("certno").asText()).put("psn_type", insu.path("psn_type").asText())
                .put("psn_name", base.path("psn_name").asText()).put("begntime", now).put("medfee_sumamt", "76.50")
                .put("insutype", insu.path("insutype").asText()).put("dise_codg", "").put("dise_name", "")
                .put("acct_used_flag", "1").put("med_type", "41").put("invono", "");
        ArrayNode detail = input.putArray("drugdetail");
        detail.add(line("1", "P0001", "51.00", "2", "25.50", now));
        detail.add(line("2", "P0001", "25.50", "1", "25.50", now));
        return input;
    }

    private ObjectNode line(String sn, String localCode, String amount, String cnt, String price, String time) {
        return json.createObjectNode().put("feedetl_sn", sn).put("rxno", "").put("rx_circ_flag", "0")
                .put("fee_ocur_time", time).put("med_list_codg", "").put("medins_list_codg", localCode)
                .put("det_item_fee_sumamt", amount).put("cnt", cnt).put("pric", price).put("bilg_dr_codg", "")
                .put("bilg_dr_name", "");
    }

    private JsonNode post(HttpClient http, ObjectNode envelope) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(envelope))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return json.readTree(response.body());
    }

    /** This JVM's CPU time so far: the load generator's own cost, which shares the cores with the terminal. */
    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void require(JsonNode answer, String infno) {
        if (answer.path("infcode").asInt(-1) != 0) throw new IllegalStateException(infno + " refused: " + answer);
    }
}
