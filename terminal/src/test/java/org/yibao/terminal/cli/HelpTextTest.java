package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} is read by technicians and pharmacy managers: every command's description opens
 * in Chinese (an English line may follow), and every option says what it is. Found by the
 * documentation check (bbdocs): 16 commands opened in English, and {@code provision}'s
 * {@code --data-dir} said nothing, not even its default.
 */
class HelpTextTest {

    private static void walk(CommandLine command, String path, List<String> problems) {
        CommandSpec spec = command.getCommandSpec();
        String[] description = spec.usageMessage().description();
        if (description.length == 0 || !hasChinese(description[0])) {
            problems.add(path + ": description does not open in Chinese: " + (description.length == 0 ? "(none)" : description[0]));
        }
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            if (option.description().length == 0 || option.description()[0].isBlank()) {
                problems.add(path + " " + option.longestName() + ": no description");
            }
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) walk(sub, path + " " + name, problems);
        });
    }

    private static boolean hasChinese(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @Test
    void everyCommandOpensInChineseAndEveryOptionIsDescribed() {
        List<String> problems = new ArrayList<>();
        walk(new CommandLine(new TerminalCli()), "terminal", problems);
        assertEquals(List.of(), problems, String.join("\n", problems));
    }
}
