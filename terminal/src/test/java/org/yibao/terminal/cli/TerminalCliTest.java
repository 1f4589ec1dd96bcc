package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The start-up shortcut: {@code terminal X ...} builds only X's command, found from the annotations. */
class TerminalCliTest {

    @Test
    void topLevelCommandsAreFoundByName() {
        assertEquals(Optional.of(RunCommand.class), TerminalCli.subcommand("run"));
        assertEquals(Optional.of(DemoCommand.class), TerminalCli.subcommand("demo"));
        assertEquals(Optional.of(CenterCommand.class), TerminalCli.subcommand("center"));
    }

    @Test
    void helpUnknownNamesAndOptionsGoThroughTheWholeTree() {
        assertTrue(TerminalCli.subcommand("help").isEmpty(), "help needs the whole tree");
        assertTrue(TerminalCli.subcommand("nosuch").isEmpty());
        assertTrue(TerminalCli.subcommand("--version").isEmpty());
    }

    @Test
    void everyDeclaredSubcommandButHelpHasTheShortcut() {
        for (Class<?> sub : TerminalCli.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            if (sub == CommandLine.HelpCommand.class) continue;
            String name = sub.getAnnotation(CommandLine.Command.class).name();
            assertEquals(Optional.of(sub), TerminalCli.subcommand(name), name);
        }
    }
}
