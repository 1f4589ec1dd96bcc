package org.yibao.terminal.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.yibao.provisioning.selftest.Check;
import org.yibao.provisioning.selftest.CheckResult;
import org.yibao.terminal.api.http.ApiTls;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.app.TerminalConfig;

/**
 * The self-test's {@code api} line: how the local API's requests travel. HTTPS with a
 * certificate in its validity and a key only the service reads passes (saying when the
 * certificate ends, and asking for a new one within {@link ApiTls#RENEW_WITHIN}); a certificate
 * out of its validity or a key others may read fails. Plain HTTP passes on loopback, and fails on any other
 * address, as an optional line: the key, the passwords and the persons' answers cross the LAN in
 * clear, which the configuration allows but a technician should see.
 */
record ApiTransportCheck(TerminalConfig.Api api, Clock clock) implements Check {
    @Override public String name() {
        return "api";
    }

    @Override public boolean required() {
        return api.tls().isPresent() || api.bind().isLoopbackAddress();
    }

    @Override public CheckResult run() {
        String where = api.bind().getHostAddress();
        if (api.tls().isEmpty()) {
            if (api.bind().isLoopbackAddress()) return pass("HTTP，仅本机回环地址 " + where);
            return fail("明文 HTTP 监听 " + where + "：接口密钥、签到密码与人员信息以明文经过局域网，请在运行配置中设置 api_tls（证书与私钥）");
        }
        ApiTls tls = api.tls().get();
        Instant now = clock.instant();
        List<String> warnings = tls.warnings(now);
        if (!warnings.isEmpty()) return fail(String.join("；", warnings));
        String shown = "HTTPS 监听 " + where + "，证书 " + tls.certificate().getSubjectX500Principal().getName() + " 有效至 "
                + LocalDate.ofInstant(tls.certificate().getNotAfter().toInstant(), BeijingTime.ZONE) + "（剩 " + tls.daysLeft(now) + " 天）";
        return pass(tls.renewalDue(now).isPresent() ? shown + "，即将到期，请尽快更换" : shown);
    }
}
