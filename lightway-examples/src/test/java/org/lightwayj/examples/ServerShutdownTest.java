package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server process goes away while a client is Online, and the client notices and exits with
 * {@link Main#SERVER_GONE}. SIGTERM ({@link ProcessHandle#destroy()}) runs the server's shutdown hook, which
 * says Goodbye to every client; SIGKILL ({@link Process#destroyForcibly()}) says nothing, and the
 * client's keepalive timeout (UDP) or the closed stream (TCP) tells it. Only outcomes are asserted,
 * with generous timeouts (the box is shared): "promptly" means well before the client's 60 s run ends.
 */
class ServerShutdownTest {
    private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

    /** Collects a process's output on a daemon thread. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();

        Output(InputStream in, String name) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (text) {
                            text.append(line).append('\n');
                            text.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        String get() {
            synchronized (text) {
                return text.toString();
            }
        }

        /** Waits until the output satisfies {@code p}; false after {@code seconds}. */
        boolean await(Predicate<String> p, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (text) {
                while (!p.test(text.toString())) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    text.wait(left);
                }
                return true;
            }
        }
    }

    @ParameterizedTest(name = "{0} server, {1}")
    @CsvSource({
        "udp, SIGTERM, the server said goodbye",
        "udp, SIGKILL, the server stopped answering",
        "tcp, SIGTERM, the server said goodbye",
    })
    @Timeout(150)
    void clientExitsNonZeroWhenTheServerGoes(String transport, String signal, String expected, @TempDir Path dir)
            throws Exception {
        boolean tcp = transport.equals("tcp");
        Path ca = dir.resolve("ca.pem");
        List<String> serverArgs = new ArrayList<>(List.of("server", "--listen", "127.0.0.1:0", "--ca-out",
                ca.toString(), "--rate", "100", "--size", "200", "--quiet"));
        List<String> clientArgs = new ArrayList<>(List.of("client", "--ca", ca.toString(), "--duration", "60s",
                "--rate", "100", "--size", "200", "--no-toggle", "--quiet", "--keepalive-timeout", "3s"));
        if (tcp) {
            serverArgs.add("--tcp");
            clientArgs.add("--tcp");
        } else {
            // No injected loss: the Goodbye must arrive for the SIGTERM case to say so.
            serverArgs.addAll(List.of("--loss", "0"));
            clientArgs.addAll(List.of("--loss", "0"));
        }
        Process server = TwoProcessTest.java(serverArgs.toArray(String[]::new)).start();
        Process client = null;
        try {
            Output serverOut = new Output(server.getInputStream(), "server-output");
            assertTrue(serverOut.await(s -> LISTENING.matcher(s).find(), 60), "no server:\n" + serverOut.get());
            Matcher m = LISTENING.matcher(serverOut.get());
            assertTrue(m.find());
            clientArgs.addAll(List.of("--connect", "127.0.0.1:" + m.group(1)));
            client = TwoProcessTest.java(clientArgs.toArray(String[]::new)).start();
            client.getOutputStream().close();
            Output clientOut = new Output(client.getInputStream(), "client-output");
            assertTrue(clientOut.await(s -> s.contains("Online: sending"), 60), "not Online:\n" + clientOut.get());
            assertTrue(serverOut.await(s -> s.contains("is Online"), 30), serverOut.get());

            if (signal.equals("SIGTERM")) {
                // SIGTERM, so the shutdown hook runs. Through the handle: Process.destroy() would also
                // close our end of the server's stdout, and we want to read what the hook prints.
                assertTrue(server.toHandle().destroy());
            } else {
                server.destroyForcibly(); // SIGKILL: nothing runs
            }
            assertTrue(client.waitFor(45, TimeUnit.SECONDS), "the client did not notice:\n" + clientOut.get());
            String out = clientOut.get();
            assertEquals(Main.SERVER_GONE, client.exitValue(), out);
            assertTrue(out.contains("The session ended early: " + expected), out);
            if (signal.equals("SIGTERM")) {
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not exit:\n" + serverOut.get());
                assertTrue(serverOut.await(s -> s.contains("said goodbye to 1 client(s)"), 10), serverOut.get());
                assertTrue(serverOut.get().contains("[server] totals: 1 client(s) came Online"), serverOut.get());
            }
        } finally {
            if (client != null) {
                client.destroyForcibly();
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
