package org.yibao.outbox.wire;

import org.yibao.outbox.Lane;

/**
 * The topic layout of one device, {@code yb/{admdvs}/{fixmedins_code}/{device_id}/...}:
 *
 * <pre>
 * .../claims          terminal -&gt; centre  messages of the MESSAGES lane (QoS 1)
 * .../control         terminal -&gt; centre  messages of the CONTROL lane (QoS 1)
 * .../acks            centre -&gt; terminal  business acks (QoS 1)
 * .../commands        centre -&gt; terminal  commands (QoS 1)
 * .../status          terminal, retained   online / offline (the last will)
 * .../req/{service}   terminal -&gt; centre  requests (response topic + correlation data)
 * .../resp            centre -&gt; terminal  responses
 * yb/{admdvs}/area/commands  centre -&gt; every terminal of the area: area-wide updates (QoS 1)
 * </pre>
 *
 * @param admdvs        the insurance area code (医保区划), e.g. 370100
 * @param fixmedinsCode the designated institution's code (定点医药机构编码)
 * @param deviceId      the device id
 */
public record Topics(String admdvs, String fixmedinsCode, String deviceId) {

    /** The root every topic of this layout starts with. */
    public static final String ROOT = "yb";
    /** One topic level of the layout (compiled once: the centre checks every arrival's topic). */
    private static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public Topics {
        segment("admdvs", admdvs);
        segment("fixmedinsCode", fixmedinsCode);
        segment("deviceId", deviceId);
    }

    /** {@code yb/{admdvs}/{fixmedins_code}/{device_id}}. */
    public String base() {
        return ROOT + "/" + admdvs + "/" + fixmedinsCode + "/" + deviceId;
    }

    /** Where messages of {@code lane} are published. */
    public String lane(Lane lane) {
        return base() + "/" + lane.topicSegment();
    }

    public String acks() {
        return base() + "/acks";
    }

    public String commands() {
        return base() + "/commands";
    }

    /** {@code yb/{admdvs}/area/commands}: updates for every device of this device's area. */
    public String areaCommands() {
        return areaCommands(admdvs);
    }

    /**
     * {@code yb/{admdvs}/area/commands}, four levels, so it never matches the five-level device
     * filters such as {@code yb/+/+/+/claims}.
     */
    public static String areaCommands(String admdvs) {
        segment("admdvs", admdvs);
        return ROOT + "/" + admdvs + "/area/commands";
    }

    public String status() {
        return base() + "/status";
    }

    public String request(String service) {
        segment("service", service);
        return base() + "/req/" + service;
    }

    public String responses() {
        return base() + "/resp";
    }

    /** The wildcard filter a receiver uses for one lane of every device. */
    public static String allDevices(String suffix) {
        return ROOT + "/+/+/+/" + suffix;
    }

    /**
     * The device part of a topic {@code yb/a/f/d/...}, or null if the topic is not in the
     * layout.
     */
    public static Topics ofTopic(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length < 5 || !ROOT.equals(parts[0])) {
            return null;
        }
        try {
            return new Topics(parts[1], parts[2], parts[3]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void segment(String name, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1-64 of [A-Za-z0-9_.-] (no '/', '+', '#'): " + value);
        }
    }
}
