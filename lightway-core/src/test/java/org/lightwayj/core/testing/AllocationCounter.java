package org.lightwayj.core.testing;

import java.lang.reflect.Method;

/**
 * The HotSpot per-thread allocation counter, for tests that assert a path allocates nothing. Through
 * reflection: test classes are compiled into the org.lightwayj.core module, which does not read
 * java.management; at run time tests are on the class path and may use it.
 */
public final class AllocationCounter {
    private static Object bean;
    private static Method allocated;

    private AllocationCounter() {
    }

    /**
     * Switches the counter on where the JVM supports it.
     *
     * @return whether {@link #allocatedBytes()} can be used (use with {@code assumeTrue})
     */
    public static synchronized boolean setUp() {
        try {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> hs = Class.forName("com.sun.management.ThreadMXBean");
            if (!hs.isInstance(bean) || !(boolean) hs.getMethod("isThreadAllocatedMemorySupported").invoke(bean)) {
                return false;
            }
            hs.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
            allocated = hs.getMethod("getCurrentThreadAllocatedBytes");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** {@return bytes allocated so far by the calling thread; call {@link #setUp()} first} */
    public static long allocatedBytes() {
        try {
            return (long) allocated.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@return bytes allocated so far by {@code thread} (e.g. a handshake task's thread); call
     * {@link #setUp()} first}
     */
    public static long allocatedBytes(Thread thread) {
        try {
            Class<?> hs = Class.forName("com.sun.management.ThreadMXBean");
            return (long) hs.getMethod("getThreadAllocatedBytes", long.class).invoke(bean, thread.getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@return how many threads the JVM has started so far (ThreadMXBean, through reflection)} */
    public static long startedThreads() {
        try {
            Object b = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("java.lang.management.ThreadMXBean").getMethod("getTotalStartedThreadCount")
                    .invoke(b);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
