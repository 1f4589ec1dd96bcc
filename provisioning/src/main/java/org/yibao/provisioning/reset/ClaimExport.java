package org.yibao.provisioning.reset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yibao.provisioning.snapshot.AtomicFiles;

/**
 * Writes the claims a reset must keep ({@link KeptClaim}: unacknowledged, or refused by the
 * centre with its code and reason) to a JSON-lines file (one object per claim, payload in base64,
 * so the bytes can be re-queued exactly), fsynced, given its name (never replacing a file of that
 * name) and its folder fsynced, so the export is on the medium before the reset removes the
 * database, then reads it back and checks every id and payload byte. The file holds personal
 * data on purpose: it is the claims themselves, to be handed to the centre.
 */
public final class ClaimExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimExport() {
    }

    /** Writes and verifies; false when what was read back differs from {@code claims}. */
    public static boolean writeVerified(List<KeptClaim> claims, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".claims-", ".part");
        try {
            StringBuilder text = new StringBuilder();
            for (KeptClaim claim : claims) text.append(JSON.writeValueAsString(fields(claim))).append('\n');
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            putInPlace(temp, target);
            AtomicFiles.syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
        return sameContent(claims, readBack(target));
    }

    /**
     * Gives the written file its name without ever replacing a file of that name (another
     * terminal's export may be the only copy of its claims): a hard link fails when the name is
     * taken (the temporary file is then removed by the caller). On a file system without hard
     * links (a FAT-formatted USB stick) the file is moved, after one more look at the name.
     *
     * @throws FileAlreadyExistsException a file of that name appeared since the reset looked
     */
    private static void putInPlace(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The claims in an export file, in order. */
    public static List<KeptClaim> readBack(Path file) throws IOException {
        List<KeptClaim> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            out.add(new KeptClaim(n.path("id").asText(), n.path("lane").asText(), n.path("message_class").asText(),
                    n.path("type").asText(), n.path("order_key").isNull() ? null : n.path("order_key").asText(null),
                    n.path("state").asText(), n.path("created_at").asLong(), Base64.getDecoder().decode(n.path("payload").asText()),
                    n.path("result_code").asText(null), n.path("result_reason").asText(null)));
        }
        return out;
    }

    private static Map<String, Object> fields(KeptClaim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("lane", c.lane());
        m.put("message_class", c.messageClass());
        m.put("type", c.type());
        m.put("order_key", c.orderKey());
        m.put("state", c.state());
        m.put("created_at", c.createdAt());
        m.put("payload", Base64.getEncoder().encodeToString(c.payload()));
        m.put("result_code", c.resultCode());
        m.put("result_reason", c.resultReason());
        return m;
    }

    private static boolean sameContent(List<KeptClaim> a, List<KeptClaim> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            KeptClaim x = a.get(i);
            KeptClaim y = b.get(i);
            if (!x.id().equals(y.id()) || !Arrays.equals(x.payload(), y.payload()) || !x.type().equals(y.type())
                    || !x.state().equals(y.state()) || !Objects.equals(x.resultCode(), y.resultCode())
                    || !Objects.equals(x.resultReason(), y.resultReason())) return false;
        }
        return true;
    }
}
