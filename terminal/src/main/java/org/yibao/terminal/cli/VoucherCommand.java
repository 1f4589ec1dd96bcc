package org.yibao.terminal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code terminal voucher ...}: the 医保电子凭证 QR (YBEC1) tools. {@code verify} is the
 * terminal's own check; {@code keygen} and {@code issue} are for testing and the reference
 * centre only.
 */
@Command(name = "voucher", mixinStandardHelpOptions = true,
        description = {"医保电子凭证二维码（YBEC1）：离线验证、载入信任文件；keygen/issue 仅供测试与参考中心。",
                "医保电子凭证 QR (YBEC1): verify offline; keygen/issue for testing and the reference centre."},
        subcommands = {VoucherVerifyCommand.class, VoucherTrustCommand.class, VoucherKeygenCommand.class, VoucherIssueCommand.class})
public final class VoucherCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
