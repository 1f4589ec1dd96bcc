package org.yibao.terminal.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.snapshot.AtomicFiles;
import org.yibao.provisioning.update.CatchUp;

/**
 * The updates the agent is handling, written down (by the SHA-256 of the message, with the stops
 * so far counted) while it works on them: taken up before it verifies or applies one, put down
 * when that one waits (verified, for its turn in a catch-up answer; or an exception, which is not
 * a stop), crossed out once decided. So an update that stops the service (its heap run out, a
 * crash, a kill while it is verified or applied) is known when it comes again after the restart,
 * and only the one being worked on is counted at a stop, not the others of its answer. After it
 * was in hand at {@value #ATTEMPTS} stops, it is set aside: not verified or applied again by this
 * device (it is named in the log, and counted in the {@code status} report), so the broker's
 * redelivery and the catch-up cannot stop the service at every start. Kept in two small files of
 * the data folder; only the agent's thread uses this. An update that cannot be written down (a
 * full disk) is not taken up, and that failure is not counted as a stop.
 */
final class UpdatesInHand {
    private static final Logger LOG = LoggerFactory.getLogger(UpdatesInHand.class);
    static final String IN_HAND = "fleet-in-hand.txt";
    static final String SET_ASIDE = "fleet-set-aside.txt";
    /** Stops with an update in hand before it is set aside: three in a row are its doing, not a power cut's. */
    static final int ATTEMPTS = 3;
    private static final int MAX_SET_ASIDE = 100;
    /**
     * Entries kept in hand: one is left behind by an update in hand at a stop that never comes
     * again (withdrawn by the centre, or its stream reset); the oldest such go first.
     */
    static final int MAX_IN_HAND = 100;

    private final Path inHandFile;
    private final Path setAsideFile;
    private final Map<String, Integer> inHand;
    private final Set<String> setAside;
    /** The updates taken up now, with the stops they were in hand at before this one. */
    private final Map<String, Integer> takenUp = new HashMap<>();

    UpdatesInHand(Path dataDir) {
        this.inHandFile = dataDir.resolve(IN_HAND);
        this.setAsideFile = dataDir.resolve(SET_ASIDE);
        this.inHand = readCounts(inHandFile);
        this.setAside = new LinkedHashSet<>(readLines(setAsideFile));
    }

    /** The hash an update is known by: the SHA-256 of its message as received. */
    static String hash(CatchUp.Envelope e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(e.bytes(), e.offset(), e.length());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    /**
     * Takes {@code hash} up: written down as in hand, a stop from now on counted; false (and
     * nothing to handle) when it is set aside, or is set aside now because it was in hand at
     * {@value #ATTEMPTS} stops already.
     */
    boolean begin(String hash) {
        if (setAside.contains(hash)) return false;
        int stops = inHand.getOrDefault(hash, 0);
        if (stops >= ATTEMPTS) {
            inHand.remove(hash);
            setAside.add(hash);
            while (setAside.size() > MAX_SET_ASIDE) setAside.remove(setAside.iterator().next());
            write(setAsideFile, List.copyOf(setAside));
            write(inHandFile, countLines());
            LOG.error("fleet: an update of SHA-256 {} was being handled at {} stops of the service; set aside, it is not handled "
                    + "again on this device (the catch-up asks the centre to hold it back). Look for its id in the last log lines before those "
                    + "stops; raise -Xmx and remove {} to try it again, or have the centre withdraw it (center publish --withdraw) and send "
                    + "it smaller or as a delta", hash, stops, setAsideFile);
            return false;
        }
        inHand.put(hash, stops + 1);
        Map<String, Integer> dropped = dropOldestBeyondLimit(hash);
        try {
            write(inHandFile, countLines());
        } catch (UncheckedIOException e) { // a full disk: not handled now, and not a stop of the service
            restore(hash, stops);
            inHand.putAll(dropped);
            throw e;
        }
        takenUp.put(hash, stops);
        return true;
    }

    /**
     * Removes the oldest entries beyond {@link #MAX_IN_HAND}, never {@code keep} or one taken up
     * now; returns them (put back if the file cannot be written).
     */
    private Map<String, Integer> dropOldestBeyondLimit(String keep) {
        Map<String, Integer> dropped = new LinkedHashMap<>();
        var oldestFirst = inHand.entrySet().iterator();
        while (inHand.size() > MAX_IN_HAND && oldestFirst.hasNext()) {
            var entry = oldestFirst.next();
            if (entry.getKey().equals(keep) || takenUp.containsKey(entry.getKey())) continue;
            dropped.put(entry.getKey(), entry.getValue());
            oldestFirst.remove();
        }
        return dropped;
    }

    /** Back to {@code stops} stops counted for {@code hash} (none: not in hand). */
    private void restore(String hash, int stops) {
        if (stops == 0) inHand.remove(hash);
        else inHand.put(hash, stops);
    }

    /**
     * Puts {@code hash} down undecided: a stop from now on is not its doing; the stops it was in
     * hand at before stay counted.
     */
    void putDown(String hash) {
        Integer stopsBefore = takenUp.remove(hash);
        if (stopsBefore == null) return;
        restore(hash, stopsBefore);
        write(inHandFile, countLines());
    }

    /** Crosses {@code hash} out: it was decided (applied, refused or dropped) without a stop. */
    void end(String hash) {
        takenUp.remove(hash);
        if (inHand.remove(hash) != null) write(inHandFile, countLines());
    }

    /** The hashes of the updates set aside (the catch-up asks the centre not to send them again). */
    List<String> setAside() {
        return List.copyOf(setAside);
    }

    /** How many updates are set aside. */
    int setAsideCount() {
        return setAside.size();
    }

    private List<String> countLines() {
        List<String> lines = new ArrayList<>();
        inHand.forEach((hash, stops) -> lines.add(hash + " " + stops));
        return lines;
    }

    private static Map<String, Integer> readCounts(Path file) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : readLines(file)) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && parts[1].matches("[0-9]{1,3}")) counts.put(parts[0], Integer.parseInt(parts[1]));
        }
        return counts;
    }

    private static List<String> readLines(Path file) {
        try {
            if (!Files.isRegularFile(file)) return List.of();
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> l.matches("[0-9a-f]{64}( .*)?")).toList();
        } catch (IOException e) {
            LOG.warn("fleet: {} unreadable; treated as empty: {}", file, e.toString());
            return List.of();
        }
    }

    /**
     * Replaces {@code file} whole, synced (a count a power cut took would set an update aside one
     * stop late), or removes it when there is nothing to keep.
     */
    private static void write(Path file, List<String> lines) {
        try {
            if (lines.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            AtomicFiles.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("fleet: cannot write " + file, e);
        }
    }
}
