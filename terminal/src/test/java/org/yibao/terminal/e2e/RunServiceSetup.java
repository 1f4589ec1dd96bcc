package org.yibao.terminal.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;

/**
 * What a test of the real {@code terminal run} process needs around it, in {@code dir}: the demo
 * files, a free API port, a real Mosquitto, the reference centre with the demo persons, the run
 * configuration with the cashier seeded, and a POS over HTTP. The test starts and kills the
 * process itself; {@link #close} stops the rest in reverse order.
 */
record RunServiceSetup(Path files, int apiPort, MosquittoBroker broker, ReferenceCentreService centre, Path config,
                       HttpPos pos) implements AutoCloseable {

    static RunServiceSetup start(Path dir) throws Exception {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        int apiPort = LoopbackPorts.free();
        MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
        ReferenceCentreService centre = null;
        try {
            centre = ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"),
                    PersonDirectory.load(files.resolve(DemoFiles.PERSONS)), "c1", Clock.systemUTC());
            Path config = KillDuringSettlementsTest.writeConfig(dir, apiPort, broker.uri());
            KillDuringSettlementsTest.seedOperators(dir.resolve("data"));
            HttpPos pos = new HttpPos(URI.create("http://127.0.0.1:" + apiPort + "/fsi/api/rsfComIfsService/callService"),
                    DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS);
            return new RunServiceSetup(files, apiPort, broker, centre, config, pos);
        } catch (Exception | Error e) {
            if (centre != null) centre.close();
            broker.close();
            throw e;
        }
    }

    @Override public void close() throws Exception {
        try (MosquittoBroker b = broker; ReferenceCentreService c = centre; HttpPos p = pos) {
            // closed in reverse order: the POS, the centre, the broker
        }
    }
}
