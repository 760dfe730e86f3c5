/**
 * A runnable example host for Lightway-J: {@link org.lightwayj.examples.Main} starts a server and a
 * client (in one process, or as two), pushes synthetic inside traffic through them over real sockets
 * with injected loss, switches FEC on and off, and prints live statistics. {@code ClientSide} and
 * {@code ServerSide} are the host loops; they follow {@code docs/embedding.md} step by step.
 */
package org.lightwayj.examples;
