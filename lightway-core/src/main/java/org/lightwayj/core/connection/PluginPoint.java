package org.lightwayj.core.connection;

/** Where a plugin chain runs on a connection (spec §6); used by {@link MetricsListener}. */
public enum PluginPoint {
    /** Inside chain, ingress: packets from the TUN, before the encoder. */
    INSIDE_INGRESS,
    /** Inside chain, egress: received packets, after the decoder, before TUN delivery. */
    INSIDE_EGRESS,
    /** Outside chain, ingress: the raw received datagram or stream chunk, before the header parse. */
    OUTSIDE_INGRESS,
    /** Outside chain, egress: the final datagram (header included) or stream chunk, before the socket. */
    OUTSIDE_EGRESS
}
