package org.yibao.provisioning.update;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A digest of a TSV file's lines that does not depend on their order: the sum, modulo 2^256, of
 * the SHA-256 of each line (its UTF-8 bytes, without the line end). A device rebuilds a delta's
 * result as the base's lines kept and then the added ones, so a row changed in place ends up last:
 * the same lines as the centre's new file, in another order. The next delta, made from that new
 * file, names its base by this digest too, so the device recognises the file it holds.
 *
 * <p>It tells a wrong base, and a centre and device that split lines differently; being additive,
 * a result checked by it adds nothing once the base matched (the bytes written are the importer's
 * to check). It must never authenticate anything: sums of hashes modulo 2^256 can be made to
 * collide with far less work than SHA-256 (a generalised birthday attack), which does not matter
 * here only because the delta is signed and a device's base comes from signed updates alone.
 */
final class LineSum {
    private final MessageDigest sha256 = UpdateEnvelope.sha256Digest();
    /** The sum, little-endian 64-bit words. */
    private final long[] words = new long[4];

    void add(String line) {
        byte[] digest = sha256.digest(line.getBytes(StandardCharsets.UTF_8));
        long carry = 0;
        for (int w = 0; w < 4; w++) {
            long value = 0;
            for (int b = 0; b < 8; b++) value = (value << 8) | (digest[31 - w * 8 - (7 - b)] & 0xff);
            long sum = words[w] + value;
            long next = (Long.compareUnsigned(sum, words[w]) < 0 ? 1 : 0);
            sum += carry;
            if (carry == 1 && sum == 0) next = 1;
            words[w] = sum;
            carry = next;
        }
    }

    /** The sum as 64 hexadecimal digits, most significant first. */
    String hex() {
        StringBuilder out = new StringBuilder(64);
        for (int w = 3; w >= 0; w--) out.append(HexFormat.of().toHexDigits(words[w]));
        return out.toString();
    }

    static String of(Iterable<String> lines) {
        LineSum sum = new LineSum();
        lines.forEach(sum::add);
        return sum.hex();
    }
}
