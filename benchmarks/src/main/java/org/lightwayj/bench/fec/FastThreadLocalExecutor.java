package org.lightwayj.bench.fec;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JMH executor ({@code -Djmh.executor=CUSTOM -Djmh.executor.class=...}) whose worker threads are
 * Netty {@link FastThreadLocalThread}s, like a host's event loop. Netty 4.2's {@code Recycler} pools
 * {@code PooledByteBuf} objects only on such threads; on a plain thread every pooled buffer costs a
 * fresh ~200-byte wrapper object, which would hide whether the codec itself allocates.
 */
public final class FastThreadLocalExecutor extends ThreadPoolExecutor {

    /**
     * @param maxThreads worker threads
     * @param prefix thread name prefix
     */
    public FastThreadLocalExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new Factory(prefix));
    }

    private static final class Factory implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        Factory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new FastThreadLocalThread(r, prefix + "-ftl-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
