package org.yibao.bench.e2e;

/**
 * The baseline JVM: prints {@code hello} and exits, or with {@code --sleep} stays alive (for the
 * resident-memory floor of a JVM with the same options) until killed.
 */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("hello");
        if (args.length > 0 && args[0].equals("--sleep")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
