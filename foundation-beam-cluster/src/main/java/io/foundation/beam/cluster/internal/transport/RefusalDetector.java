package io.foundation.beam.cluster.internal.transport;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.EncryptHeader;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a refusal visible on both sides (issue 20): a node whose security settings differ from a member's is told so
 * by the member, the member logs it once per peer, and {@link JGroupsTransport#start} fails with
 * {@link io.foundation.beam.cluster.ClusterJoinRefusedException} when the node was refused while joining and ended up
 * alone. Placed directly above the transport (below {@code SYM_ENCRYPT}) by {@link StackSecurity}, in every built-in
 * stack, with or without a secret.
 *
 * <h2>Design</h2>
 * <b>Seeing a refusal.</b> {@code SYM_ENCRYPT} puts its key version (an MD5 of the key) in an {@link EncryptHeader}
 * on every message, in clear. A message whose header is missing (the sender has no secret), present on a node that
 * has no secret, or of another version (another secret) cannot be read here: this protocol drops it (so neither
 * {@code SYM_ENCRYPT} logs an error per message nor, on a node without a secret, does ciphertext reach the
 * application) and logs a warning naming the sender and the reason.
 *
 * <p><b>Telling the sender.</b> A refusing member cannot answer the sender's logical address (it cannot read the
 * discovery request that would tell it the sender's physical address). So every message to a physical address (the
 * discovery requests and merge probes, which go to the initial members) carries a {@link RefusalHeader} PROBE with the
 * sender's physical address; a member (a node that has a view) that refuses such a message answers it with a
 * REFUSED header, in clear, at most once a second per address. The joiner records it; TLS failures are recorded
 * through {@link #tlsRefused} ({@link ReportingTls}), a peer answering in another protocol (a TLS alert read by a
 * node without TLS) through {@link #foreignProtocol} ({@link ReportingTcp}). Nothing here is a secret: the header says what the key version in every message
 * already says. A forged REFUSED can at most make a node that nobody accepted fail its start instead of starting
 * alone.
 *
 * <p><b>Threads.</b> JGroups calls {@code up} on many threads, {@code down} on the senders', the TLS callbacks on
 * the connecting and accepting threads: every field is final and concurrent, or volatile. The maps are bounded
 * (cleared past {@link #MAX_PEERS} entries: a flood of strangers costs at most a repeated log line).
 */
final class RefusalDetector extends Protocol {

    /** The protocol id and the header's magic number (JGroups' custom ranges; jgroups-raft uses 520s and 2000s). */
    static final short ID = 1_220;
    static final short HEADER_MAGIC = 3_220;
    /** A refused peer is logged again at most this often while it keeps trying. */
    static final long LOG_EVERY_NANOS = 10L * 60 * 1_000_000_000;
    private static final long REPLY_EVERY_NANOS = 1_000_000_000;
    private static final int MAX_PEERS = 1_024;
    private static final Logger LOG = LoggerFactory.getLogger(RefusalDetector.class);
    private static final String SECRET = "authSecret (Spring: foundation.beam.cluster.auth-secret)";
    private static final String TLS = "Every node's certificate (tls keyStore, Spring: "
            + "foundation.beam.cluster.tls.key-store) must be trusted by every node's trust store (tls trustStore, "
            + "Spring: foundation.beam.cluster.tls.trust-store)";

    static {
        ClassConfigurator.addProtocol(ID, RefusalDetector.class);
        ClassConfigurator.add(HEADER_MAGIC, RefusalHeader.class);
    }

    /** Why one node refuses another; the texts say it from the refusing member's side and from the refused one's. */
    enum Reason {
        SECRETS_DIFFER("it uses another authentication secret", "it uses another authentication secret",
                SECRET + " must be the same on every node"),
        PEER_HAS_NO_SECRET("it has no authentication secret and this node has one",
                "it requires an authentication secret and this node has none", SECRET + " must be set on every node"),
        PEER_HAS_SECRET("it uses an authentication secret and this node has none",
                "it has no authentication secret and this node has one", SECRET
                        + " must be set on every node, or on none"),
        TLS_PEER_UNTRUSTED("TLS handshake failed: its certificate is not trusted by this node's trust store",
                "TLS handshake failed: its certificate is not trusted by this node's trust store", TLS),
        TLS_SELF_UNTRUSTED("TLS handshake failed: it trusts none of this node's certificates",
                "TLS handshake failed: it trusts none of this node's certificates", TLS),
        FOREIGN_PROTOCOL("it answered in a protocol this node does not speak",
                "it answered in a protocol this node does not speak: it uses TLS and this node does not, or it runs "
                        + "another JGroups version", "tls (Spring: foundation.beam.cluster.tls.key-store and "
                        + "foundation.beam.cluster.tls.trust-store) must be set on every node, or on none");

        final String memberText;
        final String joinerText;
        final String check;

        Reason(String memberText, String joinerText, String check) {
            this.memberText = memberText;
            this.joinerText = joinerText;
            this.check = check;
        }
    }

    private final String nodeName;
    /** Refusals of this node by peers, by peer address; what {@link #refusals()} reports. */
    private final Map<String, Reason> refusedBy = Collections.synchronizedMap(new LinkedHashMap<>());
    /** By peer and reason, when this node last logged it (nanoTime). */
    private final Map<String, Long> logged = new ConcurrentHashMap<>();
    /** By physical address, when this node last answered a refused message (nanoTime). */
    private final Map<String, Long> answered = new ConcurrentHashMap<>();
    private volatile byte[] keyVersion;
    private volatile short encryptId;
    private volatile boolean hasView;

    RefusalDetector(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public void start() throws Exception {
        super.start();
        SYM_ENCRYPT encrypt = getProtocolStack().findProtocol(SYM_ENCRYPT.class);
        keyVersion = encrypt == null ? null : encrypt.symVersion();
        encryptId = ClassConfigurator.getProtocolId(SYM_ENCRYPT.class);
    }

    /**
     * @return the peers that refused this node, by address ({@code host:port}), with the reason, in the order heard
     */
    Map<String, Reason> refusals() {
        synchronized (refusedBy) {
            return new LinkedHashMap<>(refusedBy);
        }
    }

    /**
     * The message of a {@link io.foundation.beam.cluster.ClusterJoinRefusedException}.
     *
     * @param cluster the cluster's name
     * @param refusals what {@link #refusals()} returned, not empty
     * @return the message
     */
    String refusedMessage(String cluster, Map<String, Reason> refusals) {
        StringBuilder b = new StringBuilder("Node '").append(nodeName).append("' cannot join cluster '")
                .append(cluster).append("': no member accepted it, and ");
        List<String> checks = new ArrayList<>();
        String sep = "";
        for (Map.Entry<String, Reason> e : refusals.entrySet()) {
            b.append(sep).append(e.getKey()).append(" refused it (").append(e.getValue().joinerText).append(')');
            sep = "; ";
            if (!checks.contains(e.getValue().check)) {
                checks.add(e.getValue().check);
            }
        }
        return b.append(". ").append(String.join(". ", checks)).append('.').toString();
    }

    /**
     * A TLS handshake with a peer failed for a certificate: logs it once per peer and, if it was this node's
     * connection to the peer, records it as a refusal.
     *
     * @param socket the connection's socket (its remote address names the peer), or null
     * @param outgoing whether this node opened the connection (the peer is then a listening member)
     * @param reason {@link Reason#TLS_PEER_UNTRUSTED} or {@link Reason#TLS_SELF_UNTRUSTED}
     * @param detail the certificate's subject or the exception, for the log
     */
    void tlsRefused(Socket socket, boolean outgoing, Reason reason, String detail) {
        SocketAddress remote = socket == null ? null : socket.getRemoteSocketAddress();
        String peer = remote instanceof InetSocketAddress a
                ? (outgoing ? hostPort(a) : a.getAddress().getHostAddress()) : String.valueOf(remote);
        if (outgoing) {
            record(peer, reason);
        }
        warnOnce(peer, reason, (outgoing ? "the connection to " : "refused a connection from ") + peer + ": "
                + reason.memberText + " (" + detail + ")");
    }

    /**
     * A peer answered in a protocol this node does not speak (see {@link ReportingTcp}): recorded as a refusal, and
     * logged once per peer.
     *
     * @param sender the peer's physical address
     * @param tlsHere whether this node uses TLS (then the peer's bytes are not a TLS alert: another JGroups version)
     */
    void foreignProtocol(Address sender, boolean tlsHere) {
        String peer = sender instanceof IpAddress ip ? hostPort(ip) : String.valueOf(sender);
        Reason reason = Reason.FOREIGN_PROTOCOL;
        record(peer, reason);
        warnOnce(peer, reason, "the connection to " + peer + ": " + (tlsHere ? reason.memberText
                + " (another JGroups version?)" : reason.joinerText));
    }

    @Override
    public Object down(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            hasView = true;
        }
        return down_prot.down(evt);
    }

    @Override
    public Object down(Message msg) {
        if (msg.dest() instanceof PhysicalAddress) {
            PhysicalAddress self = getTransport().localPhysicalAddress();
            if (self instanceof IpAddress ip) {
                msg.putHeader(ID, new RefusalHeader(RefusalHeader.PROBE, ip, (byte) 0));
            }
        }
        return down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        return refused(msg) ? null : up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        batch.removeIf(this::refused, false);
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    /** Whether the message is a refusal or refused (then it is handled here and goes no further up). */
    private boolean refused(Message msg) {
        RefusalHeader header = msg.getHeader(ID);
        if (header != null && header.type == RefusalHeader.REFUSED) {
            Reason reason = Reason.values()[header.reason];
            String peer = hostPort(header.address) + " (node '" + nameOf(msg.src()) + "')";
            record(hostPort(header.address), reason);
            warnOnce("refused by " + peer, reason, "refused by " + peer + ": " + reason.joinerText);
            return true;
        }
        Reason reason = mismatch(msg);
        if (reason == null) {
            return false;
        }
        IpAddress replyTo = header != null && header.type == RefusalHeader.PROBE ? header.address : null;
        String peer = "node '" + nameOf(msg.src()) + "'" + (replyTo == null ? "" : " at " + hostPort(replyTo));
        warnOnce("refused " + peer, reason, "refused " + peer + ": " + reason.memberText);
        if (replyTo != null && hasView && due(answered, hostPort(replyTo), REPLY_EVERY_NANOS)) {
            PhysicalAddress self = getTransport().localPhysicalAddress();
            if (self instanceof IpAddress ip) {
                Message refusal = new EmptyMessage(replyTo).setFlag(Message.Flag.OOB, Message.Flag.DONT_BUNDLE)
                        .putHeader(ID, new RefusalHeader(RefusalHeader.REFUSED, ip, (byte) reason.ordinal()));
                down_prot.down(refusal);
            }
        }
        return true;
    }

    /** Why this node cannot read the message (its key version differs from this node's), or null if it can. */
    private Reason mismatch(Message msg) {
        EncryptHeader encrypted = msg.getHeader(encryptId);
        byte[] mine = keyVersion;
        if (encrypted == null) {
            return mine == null ? null : Reason.PEER_HAS_NO_SECRET;
        }
        if (mine == null) {
            return Reason.PEER_HAS_SECRET;
        }
        return Arrays.equals(mine, encrypted.version()) ? null : Reason.SECRETS_DIFFER;
    }

    private void record(String peer, Reason reason) {
        if (refusedBy.size() < MAX_PEERS) {
            refusedBy.putIfAbsent(peer, reason);
        }
    }

    private void warnOnce(String peer, Reason reason, String what) {
        if (due(logged, peer + ' ' + reason, LOG_EVERY_NANOS)) {
            LOG.warn("Node {}: {}. {} (logged once per peer every {} minutes)", nodeName, what, reason.check,
                    LOG_EVERY_NANOS / 60_000_000_000L);
        }
    }

    /** Whether the key was not seen within the period; marks it seen now if so. */
    private static boolean due(Map<String, Long> last, String key, long periodNanos) {
        long now = System.nanoTime();
        if (last.size() > MAX_PEERS) {
            last.clear();
        }
        Long before = last.get(key);
        if (before != null && now - before < periodNanos) {
            return false;
        }
        // two threads may both log or answer once: harmless
        last.put(key, now);
        return true;
    }

    private static String nameOf(Address a) {
        String name = a == null ? null : JGroupsTransport.nameOf(a);
        return name == null ? String.valueOf(a) : name;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String hostPort(IpAddress a) {
        return a.getIpAddress().getHostAddress() + ":" + a.getPort();
    }

    /**
     * PROBE: the sender's physical address, on messages to a physical address; REFUSED: the refusing member's
     * physical address and the {@link Reason} (as the member sees it), in answer to a refused PROBE.
     */
    public static final class RefusalHeader extends Header {
        static final byte PROBE = 1;
        static final byte REFUSED = 2;

        private byte type;
        private IpAddress address;
        private byte reason;

        /** For JGroups' deserialization. */
        public RefusalHeader() {
        }

        RefusalHeader(byte type, IpAddress address, byte reason) {
            this.type = type;
            this.address = address;
            this.reason = reason;
        }

        @Override
        public short getMagicId() {
            return HEADER_MAGIC;
        }

        @Override
        public Supplier<? extends Header> create() {
            return RefusalHeader::new;
        }

        @Override
        public int serializedSize() {
            return 2 + Util.size(address);
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeByte(type);
            out.writeByte(reason);
            Util.writeAddress(address, out);
        }

        @Override
        public void readFrom(DataInput in) throws IOException, ClassNotFoundException {
            type = in.readByte();
            reason = in.readByte();
            if (reason < 0 || reason >= Reason.values().length) {
                throw new IOException("refusal header: unknown reason " + reason);
            }
            Address a = Util.readAddress(in);
            if (!(a instanceof IpAddress ip)) {
                throw new IOException("refusal header: not an IP address: " + a);
            }
            address = ip;
        }

        @Override
        public String toString() {
            return (type == PROBE ? "PROBE " : "REFUSED " + Reason.values()[reason] + " ") + address;
        }
    }
}
