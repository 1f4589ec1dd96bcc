package org.yibao.terminal.fleet;

import org.yibao.terminal.domain.ReasonCode;

/** Why the terminal refused a verified fleet update (the 1940-1945 refusals are provisioning's {@code ProvisionReason}). */
public enum FleetReason implements ReasonCode {
    UNKNOWN_COMMAND("1946", "不支持的中心指令"),
    NO_CATALOGUE("1947", "本机未启用目录库，无法更新目录或对照表"),
    CONTENT_NOT_UTF8("1948", "更新内容不是UTF-8编码"),
    BAD_REVOCATIONS("1949", "吊销名单格式错误"),
    DELTA_BASE_MISMATCH("1950", "目录增量与本机所存的目录版本不符，请中心发送全量目录"),
    DIAGNOSTICS_TOO_LARGE("1951", "诊断包即使删去日志仍超过上行消息上限，未上传"),
    PIECE_OUT_OF_ORDER("1952", "目录或对照表分片与本机已收的分片不衔接，已丢弃该文件已收的分片，请中心重新发送全部分片"),
    PIECES_NOT_THE_FILE("1953", "目录或对照表分片合并后与分片所声明文件的大小或摘要不符，已丢弃，请中心重新发送全部分片"),
    CODEMAP_DELTA_BASE_MISMATCH("1954", "对照表增量与本机所存的对照表版本不符，请中心发送全量对照表");

    private final String code;
    private final String message;

    FleetReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String message() {
        return message;
    }
}
