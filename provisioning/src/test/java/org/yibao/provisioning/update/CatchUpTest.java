package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A catch-up answer as the device reads it with the streaming parser. */
class CatchUpTest {

    /**
     * A field the device does not use, or one whose value is not the type it expects, is read
     * past whole (as the tree reader did): an object or array under {@code error} or {@code more}
     * does not make a valid answer "trailing tokens".
     */
    @Test
    void anAnswersFieldsOfAnotherJsonTypeAreReadPastWhole() {
        for (String field : List.of("\"error\":{\"code\":1}", "\"more\":{\"pages\":2}", "\"more\":[true]", "\"note\":{\"a\":[1]}")) {
            String json = "{\"updates\":[]," + field + ",\"withheld\":[]}";
            CatchUp.Received received = CatchUp.Received.read(json.getBytes(StandardCharsets.UTF_8));
            assertEquals(0, received.updates().size(), json);
            assertFalse(received.more(), json);
        }
    }
}
