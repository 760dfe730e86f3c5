package org.lightwayj.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Argument checks (anywhere), then a real device (root on Linux only; skipped otherwise with the
 * reason).
 */
class TunDeviceTest {
    @Test
    void badNamesAreRefusedBeforeAnyNativeCall() {
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("much-too-long-name"));
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("a b"));
        assertThrows(NullPointerException.class, () -> TunDevice.open(null));
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static void assumeTunAvailable() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "not Linux");
        assumeTrue(isRoot(), "not running as root: TUN devices need CAP_NET_ADMIN");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun");
    }

    @Test
    @Timeout(20)
    void rootOnlyOpenSetMtuWriteAndCloseUnblocksTheReader() throws Exception {
        assumeTunAvailable();
        try (TunDevice tun = TunDevice.open("lwjtest%d")) {
            assertTrue(tun.name().startsWith("lwjtest"), tun.name());
            tun.setMtu(1350);
            assertEquals(1350, tun.mtu());
            ByteBuf packet = Unpooled.directBuffer(1400);
            // The interface is down: the kernel refuses writes (EIO), and reads would wait forever.
            packet.writeBytes(new byte[] {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2});
            assertThrows(IOException.class, () -> tun.write(packet.duplicate()));
            assertThrows(IOException.class, () -> tun.write(Unpooled.copiedBuffer(packet))); // heap: via scratch
            assertThrows(IOException.class, () -> tun.write(packet.nioBuffer()));
            packet.clear();
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return tun.read(packet);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            assertFalse(read.isDone(), "nothing to read yet");
            tun.close();
            assertEquals(-1, read.get(5, TimeUnit.SECONDS));
            assertTrue(tun.isClosed());
            assertEquals(-1, tun.read(packet));
            assertThrows(IOException.class, () -> tun.write(Unpooled.wrappedBuffer(new byte[20])));
            packet.release();
        }
    }
}
