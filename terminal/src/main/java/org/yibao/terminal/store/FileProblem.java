package org.yibao.terminal.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why a file a technician named could not be read, in Chinese for a refusal's detail: never the
 * file system's English text or an exception's class name.
 */
public final class FileProblem {
    private FileProblem() {
    }

    /** 文件不存在, 无读取权限, why {@link BoundedFile} would not read it, 是目录，不是文件, or 读取出错（输入输出错误）. */
    public static String unreadable(Path file, IOException e) {
        return switch (e) {
            case NoSuchFileException _ -> "文件不存在";
            case AccessDeniedException _ -> "无读取权限";
            case BoundedFile.Refused refused -> refused.getReason();
            default -> Files.isDirectory(file) ? "是目录，不是文件" : "读取出错（输入输出错误）";
        };
    }
}
