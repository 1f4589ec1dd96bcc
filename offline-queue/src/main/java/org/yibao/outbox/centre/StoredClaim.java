package org.yibao.outbox.centre;

/**
 * A message as the reference centre stored it: once per id, however often it was delivered.
 *
 * @param arrival    the order in which ids were first stored (across all instances)
 * @param deliveries how many times this id was received
 */
public record StoredClaim(String id, String device, String type, String orderKey, byte[] payload, long arrival,
                          String status, String code, String reason, int deliveries, String receivedBy) {

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
