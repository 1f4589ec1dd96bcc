package org.yibao.provisioning.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@value #SERVICE} request and answer on the uplink's request/response channel: the device
 * sends {@code {"csr_pem":"…"}}, the centre answers {@code {"client_cert_pem":"…"}} or
 * {@code {"error":"…"}}.
 */
public final class RenewalWire {
    /** The centre service name ({@code .../req/certificate}). */
    public static final String SERVICE = "certificate";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenewalWire() {
    }

    static byte[] request(String csrPem) {
        return JSON.createObjectNode().put("csr_pem", csrPem).toString().getBytes(StandardCharsets.UTF_8);
    }

    static Optional<String> csrOf(byte[] request) {
        return field(request, "csr_pem");
    }

    static byte[] certificate(String pem) {
        return JSON.createObjectNode().put("client_cert_pem", pem).toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String why) {
        return JSON.createObjectNode().put("error", why).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The certificate PEM of an answer, or empty (then {@link #errorOf} says why). */
    static Optional<String> certificateOf(byte[] answer) {
        return field(answer, "client_cert_pem");
    }

    static String errorOf(byte[] answer) {
        return field(answer, "error").orElse("answer without a certificate");
    }

    private static Optional<String> field(byte[] json, String name) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.path(name).isTextual() ? Optional.of(node.get(name).textValue()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
