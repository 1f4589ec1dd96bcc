package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.http.HttpServerConfig;
import org.yibao.terminal.api.http.TerminalHttpServer;

/**
 * A POS whose HTTP timeout is shorter than the 1101's {@code term_wait_s} asks again under the
 * same msgid (the msgid is the idempotency key: the same request, the same answer). Each copy
 * waits for the first one's answer; while they wait, the cashier's other requests are answered
 * as usual: copies waiting for their msgid's answer take none of the API's threads, so a wait
 * holds at most one of them, as the README promises. When the card comes, every copy gets the
 * one answer.
 */
class WaitAskedAgainOverHttpTest {

    private static HttpRequest post(TerminalHttpServer http, ObjectNode envelope, Duration timeout) {
        return HttpRequest.newBuilder(http.callServiceUri()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toString().getBytes(StandardCharsets.UTF_8))).build();
    }

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    @Test
    void copiesOfAWaitingRequestDoNotHoldUpTheCashiersNextRequest(@TempDir Path dir) throws Exception {
        try (ExecutorService host = Executors.newVirtualThreadPerTaskExecutor();
             FlowRig rig = FlowRig.offline(dir);
             TerminalHttpServer http = rig.api.start(HttpServerConfig.loopback(0));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt()); // the cashier is signed in
            ObjectNode wait = rig.envelope("1101", rig.nextMsgid(), IdentifyFlowTest.waiting(10));
            List<Future<HttpResponse<String>>> asked = new ArrayList<>();
            for (int i = 0; i <= HttpServerConfig.DEFAULT_THREADS; i++) { // asked, timed out, asked again ...
                asked.add(host.submit(() -> client.send(post(http, wait, Duration.ofSeconds(40)),
                        HttpResponse.BodyHandlers.ofString())));
                Thread.sleep(200);
            }
            HttpResponse<String> typed = client.send(post(http, rig.envelope("1101", rig.nextMsgid(), byId()),
                    Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString());
            assertEquals(0, FlowRig.JSON.readTree(typed.body()).path("infcode").asInt(), typed.body());

            rig.reader.insertCard(IdentifyFlowTest.socialSecurityCard());
            String first = asked.getFirst().get(20, TimeUnit.SECONDS).body();
            JsonNode answer = FlowRig.JSON.readTree(first);
            assertEquals(0, answer.path("infcode").asInt(), first);
            for (Future<HttpResponse<String>> copy : asked) {
                assertEquals(first, copy.get(20, TimeUnit.SECONDS).body(), "every copy gets the one answer");
            }
        }
    }
}
