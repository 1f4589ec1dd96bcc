package org.yibao.terminal.flow;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Why a transaction flow refuses (range 1350-1399 of the settlement area): identification,
 * the person's data, reversals, clinic visits and the kiosk's own limits.
 */
public enum FlowReason implements ReasonCode {
    PERSON_UNAVAILABLE("1350", "中心无法连接，本机也没有该人员的信息，无法获取人员信息"),
    PERSON_NOT_IDENTIFIED("1351", "本机没有该人员的信息，请先读卡或扫码获取人员信息（1101）"),
    NOTHING_PRESENTED("1352", "等待时间内未读到社保卡或医保电子凭证"),
    BAD_CERT_TYPE("1353", "就诊凭证类型不支持"),
    NO_DEVICE("1354", "本机未配置该凭证的读取设备"),
    CENTRE_ANSWER_BAD("1355", "中心返回的人员信息无法识别"),
    CENTRE_REFUSED("1356", "中心拒绝了人员信息查询"),
    WAIT_SUPERSEDED("1357", "本机收到了新的读卡或扫码等待请求，本次等待已结束，以新的请求为准"),
    SETTLEMENT_NOT_FOUND("1360", "结算记录不存在"),
    ALREADY_REVERSED("1361", "该笔结算已撤销，不能重复撤销"),
    REVERSAL_MISMATCH("1362", "撤销信息与原结算记录不符"),
    VISIT_FEES_CHANGED("1363", "该次就诊的费用明细在办理期间被另一笔交易改变，请核对费用后重新办理"),
    RECEIPT_NOT_KEPT("1364", "该笔结算没有所选种类的凭证（未撤销的结算没有撤销凭证）"),
    VISIT_NOT_FOUND("1365", "就诊记录不存在，请先办理挂号（2201）"),
    NO_FEES("1366", "该次就诊没有上传费用明细（2204）"),
    VISIT_MISMATCH("1367", "就诊信息与挂号记录不符"),
    VISIT_ALREADY_SETTLED("1368", "该次就诊已结算，如需重新结算请先撤销"),
    CLINIC_MED_TYPE("1369", "门诊结算的医疗类别须为 11（普通门诊）或 14（门诊慢特病）"),
    KIOSK_ID_NUMBER("1370", "自助机只能刷社保卡或扫医保电子凭证，不能录入身份证号"),
    KIOSK_AMOUNT_LIMIT("1371", "超过自助机单笔结算限额，请到人工窗口办理"),
    KIOSK_NO_ACCOUNT("1372", "自助机不能使用个人账户支付，请到人工窗口办理"),
    KIOSK_NO_CREDENTIAL("1373", "自助机结算须带回识别人员时的社保卡号或医保电子凭证（term_certinfo.mdtrt_cert_no）"),
    KIOSK_MODE_ONLY("1374", "本机为自助机，只受理自助终端（opter_type=2）交易"),
    BAD_PERIOD("1375", "对账期间不正确"),
    CLOCK_BEHIND("1376", "本机时钟不可信（可能断电后复位），为免结算日期出错暂停办理，请联系技术人员校准时间"),
    WAIT_CANCELLED("1377", "已按取消键，本次读卡或扫码已取消"),
    SCANNER_OFFLINE("1378", "扫码器未连接或连接中断，请检查扫码器连接后重新扫码"),
    FEE_BEFORE_VISIT("1379", "费用发生日期早于该次就诊的挂号日期（begntime），不属于该次就诊"),
    /** The settlement is stored, its receipt was deleted after {@code retention.receipt_days}. */
    RECEIPT_PURGED("1380", "该笔结算的小票已超过本机保存期限并已清理，无法重打（结算记录仍在，可照常撤销）");

    private final String code;
    private final String message;

    FlowReason(String code, String message) {
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
