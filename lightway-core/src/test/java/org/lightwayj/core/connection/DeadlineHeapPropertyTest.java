package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DeadlineHeap} against a brute-force minimum over random insert / update / remove / poll runs. */
class DeadlineHeapPropertyTest {

    @Test
    void heapMinimumMatchesBruteForce() {
        // Each op is an int: low 2 bits pick the operation, next 4 bits a node, the rest a key (small
        // range, so equal keys are common).
        qt().withExamples(500).forAll(lists().of(integers().all()).ofSizeBetween(0, 300)).checkAssert(ops -> {
            DeadlineHeap<Integer> heap = new DeadlineHeap<>();
            List<DeadlineHeap.Node<Integer>> nodes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                nodes.add(new DeadlineHeap.Node<>(i));
            }
            Map<Integer, Long> model = new HashMap<>();
            for (int op : ops) {
                int kind = op & 3;
                int id = (op >>> 2) & 15;
                long key = (op >>> 6) % 50;
                if (key == 49) {
                    key = Long.MAX_VALUE;
                }
                DeadlineHeap.Node<Integer> n = nodes.get(id);
                switch (kind) {
                    case 0, 1 -> {
                        heap.insertOrUpdate(n, key);
                        model.put(id, key);
                    }
                    case 2 -> {
                        heap.remove(n);
                        model.remove(id);
                    }
                    default -> {
                        DeadlineHeap.Node<Integer> top = heap.poll();
                        if (model.isEmpty()) {
                            assertNull(top);
                        } else {
                            long min = model.values().stream().mapToLong(Long::longValue).min().getAsLong();
                            assertEquals(min, top.key);
                            assertEquals(min, model.remove(top.owner));
                            assertTrue(!top.inHeap());
                        }
                    }
                }
                assertEquals(model.size(), heap.size());
                long min = model.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
                assertEquals(min, heap.minKey());
                for (int i = 0; i < 16; i++) {
                    assertEquals(model.containsKey(i), nodes.get(i).inHeap(), "membership of " + i);
                    if (model.containsKey(i)) {
                        assertEquals(model.get(i), nodes.get(i).key);
                    }
                }
            }
            // Draining yields keys in order.
            long prev = Long.MIN_VALUE;
            while (!heap.isEmpty()) {
                DeadlineHeap.Node<Integer> top = heap.peek();
                assertSame(top, heap.poll());
                assertTrue(top.key >= prev);
                prev = top.key;
            }
        });
    }

    @Test
    void growsPastInitialCapacity() {
        DeadlineHeap<Integer> heap = new DeadlineHeap<>();
        List<DeadlineHeap.Node<Integer>> nodes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            DeadlineHeap.Node<Integer> n = new DeadlineHeap.Node<>(i);
            nodes.add(n);
            heap.insertOrUpdate(n, 1000 - i);
        }
        assertEquals(901, heap.minKey());
        heap.update(nodes.get(50), 5);
        assertSame(nodes.get(50), heap.peek());
        heap.remove(nodes.get(50));
        assertEquals(901, heap.minKey());
        for (int i = 99; i >= 0; i--) {
            if (i != 50) {
                assertEquals(i, heap.poll().owner);
            }
        }
        assertTrue(heap.isEmpty());
    }
}
