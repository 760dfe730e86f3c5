/**
 * Linux TUN devices: {@link org.lightwayj.tun.TunDevice} opens one ({@code IFF_TUN | IFF_NO_PI}) and moves
 * whole IP packets between it and Netty {@link io.netty.buffer.ByteBuf}s or NIO buffers.
 */
package org.lightwayj.tun;
