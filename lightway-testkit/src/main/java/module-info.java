/**
 * Test doubles shared by Lightway-J's tests and benchmarks (never published): a pass-through codec
 * in three buffer-ownership modes and a leak-tracking allocator.
 */
module org.lightwayj.testkit {
    requires transitive org.lightwayj.codec.api;
    requires transitive io.netty.buffer;

    exports org.lightwayj.testkit;
}
