package org.yibao.terminal.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The terminal's version: the Maven project version, written into {@code version.properties}
 * when the resources are processed. The one source of {@code terminal --version} and of the
 * {@code app} entry of the diagnostics' {@code versions.json}.
 */
public final class AppVersion {
    private static final String VERSION = load();

    private AppVersion() {
    }

    /** The version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = AppVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the build");
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("version.properties was not filled in by the build: " + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
