// Local Neo4j (Community, embedded) server for Linli's tests and development.
//
// Run with the Java source launcher (no compile step), normally via scripts/neo4j:
//   java -Xms256m -Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED \
//        --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
//        -Dlog4j2.disable.jmx=true -cp '<lib>/*' Serve.java <home> <port>
//
// Page cache: -Dlinli.pagecache.mb=<MiB> (default 1024: a city of 200 subdistricts,
// ~1 M nodes and ~1.8 M relationships, is a 0.45 GB store -- 325 MB of store files,
// 129 MB of indexes -- plus what a clear and a reload leave behind; with 128 MiB its
// queries went to disk and took 2-4x longer). Neo4j takes the pages as it touches them,
// so a small test database uses little of it. The heap (scripts/neo4j: 1 GiB) is enough
// for a city's batched load (~7 s of young collections in a ~50 s load; 2 GiB gave none
// back).
//
// Bolt only, on 127.0.0.1:<port>, no TLS, no auth, no HTTP. Prints
// "READY bolt://127.0.0.1:<port>" once the default database is available and
// the Bolt port accepts connections, then blocks until SIGTERM/SIGINT, which
// runs a shutdown hook that shuts the DBMS down cleanly (releases store locks).

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

public class Serve {
    private static final String HOST = "127.0.0.1";
    private static final long PAGE_CACHE_MB = Long.getLong("linli.pagecache.mb", 1024);

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Serve.java <home> <port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        SocketAddress bolt = new SocketAddress(HOST, port);

        final DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, bolt)
                    .setConfig(BoltConnector.advertised_address, bolt)
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(PAGE_CACHE_MB))
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // Internal setting (pinned 5.26.x): skip Netty's 5 s graceful quiet
                    // period so that stop takes ~1 s instead of ~6 s.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        } catch (Throwable t) {
            System.err.println("FAILED to start Neo4j (home " + home + ", port " + port + "): " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Shutting down Neo4j ...");
            try {
                dbms.shutdown();
                System.out.println("Neo4j stopped.");
            } catch (Throwable t) {
                System.err.println("Error during shutdown: " + t);
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(120_000)) {
            System.err.println("FAILED: default database did not become available; see " + home + "/logs/debug.log");
            System.exit(1);
        }
        if (!boltAccepts(port, 30_000)) {
            System.err.println("FAILED: Bolt is not accepting connections on " + HOST + ":" + port);
            System.exit(1);
        }

        System.out.println("READY bolt://" + HOST + ":" + port);
        System.out.flush();
        stopped.await(); // blocks until the shutdown hook has run
    }

    private static boolean boltAccepts(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return true;
            } catch (Exception e) {
                Thread.sleep(200);
            }
        }
        return false;
    }
}
