package org.lightwayj.core.connection;

import java.util.Arrays;

/**
 * An indexed binary min-heap of {@link Node}s keyed by a {@code long} deadline: O(1) minimum,
 * O(log n) insert, update and remove. Each node remembers its slot, so an update needs no search.
 * Allocation-free once the backing array has grown to the peak size.
 *
 * @param <T> what a node carries
 */
final class DeadlineHeap<T> {

    /** One heap entry; a member of at most one heap at a time. */
    static final class Node<T> {
        final T owner;
        /** Slot in the heap's array, or -1 when not in a heap. */
        int index = -1;
        /** The deadline the heap ordered this node by. */
        long key;

        Node(T owner) {
            this.owner = owner;
        }

        boolean inHeap() {
            return index >= 0;
        }
    }

    private Node<T>[] nodes;
    private int size;

    @SuppressWarnings("unchecked")
    DeadlineHeap() {
        this.nodes = (Node<T>[]) new Node<?>[16];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** {@return the smallest key, or {@link Long#MAX_VALUE} when empty} */
    long minKey() {
        return size == 0 ? Long.MAX_VALUE : nodes[0].key;
    }

    /** {@return the node with the smallest key, or {@code null} when empty} */
    Node<T> peek() {
        return size == 0 ? null : nodes[0];
    }

    /** Adds {@code n} with {@code key}, or re-keys it when it is already in this heap. */
    void insertOrUpdate(Node<T> n, long key) {
        if (n.inHeap()) {
            update(n, key);
            return;
        }
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        n.key = key;
        n.index = size;
        nodes[size++] = n;
        siftUp(n.index);
    }

    /** Re-keys a node that is in this heap. */
    void update(Node<T> n, long key) {
        long old = n.key;
        n.key = key;
        if (key < old) {
            siftUp(n.index);
        } else if (key > old) {
            siftDown(n.index);
        }
    }

    /** Removes {@code n}; does nothing when it is not in a heap. */
    void remove(Node<T> n) {
        int i = n.index;
        if (i < 0) {
            return;
        }
        n.index = -1;
        int last = --size;
        if (i != last) {
            Node<T> moved = nodes[last];
            nodes[i] = moved;
            moved.index = i;
            nodes[last] = null;
            siftDown(i);
            if (moved.index == i) {
                siftUp(i);
            }
        } else {
            nodes[last] = null;
        }
    }

    /** Removes and returns the node with the smallest key, or {@code null} when empty. */
    Node<T> poll() {
        if (size == 0) {
            return null;
        }
        Node<T> top = nodes[0];
        remove(top);
        return top;
    }

    private void siftUp(int i) {
        Node<T> n = nodes[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Node<T> p = nodes[parent];
            if (p.key <= n.key) {
                break;
            }
            nodes[i] = p;
            p.index = i;
            i = parent;
        }
        nodes[i] = n;
        n.index = i;
    }

    private void siftDown(int i) {
        Node<T> n = nodes[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Node<T> c = nodes[child];
            int right = child + 1;
            if (right < size && nodes[right].key < c.key) {
                child = right;
                c = nodes[child];
            }
            if (n.key <= c.key) {
                break;
            }
            nodes[i] = c;
            c.index = i;
            i = child;
        }
        nodes[i] = n;
        n.index = i;
    }
}
