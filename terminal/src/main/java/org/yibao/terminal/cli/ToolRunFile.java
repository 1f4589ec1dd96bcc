package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.yibao.terminal.app.RunFilePaths;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.provision.ConfigFileException;

/**
 * A run file ({@code --config FILE}) as the repair tools read it: the whole configuration when it
 * loads; when it does not, its {@code data_dir} and {@code policy} alone ({@link RunFilePaths}) and
 * why the rest was refused. A diagnostics export is wanted most when the configuration is broken,
 * and a factory reset removes the file anyway. A file whose {@code data_dir} cannot be read either
 * is refused as {@code run} refuses it.
 *
 * @param config   the configuration, when it loads
 * @param dataDir  its data folder
 * @param policy   its policy file, when it names one
 * @param unusable why the configuration does not load, when it does not
 */
record ToolRunFile(Optional<TerminalConfig> config, Path dataDir, Optional<Path> policy, Optional<ConfigFileException> unusable) {

    static ToolRunFile load(Path file) throws IOException {
        try {
            TerminalConfig config = TerminalConfig.load(file);
            return new ToolRunFile(Optional.of(config), config.dataDir(), Optional.of(config.policy()), Optional.empty());
        } catch (ConfigFileException e) {
            RunFilePaths paths = RunFilePaths.read(file);
            return new ToolRunFile(Optional.empty(), paths.dataDir().orElseThrow(() -> e), paths.policy(), Optional.of(e));
        }
    }
}
