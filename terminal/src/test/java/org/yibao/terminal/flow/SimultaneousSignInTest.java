package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.operator.OperatorFixtures;

/** Six API threads send 9001 for one cashier with the right password at once: all six sign in (one was refused 1602). */
class SimultaneousSignInTest {
    @TempDir Path dir;

    @Test
    void sixRightPasswordsAtOnceOverTheApiAllSignIn() throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            List<byte[]> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ObjectNode env = Envelopes.envelope("9001", rig.nextMsgid(), OperatorFixtures.CASHIER, "");
                env.putObject("input").putObject("signIn").put("opter_no", OperatorFixtures.CASHIER)
                        .put("term_password", OperatorFixtures.CASHIER_PASSWORD);
                requests.add(env.toString().getBytes(StandardCharsets.UTF_8));
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (byte[] request : requests) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        JsonNode answer = Json.parse(rig.api.service().call(request), "answer");
                        return answer.path("infcode").asInt() == 0 ? "0" : answer.path("term_errcode").asText() + " " + answer.path("err_msg").asText();
                    }));
                }
                go.countDown();
                Map<String, Integer> codes = new TreeMap<>();
                for (Future<String> answer : answers) codes.merge(answer.get(2, TimeUnit.MINUTES), 1, Integer::sum);
                assertEquals(Map.of("0", 6), codes);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
