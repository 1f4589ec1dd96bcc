package org.yibao.provisioning.config;

/**
 * Provisioning outcomes with a stable four-digit code (range 1900-1949 of the terminal's
 * 19xx "provisioning and configuration" range; 1950-1999 are left to self-test and
 * diagnostics) and a Chinese message fit to show a technician. Structurally the same as the
 * terminal's {@code ReasonCode} (the provisioning module cannot depend on terminal).
 */
public enum ProvisionReason {
    CONFIG_MALFORMED("1901", "配置文件不是有效的 JSON"),
    CONFIG_MISSING("1902", "配置缺少必填项"),
    CONFIG_INVALID("1903", "配置项取值无效"),
    CONFIG_UNKNOWN_FIELD("1904", "配置含有未知项"),
    KEY_EXISTS("1910", "设备密钥已存在，如需重新生成请加 --force"),
    NO_DEVICE_KEY("1911", "本机尚无设备密钥，请先执行 provision init"),
    NO_PROVISIONING_ROOT("1912", "未安装配置根公钥，请先执行 provision root FILE"),
    BAD_PROVISIONING_ROOT("1913", "配置根公钥无效"),
    ROOT_EXISTS("1914", "本机已安装另一把配置根公钥，如确需更换请加 --force"),
    BUNDLE_MALFORMED("1920", "配置包格式错误"),
    BUNDLE_BAD_SIGNATURE("1921", "配置包签名无效"),
    BUNDLE_WRONG_DEVICE("1922", "配置包不是发给本机的"),
    BUNDLE_EXPIRED("1923", "配置包已过期"),
    BUNDLE_CERT_MISMATCH("1924", "客户端证书与本机密钥不符"),
    BUNDLE_BAD_CERT("1925", "证书无效或已过期"),
    BUNDLE_BAD_TRUST_FILE("1926", "电子凭证信任文件无效"),
    BUNDLE_BAD_OPERATOR("1927", "首个管理员信息无效"),
    BUNDLE_OLDER("1928", "配置包早于本机正在使用的配置包，未应用"),
    NO_SNAPSHOT("1930", "没有该编号的配置快照"),
    NOT_PROVISIONED("1931", "本机尚未完成配置"),
    SNAPSHOT_DAMAGED("1933", "配置快照不完整或已损坏，未切换"),
    FIRST_ADMIN_NOT_CREATED("1932", "配置已应用，但首个管理员未能创建"),
    SNAPSHOT_CERT_EXPIRED("1934", "配置快照中的证书已过期，切换后无法连接医保中心，未切换；请向医保中心索取新的配置包"),
    RENEWED_CERT_TOO_SHORT("1935", "中心签发的新证书有效期落在续期阈值之内，未启用（否则每次检查都会再续期、重启）；旧证书继续使用，请联系中心调整签发有效期"),
    UPDATE_BAD_SIGNATURE("1940", "更新包签名无效"),
    UPDATE_MALFORMED("1941", "更新包格式错误"),
    UPDATE_NOT_FOR_DEVICE("1942", "更新包不是发给本机或本地区的"),
    UPDATE_DIGEST_MISMATCH("1943", "更新内容与摘要不符"),
    UPDATE_OUT_OF_ORDER("1944", "更新包序号不连续，须先接收前面的更新"),
    UPDATE_STALE_VERSION("1945", "更新版本不高于当前版本");

    private final String code;
    private final String message;

    ProvisionReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The four-digit code. */
    public String code() {
        return code;
    }

    /** The Chinese message (no personal data). */
    public String message() {
        return message;
    }
}
