package org.yibao.terminal.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * The policy file's {@code admdvs} is "统筹区 this policy is for" (spec policy-and-catalog.md): a
 * terminal settles under it only when it is the terminal's own area or the city or province
 * pooling area that contains it.
 */
class PoolingAreaTest {

    @ParameterizedTest(name = "policy {0}, terminal {1}: {2}")
    @CsvSource({
            "371502, 371502, true",   // the district's own policy
            "371500, 371502, true",   // 聊城市 pools its districts (the spec's example and the demo)
            "370000, 371502, true",   // a province-wide pool
            "371500, 371500, true",
            "370100, 371502, false",  // 济南市's policy at a 聊城 pharmacy
            "371600, 371502, false",
            "371503, 371502, false",  // a sibling district
            "371502, 371500, false",  // a district's policy on a city-level terminal
            "430000, 371502, false",
            "371500, 3715, false",
    })
    void coversItsOwnAreaAndTheCityOrProvinceContainingIt(String policy, String device, boolean covers) {
        assertEquals(covers, PoolingArea.covers(policy, device));
    }

    @ParameterizedTest
    @CsvSource({"370100", "371503"})
    void anotherAreasPolicyIsRefused1219NamingBothAreas(String policyArea) {
        Policy example = Fixtures.examplePolicy();
        Policy other = new Policy(policyArea, example.version(), example.effective(), example.accuGroups(), example.rules(), example.offline());
        var e = assertThrows(RefusedException.class, () -> PoolingArea.require(other, "371502", "policy.yaml"));
        assertEquals("1219", e.refusal().reason().code());
        assertEquals("政策文件不是本机所在统筹区的：policy.yaml：admdvs：政策 " + other.version() + " 的统筹区为 " + policyArea
                + "，本机医保区划为 371502（须为同一区划，或其所属的市级、省级统筹区）", e.refusal().errMsg());
    }
}
