package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code server} and {@code client} sub-commands as two OS processes on loopback: the server binds
 * an ephemeral port and writes its CA; the client trusts that CA, comes Online, and traffic flows both
 * ways. Both processes are always destroyed.
 */
class TwoProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("received from the server\\s+(\\d+) packets");

    static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "udp-dtls1.2", "tcp"})
    @Timeout(90)
    void serverAndClientAsTwoProcesses(String transport, @TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        boolean tcp = transport.equals("tcp");
        List<String> serverArgs = new ArrayList<>(List.of("server", "--listen", "127.0.0.1:0", "--ca-out",
                ca.toString(), "--duration", "60s", "--rate", "200", "--size", "300", "--quiet"));
        if (tcp) {
            serverArgs.add("--tcp");
        } else {
            serverArgs.addAll(List.of("--loss", "0.05"));
        }
        Process server = java(serverArgs.toArray(String[]::new)).start();
        Process client = null;
        StringBuilder serverOut = new StringBuilder();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (serverOut) {
                            serverOut.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                port.complete(-1);
            }, "server-output");
            pump.setDaemon(true);
            pump.start();
            int p = port.get(30, TimeUnit.SECONDS);
            assertTrue(p > 0, "the server did not start:\n" + serverOut);
            if (!tcp) {
                synchronized (serverOut) {
                    assertTrue(serverOut.toString().contains("UDP (DTLS 1.3 or 1.2)"), serverOut.toString());
                }
            }
            assertTrue(Files.size(ca) > 0);

            List<String> clientArgs = new ArrayList<>(List.of("client", "--connect", "127.0.0.1:" + p, "--ca",
                    ca.toString(), "--duration", "1500ms", "--rate", "200", "--size", "300"));
            if (tcp) {
                clientArgs.add("--tcp");
            }
            // The server was given no --dtls, so it accepts both versions; the client offers one.
            String dtls = transport.equals("udp-dtls1.2") ? "1.2" : "1.3";
            if (dtls.equals("1.2")) {
                clientArgs.addAll(List.of("--dtls", "1.2"));
            }
            client = java(clientArgs.toArray(String[]::new)).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            client.getOutputStream().close(); // stdin closed: the client ignores it
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client did not end:\n" + out);
            assertEquals(0, client.exitValue(), out);
            assertTrue(out.contains("state ONLINE"), out);
            if (!tcp) {
                assertTrue(out.contains("[client] Online over DTLS " + dtls + " (configured"), out);
            }
            assertTrue(out.contains("IP configuration: tunnel address 10.125.0.2"), out);
            Matcher m = RECEIVED.matcher(out);
            assertTrue(m.find(), out);
            // Any packet proves the path; how many arrive in 1.5 s depends on how loaded the machine is.
            assertTrue(Long.parseLong(m.group(1)) > 0, "server -> client traffic flowed:\n" + out);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String s;
            do {
                Thread.sleep(50);
                synchronized (serverOut) {
                    s = serverOut.toString();
                }
            } while (!s.contains("disconnected") && System.nanoTime() < deadline);
            assertTrue(s.contains("is Online"), s);
            assertTrue(s.contains("disconnected (GOODBYE)"), "the client said goodbye:\n" + s);
        } finally {
            if (client != null) {
                client.destroyForcibly();
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
