package org.yibao.terminal.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bundled demo files (classpath {@code /demo/}): the area policy for 371502, the example
 * catalogue and 对照 map, and the reference centre's persons. Copied into the demo's data folder
 * so the running demo reads ordinary files, as a provisioned terminal does.
 */
public final class DemoFiles {
    public static final String POLICY = "policy.yaml";
    public static final String CATALOG = "catalog.tsv";
    public static final String CODEMAP = "codemap.tsv";
    public static final String PERSONS = "persons.json";

    private DemoFiles() {
    }

    /** Copies every bundled file into {@code dir} (overwriting) and returns {@code dir}. */
    public static Path copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {POLICY, CATALOG, CODEMAP, PERSONS}) {
            try (InputStream in = DemoFiles.class.getResourceAsStream("/demo/" + name)) {
                if (in == null) throw new IOException("bundled demo file missing from the jar: /demo/" + name);
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
