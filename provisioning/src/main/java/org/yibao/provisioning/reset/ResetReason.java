package org.yibao.provisioning.reset;

/**
 * Why a factory reset was refused: a stable code in the provisioning range (1990-1999) and a
 * Chinese message for the technician. Nothing was deleted when any of these is returned.
 */
public enum ResetReason {
    UNACKED_CLAIMS("1990", "存在未被医保中心确认的上传数据，不能恢复出厂设置；请先联网上传，或用 --export-claims 导出后再试"),
    EXPORT_FAILED("1991", "未确认或被拒绝数据导出或校验失败，未删除任何数据"),
    NOT_CONFIRMED("1992", "恢复出厂设置将删除数据目录中的全部内容，请加 --yes 确认"),
    NOT_A_DATA_DIR("1993", "数据目录无效：目录中没有 terminal.db，为安全起见不做删除"),
    DATABASE_UNREADABLE("1994", "数据库无法读取，无法确认是否存在未上传数据，未删除任何数据"),
    EXPORT_INSIDE_DATA_DIR("1995", "导出文件不能放在将被清除的数据目录中"),
    REJECTED_CLAIMS("1996", "存在被医保中心拒绝的结算数据（需与医保中心核对处理），不能恢复出厂设置；请用 --export-claims 导出后再试"),
    EXPORT_EXISTS("1997", "导出文件已存在（可能是另一台终端导出的数据），为免覆盖，请换一个文件名，未删除任何数据"),
    IN_USE("1998", "数据目录正被运行中的终端服务使用，请先停止服务（systemctl stop）再恢复出厂设置，未删除任何数据");

    private final String code;
    private final String message;

    ResetReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The four-digit code. */
    public String code() {
        return code;
    }

    /** The Chinese message; carries no personal data. */
    public String message() {
        return message;
    }
}
