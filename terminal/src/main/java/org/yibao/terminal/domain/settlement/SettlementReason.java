package org.yibao.terminal.domain.settlement;

import org.yibao.terminal.domain.ReasonCode;

/** Why a settlement is refused (range 1300-1399). The detail names the line or field. */
public enum SettlementReason implements ReasonCode {
    NO_MATCHING_RULE("1301", "本地政策没有适用于该人员和医疗类别的规则，不能结算"),
    BEFORE_POLICY_EFFECTIVE("1302", "结算日期早于政策生效日期，不能结算"),
    DISEASE_REQUIRED("1303", "门慢门特结算须填写病种编码"),
    DISEASE_NOT_COVERED("1304", "该病种不在政策的门慢门特病种范围内"),
    NO_OPSP_QUALIFICATION("1305", "参保人没有该病种在结算日有效的门慢门特待遇资格"),
    LINE_AMOUNT_MISMATCH("1306", "明细金额与单价×数量不符"),
    NOT_INSURED_FOR_INSUTYPE("1307", "参保人没有该险种的参保信息"),
    TOTAL_MISMATCH("1308", "医疗费总额与明细金额合计不符"),
    PERSON_MISMATCH("1309", "结算人员与人员信息不一致"),
    NO_LINES("1310", "没有费用明细"),
    AMOUNT_TOO_LARGE("1311", "金额超出允许范围"),
    BAD_CATALOGUE_ROW("1312", "目录数据错误（自付比例不在0到1之间）"),
    PARTS_MISMATCH("1313", "申报的费用分项与本次计算结果不符，请重新预结算"),
    INSURANCE_NOT_IN_FORCE("1314", "参保人该险种不是正常参保状态（暂停或终止参保），医保基金和个人账户不能支付，可全自费结算"),
    OFFLINE_TOO_LONG("1320", "脱机时间过长，只能全自费结算"),
    OFFLINE_SETTLEMENT_LIMIT("1321", "超过脱机单笔统筹支付限额，可改为全自费结算"),
    OFFLINE_DAY_LIMIT("1322", "超过本机脱机当日统筹支付限额，可改为全自费结算"),
    OFFLINE_NO_CACHED_BALANCE("1323", "脱机时没有缓存的个人账户余额，不能使用个人账户支付，请改为不使用个人账户结算");

    private final String code;
    private final String message;

    SettlementReason(String code, String message) {
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
