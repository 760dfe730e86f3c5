package org.lightwayj.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;

/**
 * What an inside-packet codec rebuilt since the previous event of the same codec (periodic, default every
 * second, emitted only for a period in which something was recovered or a block expired).
 */
@Name("org.lightwayj.FecRecovery")
@Label("Lightway FEC Recovery")
@Category({"Lightway-J", "Codec"})
@Description("Packets an inside-packet codec rebuilt (polled from its counters)")
@Period("1 s")
final class FecRecoveryEvent extends Event {
    @Label("Codec")
    String codec;

    @Label("Recovered")
    @Description("Source packets rebuilt from repair symbols in this period")
    long recovered;

    @Label("Source Received")
    long sourceReceived;

    @Label("Repair Received")
    long repairReceived;

    @Label("Blocks Expired")
    @Description("Blocks given up with sources missing in this period")
    long blocksExpired;

    @Label("Observed Loss (ppm)")
    long observedLossPpm;
}
