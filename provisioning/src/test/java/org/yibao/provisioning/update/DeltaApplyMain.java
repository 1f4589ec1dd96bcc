package org.yibao.provisioning.update;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code BASE DELTA RESULT}: rebuilds RESULT from the files, in a JVM of its own (a small heap). */
public final class DeltaApplyMain {
    private DeltaApplyMain() {
    }

    public static void main(String[] args) throws Exception {
        try (InputStream base = Files.newInputStream(Path.of(args[0]));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[2])))) {
            CatalogDelta.apply(base, Files.readAllBytes(Path.of(args[1])), out, CatalogDelta.CATALOGUE);
        }
    }
}
