package io.foundation.beam.cluster;

import io.foundation.beam.cluster.internal.codec.TransferableTypes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How this node joins a cluster: its name, where it listens, whom it asks to join, and how fast failures and healed
 * partitions are noticed. Immutable; built with {@link #builder(String)}, which checks every option at once and
 * names the builder method in its message.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder("orders-1")
 *         .bindAddress("127.0.0.1").bindPort(7800)
 *         .initialMembers(List.of("127.0.0.1:7800", "127.0.0.1:7801"))
 *         .failureDetectionTimeout(Duration.ofSeconds(3))
 *         .build();
 * }</pre>
 *
 * <p>The defaults suit a few instances on one machine or a LAN. Failure detection is a trade-off: a shorter
 * {@link #failureDetectionTimeout()} notices a crash or a frozen JVM sooner, but a GC pause or a stalled host longer
 * than it makes a healthy node look dead (it is then cut off and comes back by a merge, which fires every link and
 * monitor to it with {@code noconnection}).
 *
 * <p>Messages cross to other nodes only if their types are allowed: see {@link Builder#allowMessageTypes}.
 *
 * <h2>Security</h2>
 * A node bound to anything but a loopback address must have {@linkplain Builder#tls TLS}, an
 * {@linkplain Builder#authSecret authentication secret}, or both: {@link Builder#build()} refuses it otherwise with an
 * {@link InsecureClusterException}, as Erlang's distribution needs a cookie. There is no switch to turn this off.
 * Both rest on JGroups' own protocols; nothing here is home-made cryptography:
 * <ul>
 *   <li><b>TLS</b> ({@link ClusterTls}): JGroups' {@code TCP.tls()}; TLS 1.3, mutual by default. A node without a
 *       certificate the others trust, or without TLS at all, cannot open a connection to them.
 *   <li><b>Authentication secret</b>: JGroups' {@code SYM_ENCRYPT} with a key derived from the secret (PBKDF2 with
 *       HMAC-SHA-256, {@value #AUTH_KEY_ITERATIONS} iterations, the cluster name as salt), cipher
 *       ChaCha20-Poly1305 (authenticated encryption, a random nonce per message), placed directly above the
 *       transport with {@code SERIALIZE} above it, so every message, headers included (discovery, join, merge,
 *       heartbeats, frames), is encrypted and authenticated. A node with another secret (or another cluster name)
 *       cannot produce a message the others accept, nor read theirs: it can neither join nor send. The secret
 *       never crosses the network; each message carries {@code SYM_ENCRYPT}'s key version (an MD5 of the derived
 *       key), with which someone recording the traffic can check guesses of the secret offline, each guess costing
 *       the PBKDF2 iterations: so use a random secret.
 * </ul>
 * Why not JGroups' {@code AUTH}: it only checks join and merge requests and, once a member is in, checks nothing
 * else, so a stranger can still send to members. Its shared-secret tokens ({@code SimpleToken}, which sends the
 * secret in clear, and {@code MD5Token}, an unsalted hash anyone listening can replay) are no longer in JGroups 5.4:
 * as {@code AUTH}'s own Javadoc says, they cannot keep a rogue member out. The remaining tokens need certificates
 * ({@code X509Token}: TLS does that better), Kerberos, or a list of member addresses. A key shared by the members,
 * so that only they can produce and read messages, checks every message, not just the join.
 *
 * <p><b>What a refused node sees.</b> A node with a wrong secret (or a secret on one side only), with a certificate
 * the members do not trust, or without TLS when they use it, is told so by the running members it contacts (which log
 * a warning naming it): its start fails with {@link ClusterJoinRefusedException} (naming the peers, the reason and
 * the setting) unless some member accepted it. A node with TLS when the others have none gets nothing it can read
 * back, which JGroups cannot tell from an empty network: it starts as a cluster of its own, in no other member's
 * view, its frames reaching no one; check {@code nodes()} and the logs if a node stays alone.
 *
 * <p>The cluster-wide registry of names runs on Raft among a fixed set of voting nodes: see
 * {@link Builder#raftMembers}, {@link Builder#raftLogDirectory} and {@link Builder#raftTimeout}.
 *
 * <h2>Finding the other members</h2>
 * Either from a fixed list, {@link Builder#initialMembers} (JGroups' {@code TCPPING}), or from DNS,
 * {@link Builder#dnsDiscovery(String, DnsRecordType)} (JGroups' {@code DNS_PING}), e.g. a Kubernetes headless
 * service, whose DNS name lists the addresses of its pods:
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder(System.getenv("POD_NAME"))
 *         .bindAddress(System.getenv("POD_IP")).bindPort(7800)
 *         .dnsDiscovery("_beam._tcp.orders.shop.svc.cluster.local", DnsRecordType.SRV)
 *         .authSecret(System.getenv("CLUSTER_SECRET"))
 *         .build();
 * }</pre>
 *
 * Not both: {@link Builder#build()} refuses initial members together with DNS discovery, so that a list left over
 * from another environment cannot hide a DNS name that finds nobody.
 */
public final class ClusterConfig {

    /** The default {@link #clusterName()}. */
    public static final String DEFAULT_CLUSTER_NAME = "foundation-beam";
    /** The default {@link #bindPort()}: JGroups' usual TCP port. */
    public static final int DEFAULT_BIND_PORT = 7800;
    /** The default {@link #failureDetectionTimeout()}. */
    public static final Duration DEFAULT_FAILURE_DETECTION_TIMEOUT = Duration.ofSeconds(3);
    /** The default {@link #mergeInterval()}. */
    public static final Duration DEFAULT_MERGE_INTERVAL = Duration.ofSeconds(5);
    /** The default {@link #joinTimeout()}. */
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(2);
    /** The default {@link #raftTimeout()}. */
    public static final Duration DEFAULT_RAFT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*");
    private static final Duration MIN_FAILURE_DETECTION_TIMEOUT = Duration.ofMillis(300);
    private static final Duration MIN_MERGE_INTERVAL = Duration.ofMillis(500);
    private static final Duration MIN_JOIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MIN_RAFT_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_DURATION = Duration.ofHours(1);
    /** The minimum length of an {@linkplain Builder#authSecret authentication secret}. */
    public static final int MIN_AUTH_SECRET_LENGTH = 16;
    /** The PBKDF2 (HMAC-SHA-256) iterations that derive the cluster key from the authentication secret. */
    public static final int AUTH_KEY_ITERATIONS = 210_000;

    private final String nodeName;
    private final String clusterName;
    private final InetAddress bindAddress;
    private final int bindPort;
    private final List<InetSocketAddress> initialMembers;
    private final Duration failureDetectionTimeout;
    private final Duration mergeInterval;
    private final Duration joinTimeout;
    private final Path stackFile;
    private final List<String> allowedMessageTypes;
    private final ClusterTls tls;
    private final char[] authSecret;
    private final List<String> raftMembers;
    private final Path raftLogDirectory;
    private final Duration raftTimeout;
    private final String dnsQuery;
    private final DnsRecordType dnsRecordType;
    private final InetSocketAddress dnsServer;

    /**
     * The DNS records {@linkplain Builder#dnsDiscovery(String, DnsRecordType) DNS discovery} asks for.
     */
    public enum DnsRecordType {
        /**
         * Address records: the name lists the members' IP addresses, and each is asked at this node's own
         * {@linkplain Builder#bindPort bind port}, so every member must listen on the same port (a Kubernetes
         * headless service's name, {@code <service>.<namespace>.svc.cluster.local}).
         */
        A,
        /**
         * Service records: each names a member's host and port, and the host is looked up for its addresses
         * ({@code _<port-name>._tcp.<service>.<namespace>.svc.cluster.local} for a headless service with a named
         * port). Members may listen on different ports.
         */
        SRV
    }

    private ClusterConfig(Builder b) {
        this.nodeName = b.nodeName;
        this.clusterName = b.clusterName;
        this.bindAddress = b.bindAddress;
        this.bindPort = b.bindPort;
        this.initialMembers = List.copyOf(b.initialMembers);
        this.failureDetectionTimeout = b.failureDetectionTimeout;
        this.mergeInterval = b.mergeInterval;
        this.joinTimeout = b.joinTimeout;
        this.stackFile = b.stackFile;
        this.allowedMessageTypes = List.copyOf(b.allowedMessageTypes);
        this.tls = b.tls;
        this.authSecret = b.authSecret == null ? null : b.authSecret.clone();
        this.raftMembers = List.copyOf(b.raftMembers);
        this.raftLogDirectory = b.raftLogDirectory != null ? b.raftLogDirectory
                : defaultRaftLogDirectory(b.clusterName, b.nodeName);
        this.raftTimeout = b.raftTimeout;
        this.dnsQuery = b.dnsQuery;
        this.dnsRecordType = b.dnsRecordType;
        this.dnsServer = b.dnsServer;
    }

    /**
     * @param clusterName the cluster's name
     * @param nodeName the node's name
     * @return where a node keeps its Raft log and vote unless told otherwise:
     *     {@code <java.io.tmpdir>/foundation-beam-raft/<clusterName>/<nodeName>} (characters other than letters,
     *     digits and {@code _ . @ -} in the cluster name become {@code _})
     */
    public static Path defaultRaftLogDirectory(String clusterName, String nodeName) {
        return Path.of(System.getProperty("java.io.tmpdir"), "foundation-beam-raft",
                clusterName.replaceAll("[^A-Za-z0-9_.@-]", "_"), nodeName);
    }

    /**
     * Starts a configuration.
     *
     * @param nodeName this node's name, unique in the cluster: 1 to 128 characters, letters, digits and
     *     {@code _ . @ -}, starting with a letter or digit (a node with a name already in the cluster is refused)
     * @return a builder with the defaults
     * @throws IllegalArgumentException if the name is null or not of that form
     */
    public static Builder builder(String nodeName) {
        if (nodeName == null || !NODE_NAME.matcher(nodeName).matches()) {
            throw new IllegalArgumentException("builder(nodeName): a node name is 1 to 128 letters, digits or _ . @ -, "
                    + "starting with a letter or digit, but was " + (nodeName == null ? "null" : "'" + nodeName + "'"));
        }
        return new Builder(nodeName);
    }

    /** @return this node's name, unique in the cluster */
    public String nodeName() {
        return nodeName;
    }

    /**
     * @return the packages and classes whose records and enums may cross to other nodes, besides the built-in types
     *     (see {@link Builder#allowMessageTypes})
     */
    public List<String> allowedMessageTypes() {
        return allowedMessageTypes;
    }

    /** @return the cluster's name: only nodes configured with the same name form a cluster */
    public String clusterName() {
        return clusterName;
    }

    /** @return the address the node listens on */
    public InetAddress bindAddress() {
        return bindAddress;
    }

    /** @return the TCP port the node listens on (0: any free port) */
    public int bindPort() {
        return bindPort;
    }

    /** @return the members asked when joining (host and port each, unresolved), in the given order */
    public List<InetSocketAddress> initialMembers() {
        return initialMembers;
    }

    /** @return about how long a crashed, killed or frozen node takes to be reported down */
    public Duration failureDetectionTimeout() {
        return failureDetectionTimeout;
    }

    /** @return about how long after a partition heals the parts merge into one cluster again */
    public Duration mergeInterval() {
        return mergeInterval;
    }

    /** @return how long joining waits for an answer from a member before this node starts a cluster of its own */
    public Duration joinTimeout() {
        return joinTimeout;
    }

    /**
     * @return the voting members of the Raft group that holds the cluster-wide registry, by node name, in the given
     *     order; empty when the cluster has no global registry (see {@link Builder#raftMembers})
     */
    public List<String> raftMembers() {
        return raftMembers;
    }

    /** @return whether this cluster has a global registry (its {@link #raftMembers()} are given) */
    public boolean raftEnabled() {
        return !raftMembers.isEmpty();
    }

    /** @return how many voters make a majority: more than half of {@link #raftMembers()} (0 without Raft) */
    public int raftMajority() {
        return raftMembers.isEmpty() ? 0 : raftMembers.size() / 2 + 1;
    }

    /** @return where this node keeps its Raft log, snapshots and vote (see {@link Builder#raftLogDirectory}) */
    public Path raftLogDirectory() {
        return raftLogDirectory;
    }

    /** @return how long a change to the global registry waits for a majority of the voters to accept it */
    public Duration raftTimeout() {
        return raftTimeout;
    }

    /**
     * @return the DNS name whose records list the members, if {@linkplain Builder#dnsDiscovery(String, DnsRecordType)
     *     DNS discovery} is on (then {@link #initialMembers()} is empty)
     */
    public Optional<String> dnsQuery() {
        return Optional.ofNullable(dnsQuery);
    }

    /** @return the records {@link #dnsQuery()} asks for ({@link DnsRecordType#A} unless set) */
    public DnsRecordType dnsRecordType() {
        return dnsRecordType;
    }

    /**
     * @return the DNS server asked (host and port, unresolved), if given; otherwise this host's resolvers (see
     *     {@link Builder#dnsServer})
     */
    public Optional<InetSocketAddress> dnsServer() {
        return Optional.ofNullable(dnsServer);
    }

    /** @return a JGroups stack file that replaces the built-in protocol stack, if given */
    public Optional<Path> stackFile() {
        return Optional.ofNullable(stackFile);
    }

    /** @return TLS between the nodes, if set (see {@link Builder#tls}) */
    public Optional<ClusterTls> tls() {
        return Optional.ofNullable(tls);
    }

    /** @return whether an authentication secret is set (see {@link Builder#authSecret(char[])}) */
    public boolean hasAuthSecret() {
        return authSecret != null;
    }

    /** @return a copy of the authentication secret (clear it after use), or {@code null} if none is set */
    public char[] authSecret() {
        return authSecret == null ? null : authSecret.clone();
    }

    @Override
    public String toString() {
        return "ClusterConfig[nodeName=" + nodeName + ", clusterName=" + clusterName + ", bind="
                + bindAddress.getHostAddress() + ":" + bindPort + ", initialMembers=" + initialMembers
                + (dnsQuery == null ? "" : ", dnsDiscovery=" + dnsRecordType + " " + dnsQuery
                        + (dnsServer == null ? "" : " at " + dnsServer.getHostString() + ":" + dnsServer.getPort()))
                + ", failureDetectionTimeout=" + failureDetectionTimeout + ", mergeInterval=" + mergeInterval
                + ", joinTimeout=" + joinTimeout + (stackFile == null ? "" : ", stackFile=" + stackFile)
                + ", allowedMessageTypes=" + allowedMessageTypes
                + (raftMembers.isEmpty() ? "" : ", raftMembers=" + raftMembers + ", raftLogDirectory="
                        + raftLogDirectory + ", raftTimeout=" + raftTimeout)
                + securityString() + "]";
    }

    /** Never shows the secret or a password. */
    private String securityString() {
        return ", tls=" + (tls == null ? "off" : tls) + ", authSecret=" + (authSecret == null ? "none" : "****");
    }

    /** Builds a {@link ClusterConfig}; each method checks its argument at once. Not thread-safe. */
    public static final class Builder {

        private final String nodeName;
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int bindPort = DEFAULT_BIND_PORT;
        private List<InetSocketAddress> initialMembers = List.of();
        private Duration failureDetectionTimeout = DEFAULT_FAILURE_DETECTION_TIMEOUT;
        private Duration mergeInterval = DEFAULT_MERGE_INTERVAL;
        private Duration joinTimeout = DEFAULT_JOIN_TIMEOUT;
        private Path stackFile;
        private List<String> allowedMessageTypes = List.of();
        private ClusterTls tls;
        private char[] authSecret;
        private List<String> raftMembers = List.of();
        private Path raftLogDirectory;
        private Duration raftTimeout = DEFAULT_RAFT_TIMEOUT;
        private String dnsQuery;
        private DnsRecordType dnsRecordType = DnsRecordType.A;
        private InetSocketAddress dnsServer;

        private Builder(String nodeName) {
            this.nodeName = nodeName;
        }

        /**
         * The cluster's name (default {@value ClusterConfig#DEFAULT_CLUSTER_NAME}): only nodes with the same name form
         * a cluster, so two clusters may share hosts.
         *
         * @param clusterName not blank, at most 200 characters
         * @return this builder
         */
        public Builder clusterName(String clusterName) {
            if (clusterName == null || clusterName.isBlank() || clusterName.length() > 200) {
                throw new IllegalArgumentException(
                        "clusterName: must be 1 to 200 characters and not blank, but was " + quoted(clusterName));
            }
            this.clusterName = clusterName;
            return this;
        }

        /**
         * The address to listen on (default the loopback address, 127.0.0.1). Other nodes reach this node there.
         *
         * @param bindAddress a literal IP address or a host name that resolves now
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            if (bindAddress == null || bindAddress.isBlank()) {
                throw new IllegalArgumentException("bindAddress: must not be blank, but was " + quoted(bindAddress));
            }
            try {
                this.bindAddress = InetAddress.getByName(bindAddress.strip());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress: cannot resolve '" + bindAddress + "'", e);
            }
            return this;
        }

        /**
         * The address to listen on (default the loopback address).
         *
         * @param bindAddress the address
         * @return this builder
         */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * The TCP port to listen on (default {@value ClusterConfig#DEFAULT_BIND_PORT}). Failure detection also
         * listens on a port 100 above it (or one of the next 3). If the port is taken, starting fails. Port 0 picks
         * a free port: such a node can join others, but is not in anyone's {@link #initialMembers initial members}
         * (nor can it be used with {@link #dnsDiscovery(String, DnsRecordType) DNS discovery} by A records).
         *
         * @param bindPort 0 to 65535
         * @return this builder
         */
        public Builder bindPort(int bindPort) {
            if (bindPort < 0 || bindPort > 65535) {
                throw new IllegalArgumentException("bindPort: must be 0 to 65535, but was " + bindPort);
            }
            this.bindPort = bindPort;
            return this;
        }

        /**
         * The members to ask when joining and when looking for the other side of a healed partition (default none:
         * only this node's own address), each {@code host:port} ({@code [v6-address]:port} for IPv6). List every
         * member (this one too, which is harmless), or at least a few that are usually up. Not together with
         * {@link #dnsDiscovery(String, DnsRecordType) DNS discovery}.
         *
         * @param initialMembers the members, each {@code host:port}
         * @return this builder
         */
        public Builder initialMembers(List<String> initialMembers) {
            if (initialMembers == null) {
                throw new IllegalArgumentException("initialMembers: must not be null");
            }
            List<InetSocketAddress> parsed = new ArrayList<>(initialMembers.size());
            for (String member : initialMembers) {
                parsed.add(parseHostPort(member, 0, "initialMembers: each member is host:port (or "
                        + "[v6-address]:port), but was " + quoted(member)));
            }
            this.initialMembers = parsed;
            return this;
        }

        /**
         * About how long a node that crashed, was killed or froze (a long GC pause, SIGSTOP) takes to be reported
         * down (default 3 s). A killed process is usually noticed much sooner (its sockets close); a frozen one within
         * about this time. A node frozen longer than this is cut off, and merges back when it thaws. Shorter times
         * mean more false alarms on a loaded host.
         *
         * @param timeout 300 ms to 1 h
         * @return this builder
         */
        public Builder failureDetectionTimeout(Duration timeout) {
            this.failureDetectionTimeout = checkDuration("failureDetectionTimeout", timeout,
                    MIN_FAILURE_DETECTION_TIMEOUT);
            return this;
        }

        /**
         * About how long after a partition heals (or a frozen node thaws) the parts find each other and merge into
         * one cluster (default 5 s). Members exchange their views at random times up to half of it and check for
         * differences every 0.8 of it; shorter means more background traffic.
         *
         * @param interval 500 ms to 1 h
         * @return this builder
         */
        public Builder mergeInterval(Duration interval) {
            this.mergeInterval = checkDuration("mergeInterval", interval, MIN_MERGE_INTERVAL);
            return this;
        }

        /**
         * How long joining waits for the {@link #initialMembers initial members} (or those found by
         * {@link #dnsDiscovery(String, DnsRecordType) DNS}) to answer (default 2 s). If none
         * answers, this node starts a cluster of its own (and merges with the others when they appear, within about
         * the {@link #mergeInterval merge interval}). The first node of a cluster waits this long at start.
         *
         * @param timeout 100 ms to 1 h
         * @return this builder
         */
        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = checkDuration("joinTimeout", timeout, MIN_JOIN_TIMEOUT);
            return this;
        }

        /**
         * A JGroups stack file (XML) that replaces the built-in protocol stack, for tuning beyond these options
         * (default none). With it, the {@link #bindAddress}, {@link #bindPort}, {@link #initialMembers}, the
         * {@link #dnsDiscovery(String, DnsRecordType) DNS discovery}, timeouts and intervals here are not used: the
         * file says them (for DNS, with JGroups' {@code dns.DNS_PING}). The node and cluster names still apply. With
         * {@link #raftMembers} the file must also hold jgroups-raft's {@code RAFT} (its {@code raft_id} this node's
         * name, its {@code members} the same voters) and {@code REDIRECT}; the Raft options here are not used then.
         *
         * @param stackFile a readable file
         * @return this builder
         */
        public Builder stackFile(Path stackFile) {
            if (stackFile == null || !Files.isRegularFile(stackFile) || !Files.isReadable(stackFile)) {
                throw new IllegalArgumentException("stackFile: not a readable file: " + stackFile);
            }
            this.stackFile = stackFile;
            return this;
        }

        /**
         * The application's message types that may cross to other nodes (default none): records and enums in these
         * packages (and their sub-packages) or of these classes (and the classes nested in them), e.g.
         * {@code "com.acme.orders"}. Whatever is not listed, and is not one of the built-in types (numbers, strings,
         * {@code byte[]}, {@code Binary}, {@code java.time} values, {@code UUID}, {@code List}, {@code Set},
         * {@code Map}, {@code Optional}, pids, exit reasons), is refused at the sender with a
         * {@link MessageNotTransferableException} naming the class; a node never loads a class that is not listed.
         * List the same types on every node.
         *
         * @param packagesOrClasses package or class names
         * @return this builder
         */
        public Builder allowMessageTypes(List<String> packagesOrClasses) {
            if (packagesOrClasses == null) {
                throw new IllegalArgumentException("allowMessageTypes: must not be null");
            }
            try {
                TransferableTypes.of(packagesOrClasses);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("allowMessageTypes: " + e.getMessage(), e);
            }
            this.allowedMessageTypes = List.copyOf(packagesOrClasses);
            return this;
        }

        /**
         * TLS on the connections between nodes (default none), with JGroups' TLS transport: every byte between nodes
         * is encrypted, and (mutual TLS, the default) a node without a certificate in the others' trust store cannot
         * connect. Costs a handshake per connection and some CPU per message. Set it on every node: a node without
         * TLS cannot talk to one with it. The first handshakes of a fresh JVM can take longer than a short
         * {@link #joinTimeout join timeout}: such a node starts alone and merges within the
         * {@link #mergeInterval merge interval}. Spring: {@code foundation.beam.cluster.tls.*}.
         *
         * @param tls the key and trust stores and options
         * @return this builder
         */
        public Builder tls(ClusterTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * A secret shared by all nodes of the cluster (default none), like Erlang's cookie: only nodes with the same
         * secret (and {@linkplain #clusterName cluster name}) can join, send or read. Every message between nodes is
         * encrypted and authenticated (JGroups' {@code SYM_ENCRYPT}, ChaCha20-Poly1305) with a key derived from it
         * (PBKDF2, {@value ClusterConfig#AUTH_KEY_ITERATIONS} iterations, the cluster name as salt); the secret
         * never crosses the network. Costs a key derivation at start (a fraction of a second, a few seconds on a
         * loaded machine; once per secret and JVM) and some CPU per message (every message is serialized once more
         * and encrypted). Use a random secret (e.g. {@code openssl rand -base64 32}): someone who records the traffic
         * can try to guess it offline. Spring: {@code foundation.beam.cluster.auth-secret}.
         *
         * @param secret at least {@value ClusterConfig#MIN_AUTH_SECRET_LENGTH} characters (copied; clear your array
         *     afterwards if you like)
         * @return this builder
         */
        public Builder authSecret(char[] secret) {
            if (secret == null || secret.length < MIN_AUTH_SECRET_LENGTH || secret.length > 1024) {
                throw new IllegalArgumentException("authSecret: must be " + MIN_AUTH_SECRET_LENGTH
                        + " to 1024 characters (a random one is best, e.g. openssl rand -base64 32), but "
                        + (secret == null ? "was null" : "had " + secret.length));
            }
            this.authSecret = secret.clone();
            return this;
        }

        /**
         * The voting members of the Raft group that holds the cluster-wide registry of names, by node name (default
         * none: this cluster has no global registry). Give the same list, in any order, on every node of the cluster:
         * the majority is computed from it, and nodes that disagree on it can elect two leaders. This node must be in
         * it: a node that is not a voter is refused by {@link #build()}, since non-voting members are not supported
         * yet. The set is fixed: to change it, stop the cluster, change it everywhere and start again.
         *
         * <p>With N voters, more than N/2 must be up and connected to elect a leader and to register or unregister a
         * name: 3 voters tolerate the loss of 1, 5 tolerate 2. Names stay readable on every node. In Kubernetes, a
         * StatefulSet's stable pod names fit.
         *
         * @param nodeNames node names, each of the form of {@link ClusterConfig#builder(String)}, no duplicates
         * @return this builder
         */
        public Builder raftMembers(List<String> nodeNames) {
            if (nodeNames == null) {
                throw new IllegalArgumentException("raftMembers: must not be null (an empty list: no global registry)");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String name : nodeNames) {
                if (name == null || !NODE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("raftMembers: each member is a node name (1 to 128 letters, "
                            + "digits or _ . @ -, starting with a letter or digit), but one was " + quoted(name));
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("raftMembers: '" + name + "' is listed twice in " + nodeNames);
                }
            }
            this.raftMembers = List.copyOf(seen);
            return this;
        }

        /**
         * The same as {@link #authSecret(char[])}.
         *
         * @param secret at least {@value ClusterConfig#MIN_AUTH_SECRET_LENGTH} characters
         * @return this builder
         */
        public Builder authSecret(String secret) {
            return authSecret(secret == null ? null : secret.toCharArray());
        }

        /**
         * Where this node keeps its Raft log, its snapshots and its vote (default
         * {@code <java.io.tmpdir>/foundation-beam-raft/<clusterName>/<nodeName>}; created if absent). Give each
         * node a directory of its own on persistent storage in production (the default under the temporary
         * directory may be wiped at a reboot).
         *
         * <p>Why it must persist: Raft is safe only if a voter remembers, across restarts, the term it voted in,
         * whom it voted for, and the entries it accepted. A voter whose directory was wiped comes back empty: it
         * may vote a second time in a term and help elect a leader that lacks committed registrations, so names
         * could be lost or registered twice. Wiping one voter's directory while the others keep theirs is safe only
         * after it stayed down until the others elected a leader without it; wiping every voter's directory empties
         * the registry (a new cluster).
         *
         * @param directory a directory, or a path where one can be created
         * @return this builder
         */
        public Builder raftLogDirectory(Path directory) {
            if (directory == null) {
                throw new IllegalArgumentException("raftLogDirectory: must not be null");
            }
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new IllegalArgumentException("raftLogDirectory: " + directory + " exists and is not a directory");
            }
            this.raftLogDirectory = directory;
            return this;
        }

        /**
         * How long registering or unregistering a global name waits for a majority of the {@link #raftMembers
         * voters} to accept it (default 5 s). When this node sees fewer than a majority, it fails at once instead.
         *
         * @param timeout 100 ms to 1 h
         * @return this builder
         */
        public Builder raftTimeout(Duration timeout) {
            this.raftTimeout = checkDuration("raftTimeout", timeout, MIN_RAFT_TIMEOUT);
            return this;
        }

        /**
         * Finds the members by DNS address records: the same as {@code dnsDiscovery(query, DnsRecordType.A)}.
         *
         * @param query the DNS name, such as {@code orders.shop.svc.cluster.local}
         * @return this builder
         * @see #dnsDiscovery(String, DnsRecordType)
         */
        public Builder dnsDiscovery(String query) {
            return dnsDiscovery(query, DnsRecordType.A);
        }

        /**
         * Finds the members by DNS instead of a fixed list of {@link #initialMembers} (default off), with JGroups'
         * {@code DNS_PING}: when joining, and again every few seconds while looking for the other side of a healed
         * partition (every fifth to half of the {@link #mergeInterval merge interval}), so a member that appears in
         * DNS later is found then. The name is asked three times during the {@link #joinTimeout join timeout}, so a
         * record published a moment after this node started still counts at the join. This node need not be in the
         * records itself: the members it finds learn its address from its request.
         *
         * <ul>
         *   <li>{@link DnsRecordType#A}: each address the name resolves to is asked at this node's own
         *       {@link #bindPort}: every member must listen on the same port (0, a free port, is refused).
         *   <li>{@link DnsRecordType#SRV}: each record gives a member's port and host name; the host name is then
         *       resolved to its addresses. Members may listen on different ports.
         * </ul>
         *
         * <p>In Kubernetes, a headless service ({@code clusterIP: None}) with {@code publishNotReadyAddresses: true}
         * (the pods must find each other before they are ready) answers {@code <service>.<namespace>.svc.cluster.local}
         * with an A record per pod, and {@code _<port-name>._tcp.<service>.<namespace>.svc.cluster.local} with an
         * SRV record per pod for each named port. Give the full name (ending in {@code cluster.local}): SRV queries
         * do not apply the resolver's search domains. Without a {@link #dnsServer DNS server}, A names are resolved
         * by the JVM ({@code InetAddress}, which caches answers for 30 s by default: {@code networkaddress.cache.ttl})
         * and SRV records are asked of this host's name servers ({@code /etc/resolv.conf}) through JNDI; the
         * runtime needs the JDK module {@code jdk.naming.dns} (in every full JDK; add it to a {@code jlink} image).
         * A name that resolves to nothing is not an error: the node starts a cluster of its own and merges with the
         * others when they appear.
         *
         * @param query the DNS name: labels of letters, digits, {@code -} or {@code _} separated by dots, at most 253
         *     characters (one name; a trailing dot is allowed)
         * @param recordType the records to ask for
         * @return this builder
         */
        public Builder dnsDiscovery(String query, DnsRecordType recordType) {
            if (query == null || !isDnsName(query)) {
                throw new IllegalArgumentException("dnsDiscovery: the query is a DNS name such as "
                        + "_beam._tcp.orders.shop.svc.cluster.local (labels of 1 to 63 letters, digits, '-' or '_' "
                        + "separated by dots, at most 253 characters), but was " + quoted(query));
            }
            if (recordType == null) {
                throw new IllegalArgumentException("dnsDiscovery: the record type must be A or SRV, but was null");
            }
            this.dnsQuery = query;
            this.dnsRecordType = recordType;
            return this;
        }

        /**
         * The DNS server that {@link #dnsDiscovery(String, DnsRecordType) DNS discovery} asks (default none: this
         * host's name servers). With it, A and SRV records, and the host names in SRV records, are all asked of this
         * server, through JNDI, without the JVM's cache. For tests and for a resolver other than the host's.
         *
         * @param address {@code host}, {@code host:port}, {@code v6-address} or {@code [v6-address]:port}; the port
         *     defaults to 53
         * @return this builder
         */
        public Builder dnsServer(String address) {
            this.dnsServer = parseHostPort(address, 53, "dnsServer: the DNS server is host or host:port (or "
                    + "[v6-address]:port), but was " + quoted(address));
            return this;
        }

        /**
         * Checks the options together.
         *
         * @return the configuration
         * @throws InsecureClusterException if the bind address is not a loopback address and neither {@link #tls}
         *     nor {@link #authSecret(char[])} is set (the message names what to set)
         * @throws IllegalArgumentException if TLS or a secret is combined with a {@link #stackFile} (the file must
         *     say its security itself), if {@link #raftMembers} is not empty and lacks this node, if
         *     {@link #dnsDiscovery(String, DnsRecordType) DNS discovery} is combined with {@link #initialMembers},
         *     if a {@link #dnsServer} is given without DNS discovery, or if DNS discovery by A records is combined
         *     with bind port 0 (the message starts with the setting to change)
         */
        public ClusterConfig build() {
            if (stackFile != null && (tls != null || authSecret != null)) {
                throw new IllegalArgumentException("tls and authSecret cannot be combined with stackFile (" + stackFile
                        + "): the stack file replaces the built-in stack, so configure TLS (TCP's tls.* attributes) "
                        + "and SYM_ENCRYPT in the file itself");
            }
            if (stackFile == null && !bindAddress.isLoopbackAddress() && tls == null && authSecret == null) {
                throw new InsecureClusterException("Cluster node '" + nodeName + "' would listen on "
                        + bindAddress.getHostAddress() + ", which is not a loopback address, without TLS and without "
                        + "an authentication secret: anyone who can reach it could join the cluster, read its messages "
                        + "and send to its processes. Set TLS (ClusterConfig.Builder.tls(ClusterTls); Spring: "
                        + "foundation.beam.cluster.tls.key-store, foundation.beam.cluster.tls.trust-store and their "
                        + "passwords, see foundation.beam.cluster.tls.*) or a shared secret of at least "
                        + MIN_AUTH_SECRET_LENGTH + " characters (ClusterConfig.Builder.authSecret(...); Spring: "
                        + "foundation.beam.cluster.auth-secret), or both, on every node. Erlang needs a cookie the "
                        + "same way. On one machine, bind to 127.0.0.1 instead.");
            }
            checkDiscovery();
            if (!raftMembers.isEmpty() && !raftMembers.contains(nodeName)) {
                throw new IllegalArgumentException("raftMembers: this node '" + nodeName + "' is not among the voters "
                        + raftMembers + "; every node of a cluster with a global registry must be a voter (non-voting "
                        + "members are not supported yet): add it to raftMembers on every node, or leave raftMembers "
                        + "empty on all of them");
            }
            return new ClusterConfig(this);
        }

        private void checkDiscovery() {
            if (dnsQuery != null && !initialMembers.isEmpty()) {
                List<String> members = initialMembers.stream().map(m -> m.getHostString() + ":" + m.getPort())
                        .toList();
                throw new IllegalArgumentException("dnsDiscovery: cannot be combined with initialMembers " + members
                        + ": find the members either by DNS or from the list, not both (Spring: "
                        + "foundation.beam.cluster.discovery.dns-query or foundation.beam.cluster.initial-members); "
                        + "remove one of them");
            }
            if (dnsServer != null && dnsQuery == null) {
                throw new IllegalArgumentException("dnsServer: is set, but dnsDiscovery is not (Spring: "
                        + "foundation.beam.cluster.discovery.dns-query): set the DNS name to ask, or remove the "
                        + "server");
            }
            if (dnsQuery != null && dnsRecordType == DnsRecordType.A && bindPort == 0 && stackFile == null) {
                throw new IllegalArgumentException("bindPort: 0 (a free port) cannot be used with DNS discovery by A "
                        + "records: their addresses are asked at this node's own bind port, so every member must "
                        + "listen on the same fixed port; set one, or use SRV records, which carry each member's port");
            }
        }

        private static boolean isDnsName(String name) {
            String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            return !s.isEmpty() && s.length() <= 253 && DNS_NAME.matcher(s).matches();
        }

        /**
         * @param value {@code host:port}, {@code [v6-address]:port}, or (with a default port) {@code host} or a bare
         *     IPv6 address
         * @param defaultPort the port when none is given, or 0 if one is needed
         * @param error the message if the value is not of that form
         * @return the address, unresolved
         */
        private static InetSocketAddress parseHostPort(String value, int defaultPort, String error) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(error);
            }
            String s = value.strip();
            String host;
            String port;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0 || (close + 1 < s.length() && s.charAt(close + 1) != ':')) {
                    throw new IllegalArgumentException(error);
                }
                host = s.substring(1, close);
                port = close + 1 < s.length() ? s.substring(close + 2) : null;
            } else if (s.indexOf(':') != s.lastIndexOf(':')) {
                if (!s.matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException(error);
                }
                host = s; // a bare IPv6 address: no port
                port = null;
            } else {
                int colon = s.indexOf(':');
                host = colon < 0 ? s : s.substring(0, colon);
                port = colon < 0 ? null : s.substring(colon + 1);
            }
            if (host.isBlank() || (port == null && defaultPort == 0)) {
                throw new IllegalArgumentException(error);
            }
            int number;
            try {
                number = port == null ? defaultPort : Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(error, e);
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException(error);
            }
            return InetSocketAddress.createUnresolved(host, number);
        }

        private static Duration checkDuration(String method, Duration d, Duration min) {
            if (d == null || d.compareTo(min) < 0 || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(method + ": must be " + min.toMillis() + " ms to 1 h, but was " + d);
            }
            return d;
        }

        private static String quoted(String s) {
            return s == null ? "null" : "'" + s + "'";
        }
    }
}
