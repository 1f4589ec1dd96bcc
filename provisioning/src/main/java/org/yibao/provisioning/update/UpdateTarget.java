package org.yibao.provisioning.update;

import java.util.Objects;

/**
 * Who an update is for: one device, or every device of an area (医保区划). Each target has its
 * own sequence, its {@link #stream()}: {@code device/T01} or {@code area/371502}.
 */
public record UpdateTarget(Scope scope, String id) {
    /** One device or a whole area. */
    public enum Scope { DEVICE, AREA }

    public UpdateTarget {
        Objects.requireNonNull(scope, "scope");
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("target id must be 1-64 of [A-Za-z0-9_.-]: " + id);
        }
    }

    public static UpdateTarget device(String deviceId) {
        return new UpdateTarget(Scope.DEVICE, deviceId);
    }

    public static UpdateTarget area(String admdvs) {
        return new UpdateTarget(Scope.AREA, admdvs);
    }

    /** The name of this target's sequence, {@code device/ID} or {@code area/ADMDVS}. */
    public String stream() {
        return (scope == Scope.DEVICE ? "device/" : "area/") + id;
    }

    /** Whether a device {@code deviceId} in area {@code admdvs} is addressed. */
    public boolean addresses(String deviceId, String admdvs) {
        return scope == Scope.DEVICE ? id.equals(deviceId) : id.equals(admdvs);
    }
}
