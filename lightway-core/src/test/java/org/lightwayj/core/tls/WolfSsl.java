package org.lightwayj.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * wolfSSL's example client and server (built by {@code .ci/wolfssl.sh}) as a real DTLS 1.3 peer. The
 * binaries are found through {@code ${LIGHTWAY_CACHE:-$HOME/.cache/lightway-j}/wolfssl-current.env}
 * (written by the script) or the system properties {@code wolfssl.server} / {@code wolfssl.client}.
 */
final class WolfSsl implements AutoCloseable {
    private static final Map<String, String> ENV = load();

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private WolfSsl(List<String> command) throws IOException {
        // The examples insist on running from the wolfSSL tree (they look for certs/ relative to it).
        Path root = Path.of(command.get(0)).getParent().getParent().getParent();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(root.toFile());
        process = pb.start();
        InputStream in = process.getInputStream();
        reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                output.append("\n[read failed: ").append(e).append(']');
            }
        }, "wolfssl-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static Map<String, String> load() {
        Map<String, String> m = new HashMap<>();
        String cache = System.getenv("LIGHTWAY_CACHE");
        Path dir = cache != null && !cache.isEmpty() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "lightway-j");
        try {
            for (String line : Files.readAllLines(dir.resolve("wolfssl-current.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            // not built: the tests are skipped
        }
        String s = System.getProperty("wolfssl.server");
        if (s != null) {
            m.put("WOLFSSL_SERVER", s);
        }
        String c = System.getProperty("wolfssl.client");
        if (c != null) {
            m.put("WOLFSSL_CLIENT", c);
        }
        return m;
    }

    /** Whether both binaries exist. */
    static boolean available() {
        String s = ENV.get("WOLFSSL_SERVER");
        String c = ENV.get("WOLFSSL_CLIENT");
        return s != null && c != null && Files.isExecutable(Path.of(s)) && Files.isExecutable(Path.of(c));
    }

    static WolfSsl server(String... args) throws IOException {
        return start("WOLFSSL_SERVER", args);
    }

    static WolfSsl client(String... args) throws IOException {
        return start("WOLFSSL_CLIENT", args);
    }

    private static WolfSsl start(String which, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ENV.get(which));
        cmd.addAll(List.of(args));
        return new WolfSsl(cmd);
    }

    /** Everything the program printed so far. */
    String output() {
        return output.toString();
    }

    /** The output without the debug build's function-trace lines, last {@code lines} lines (for failure messages). */
    String tail(int lines) {
        String[] all = output.toString().split("\n");
        StringBuilder sb = new StringBuilder();
        int kept = 0;
        for (int i = all.length - 1; i >= 0 && kept < lines; i--) {
            if (!all[i].startsWith("wolfSSL Entering") && !all[i].startsWith("wolfSSL Leaving")) {
                sb.insert(0, all[i] + "\n");
                kept++;
            }
        }
        return sb.toString();
    }

    /** Waits for the program to exit; its exit code, or -1 if it is still running. */
    int waitFor(long millis) throws InterruptedException {
        if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            reader.join(10_000); // the debug build prints a lot; let the reader reach the end
            return process.exitValue();
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        reader.join(1000);
    }
}
