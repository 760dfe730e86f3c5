package org.lightwayj.core.tls;

/** Callbacks from the BC peers into an engine. */
interface PeerListener {
    void alertRaised(short level, short description);

    void alertReceived(short level, short description);

    void handshakeComplete();

    void certificateFailure(TlsException failure);
}
