package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled example policy (统筹区 371500) as {@code policy.yaml} beside a test's run file, which names it so. */
public final class ExamplePolicy {
    private static final Path EXAMPLE = Path.of("src/main/resources/examples/policy.yaml");

    private ExamplePolicy() {
    }

    /** Copies the policy beside {@code runFile} unless one is there; returns {@code runFile}. */
    public static Path besides(Path runFile) throws IOException {
        Path policy = runFile.toAbsolutePath().resolveSibling("policy.yaml");
        if (Files.notExists(policy)) Files.copy(EXAMPLE, policy);
        return runFile;
    }
}
