package org.yibao.terminal.centre;

import java.util.List;
import org.yibao.outbox.centre.StoredClaim;

/**
 * The reference centre's counters over its store.
 *
 * @param claimsReceived every delivery, duplicates included
 * @param claimsUnique   distinct claim ids stored
 * @param settlements    accepted settlement claims
 * @param reversals      accepted reversal claims
 * @param rejected       claims answered REJECTED
 * @param unreadable     accepted messages whose payload is not a claim this centre can read
 */
public record CentreStats(long claimsReceived, long claimsUnique, long settlements, long reversals, long rejected,
                          long unreadable) {

    /** Counts {@code claims} (the store's rows, in any order). */
    public static CentreStats of(List<StoredClaim> claims) {
        long received = 0;
        long settlements = 0;
        long reversals = 0;
        long rejected = 0;
        long unreadable = 0;
        int counted = 0;
        for (StoredClaim claim : claims) {
            if (!ClaimVerification.isClaim(claim.type())) {
                continue; // the control lane's messages (fleet update results and reports), not claims
            }
            counted++;
            received += claim.deliveries();
            if (!"ACCEPTED".equals(claim.status())) {
                rejected++;
                continue;
            }
            var read = ClaimReader.read(claim.type(), claim.payload());
            if (read.isEmpty()) {
                unreadable++;
            } else if (read.get().kind() == CentreClaim.Kind.REVERSAL) {
                reversals++;
            } else {
                settlements++;
            }
        }
        return new CentreStats(received, counted, settlements, reversals, rejected, unreadable);
    }
}
