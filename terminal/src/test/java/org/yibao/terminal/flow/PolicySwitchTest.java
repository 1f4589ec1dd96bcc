package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * A policy update that lands while a settlement is under way does not reach that settlement: it
 * reads the policy in use once and settles, limits and records with it; the next settlement uses
 * the new one.
 */
class PolicySwitchTest {

    @Test
    void aSettlementKeepsThePolicyItStartedWithAndTheNextUsesTheNewOne(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of("src/main/resources/examples/policy.yaml"));
        Policy newer = PolicyLoader.parse(text.replace("version: \"2026.03\"", "version: \"2027.99\""), "newer");
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String before = rig.policies.current().version();
            rig.policies.reads.set(0);
            rig.policies.switchAfterNextRead(newer);

            JsonNode first = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, first.path("infcode").asInt(), first.toString());
            assertEquals(1, rig.policies.reads.get(), "one read of the policy per settlement");
            assertEquals(before, first.at("/output/setlinfo/term_policy_ver").asText(), first.toString());

            JsonNode second = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, second.path("infcode").asInt(), second.toString());
            assertEquals("2027.99", second.at("/output/setlinfo/term_policy_ver").asText());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE policy_ver = '2027.99'"));
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE policy_ver = '" + before + "'"));
        }
    }
}
