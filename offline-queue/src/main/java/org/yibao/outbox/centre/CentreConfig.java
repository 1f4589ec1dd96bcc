package org.yibao.outbox.centre;

import java.time.Duration;
import java.util.Objects;

/**
 * How one reference-centre instance joins the broker.
 *
 * @param serverUri     the broker, {@code tcp://host:port}
 * @param instanceId    this instance's name (its MQTT client id is {@code centre-<instanceId>})
 * @param shareGroup    the shared-subscription group every instance joins ({@code $share/<group>/...})
 * @param sessionExpiry how long the broker keeps this instance's session
 */
public record CentreConfig(String serverUri, String instanceId, String shareGroup, Duration sessionExpiry) {

    public CentreConfig {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        for (String name : new String[] {instanceId, shareGroup}) {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new IllegalArgumentException("instance id and share group must be 1-32 of [A-Za-z0-9_.-]: " + name);
            }
        }
    }

    /** Group "centre", one-hour session. */
    public static CentreConfig of(String serverUri, String instanceId) {
        return new CentreConfig(serverUri, instanceId, "centre", Duration.ofHours(1));
    }
}
