package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every {@link MetricsListener} callback, the ones the core adds later included, reaches the delegate. */
class ForwardingMetricsListenerTest {

    @Test
    void everyCallbackIsForwardedWithItsArguments() throws Exception {
        List<String> seen = new ArrayList<>();
        MetricsListener recorder = (MetricsListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MetricsListener.class}, (proxy, m, args) -> {
                    seen.add(m.getName() + (args == null ? "" : Arrays.asList(args).toString()));
                    return null;
                });
        ForwardingMetricsListener forwarding = new ForwardingMetricsListener(recorder);
        int callbacks = 0;
        for (Method m : MetricsListener.class.getMethods()) {
            if (m.isDefault()) {
                Object[] args = new Object[m.getParameterCount()];
                for (int i = 0; i < args.length; i++) {
                    Class<?> t = m.getParameterTypes()[i];
                    args[i] = t == int.class ? (Object) 7 : t == boolean.class ? (Object) true
                            : t.isEnum() ? t.getEnumConstants()[0] : null;
                }
                seen.clear();
                m.invoke(forwarding, args);
                assertEquals(List.of(m.getName() + (args.length == 0 ? "" : Arrays.asList(args).toString())),
                        seen, m.getName());
                callbacks++;
            }
        }
        assertTrue(callbacks >= 34, "callbacks checked: " + callbacks);
    }
}
