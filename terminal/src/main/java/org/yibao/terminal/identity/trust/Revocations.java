package org.yibao.terminal.identity.trust;

import java.util.Set;

/** ecTokens and person numbers the platform has revoked; a voucher naming either is refused. */
public record Revocations(Set<String> ecTokens, Set<String> psnNos) {
    /** Nothing revoked. */
    public static final Revocations NONE = new Revocations(Set.of(), Set.of());

    public Revocations {
        ecTokens = Set.copyOf(ecTokens);
        psnNos = Set.copyOf(psnNos);
    }

    public boolean tokenRevoked(String ecToken) {
        return ecTokens.contains(ecToken);
    }

    public boolean personRevoked(String psnNo) {
        return psnNos.contains(psnNo);
    }

    @Override public String toString() {
        return "Revocations[" + ecTokens.size() + " ec_tokens, " + psnNos.size() + " psn_nos]";
    }
}
