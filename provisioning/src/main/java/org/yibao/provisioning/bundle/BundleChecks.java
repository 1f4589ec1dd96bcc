package org.yibao.provisioning.bundle;

import java.util.Optional;
import org.yibao.provisioning.json.JsonSyntax;

/**
 * Checks a bundle's parts that only the terminal understands fully, run before anything is
 * written: the voucher trust file and the first admin (password rules). Each answers why the
 * part is unacceptable (in Chinese, naming the key), or empty. The terminal's CLI supplies its own readers;
 * {@link #STRUCTURAL} only checks the shape.
 */
public interface BundleChecks {
    /** Why {@code trustJson} (the voucher trust file's bytes) is unacceptable, or empty. */
    Optional<String> trustFile(byte[] trustJson);

    /** Why {@code admin} is unacceptable, or empty. */
    Optional<String> firstAdmin(FirstAdmin admin);

    /** Shape only: a trust file is a JSON object with a version and a non-empty keys list; a password has 8+ characters. */
    BundleChecks STRUCTURAL = new BundleChecks() {
        @Override public Optional<String> trustFile(byte[] trustJson) {
            try {
                var node = BundleJson.MAPPER.readTree(trustJson);
                if (node == null || !node.isObject() || !node.path("version").isTextual()
                        || !node.path("keys").isArray() || node.path("keys").isEmpty()) {
                    return Optional.of("须有字符串 version 和非空的 keys 数组");
                }
                return Optional.empty();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Optional.of(JsonSyntax.describe(e));
            } catch (java.io.IOException e) {
                return Optional.of("读取出错（输入输出错误）");
            }
        }

        @Override public Optional<String> firstAdmin(FirstAdmin admin) {
            if (!admin.opterNo().matches("[0-9A-Za-z_-]{1,20}")) return Optional.of("opter_no 须为 1 至 20 位字母、数字、_ 或 -");
            if (admin.name().isBlank()) return Optional.of("name 不能为空");
            return admin.oneTimePassword().length < 8 ? Optional.of("one_time_password 至少 8 个字符") : Optional.empty();
        }
    };
}
