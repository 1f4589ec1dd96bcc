package org.yibao.terminal.domain.policy;

import org.yibao.terminal.domain.RefusedException;

/**
 * Whether a policy's 统筹区 ({@code admdvs}) is the terminal's: its own 医保区划, or the city
 * (first four digits, {@code xxxx00}) or province ({@code xx0000}) pooling area it belongs to.
 * The spec's example policy is the city of 聊城 (371500) and the demo's pharmacy is in one of its
 * districts (371502). A policy for another area would settle this area's purchases under that
 * area's deductible, ratios and caps.
 */
public final class PoolingArea {
    private PoolingArea() {
    }

    /** True when {@code policyArea} is {@code deviceArea} or the city or province area containing it. */
    public static boolean covers(String policyArea, String deviceArea) {
        if (policyArea.equals(deviceArea)) return true;
        if (policyArea.length() != 6 || deviceArea.length() != 6) return false;
        if (policyArea.endsWith("0000")) return deviceArea.startsWith(policyArea.substring(0, 2));
        return policyArea.endsWith("00") && deviceArea.startsWith(policyArea.substring(0, 4));
    }

    /** Refuses {@code policy}, read from {@code source} (a file name or an update id), unless its area covers {@code deviceArea} (1219). */
    public static void require(Policy policy, String deviceArea, String source) {
        if (!covers(policy.admdvs(), deviceArea)) {
            throw new RefusedException(PolicyReason.OTHER_AREA, source + "：admdvs：政策 " + policy.version() + " 的统筹区为 " + policy.admdvs()
                    + "，本机医保区划为 " + deviceArea + "（须为同一区划，或其所属的市级、省级统筹区）");
        }
    }
}
