package org.yibao.outbox.wire;

/**
 * The retained status of a device on {@code .../status}. JSON:
 * {@code {"v":1,"device":"T01","state":"online","reason":"connected","at":1795420800000}};
 * the last will is {@code "state":"offline","reason":"lost"} and a deliberate stop publishes
 * {@code "reason":"shutdown"}.
 */
public record DeviceStatus(int v, String device, String state, String reason, long at) {
}
