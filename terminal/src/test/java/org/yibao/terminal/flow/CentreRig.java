package org.yibao.terminal.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.terminal.api.json.Json;

/**
 * A real Mosquitto broker (own process, free loopback port) and the reference centre's
 * receiving side on its own SQLite file, answering the {@code person} service from a map of
 * 1101 outputs keyed by certno and psn_no, as the reference centre command does.
 */
final class CentreRig implements AutoCloseable {
    final MosquittoBroker broker;
    final SqliteDatabase centreDb;
    final ClaimStore claims;
    /** The centre instance answering now (another one after {@link #back()}). */
    volatile ReferenceCentre centre;
    private volatile boolean present = true;
    final Map<String, ObjectNode> people = new ConcurrentHashMap<>();
    /** How long the person service waits before it answers (longer than the terminal's timeout: no answer in time). */
    volatile Duration personDelay = Duration.ZERO;
    /** The person service fails (throws): the reference centre then answers {@code {"error":...}}, not a person. */
    volatile boolean personFails;

    CentreRig(Path dir) throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        centreDb = SqliteDatabase.open(dir.resolve("centre.db"));
        claims = ClaimStore.open(centreDb);
        centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "c1"), claims, Clock.systemUTC());
        centre.handle("person", this::person);
    }

    /**
     * The centre goes away: it disconnects, and the broker keeps its session (one hour) and
     * queues the claims that arrive meanwhile, so devices see them published and unanswered.
     */
    void away() {
        present = false;
        centre.close();
    }

    /** The centre is back: an instance on the same store and session receives what was queued and answers it. */
    void back() throws Exception {
        centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "c1"), claims, Clock.systemUTC());
        centre.handle("person", this::person);
        present = true;
    }

    void add(ObjectNode output) {
        people.put(output.at("/baseinfo/certno").asText(), output);
        people.put(output.at("/baseinfo/psn_no").asText(), output);
    }

    private byte[] person(byte[] body) {
        try {
            Thread.sleep(personDelay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (personFails) throw new IllegalStateException("the person service failed");
        JsonNode q = Json.parse(new String(body, StandardCharsets.UTF_8), "query");
        ObjectNode answer = FlowRig.JSON.createObjectNode();
        for (String field : new String[] {"certno", "psn_no", "mdtrt_cert_no"}) {
            ObjectNode p = people.get(q.path(field).asText(""));
            if (p != null) {
                answer.put("found", true);
                answer.set("output", p.deepCopy().put("term_source", "online"));
                return Json.write(answer).getBytes(StandardCharsets.UTF_8);
            }
        }
        answer.put("found", false).put("err_msg", "中心无此参保人");
        return Json.write(answer).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            if (present) centre.close();
            centreDb.close();
        } finally {
            broker.close(); // whatever the centre's close threw: never leave a broker running after the test
        }
    }
}
