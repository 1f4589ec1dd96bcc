package org.yibao.terminal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code terminal outbox}: the claims and control messages waiting for the centre in
 * {@code <data-dir>/terminal.db}, for a technician or manager: what needs attention
 * ({@code list}) and sending what was given up on again ({@code retry}). Safe while the service
 * runs: it reads like any reader of the WAL database and writes one short transaction.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "查看待上传队列中需要人工处理的消息，并重新上传（服务运行时也可使用）。",
        subcommands = {OutboxListCommand.class, OutboxRetryCommand.class})
public final class OutboxCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
