package org.yibao.terminal.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yibao.terminal.domain.RefusedException;

/**
 * The header line of a TSV file: where each named column is. Columns may come in any order;
 * every expected column must be present exactly once. Columns the file has beyond the expected
 * ones are ignored (national files grow columns over time).
 */
final class TsvHeader {
    private final Map<String, Integer> indexByName;
    private final int width;

    private TsvHeader(Map<String, Integer> indexByName, int width) {
        this.indexByName = indexByName;
        this.width = width;
    }

    /** Parses the header line (BOM already removed) and checks it holds every expected column. */
    static TsvHeader parse(String line, List<String> expected, String fileName) {
        String[] names = TsvLine.split(line);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].strip();
            if (index.putIfAbsent(name, i) != null && expected.contains(name)) {
                throw new RefusedException(CatalogReason.BAD_HEADER,
                        fileName + " 第 1 行：列 " + name + " 出现两次");
            }
        }
        List<String> missing = expected.stream().filter(n -> !index.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new RefusedException(CatalogReason.BAD_HEADER,
                    fileName + " 第 1 行：缺少列 " + String.join(", ", missing));
        }
        return new TsvHeader(index, names.length);
    }

    /** The position of an expected column. */
    int indexOf(String column) {
        Integer i = indexByName.get(column);
        if (i == null) throw new IllegalArgumentException("not an expected column: " + column);
        return i;
    }

    /** How many fields every data line must have. */
    int width() {
        return width;
    }
}
