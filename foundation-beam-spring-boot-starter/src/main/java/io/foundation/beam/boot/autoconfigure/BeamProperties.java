package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.isolation.IsolationMode;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.mailbox.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of Foundation BEAM ({@code foundation.beam.*}).
 *
 * <p>The settings of an ecosystem come, by precedence, from {@code foundation.beam.ecosystems.<name>.*}, then from
 * the attributes of its {@code @Worker} annotation, then from the core defaults. That is why the per-ecosystem
 * fields have no initialiser: unset means "keep the annotation's value"; each field's Javadoc states the default
 * that applies when neither sets it.
 *
 * <p>Unknown keys under {@code foundation.beam} fail the startup (a misspelt key would otherwise be ignored).
 */
@ConfigurationProperties(prefix = "foundation.beam", ignoreUnknownFields = false)
public class BeamProperties {

    /** Whether to enable Foundation BEAM: the process runtime, the ecosystems of @Worker beans and their lifecycle. */
    private boolean enabled = true;

    /** Process runtime that runs every ecosystem of the application. */
    private final RuntimeProperties runtime = new RuntimeProperties();

    /** Ecosystems by name, overriding what their @Worker and @Coordinator beans declare. */
    private final Map<String, EcosystemProperties> ecosystems = new LinkedHashMap<>();

    /** Operations on ecosystems through the 'ecosystems' Actuator endpoint. */
    private final Management management = new Management();

    /** Runtime telemetry events republished as Spring application events. */
    private final Events events = new Events();

    /** Micrometer observations of message handling. */
    private final Observations observations = new Observations();

    /** Log lines for crashes, restarts, supervisors that gave up and orphaned threads. */
    private final Logging logging = new Logging();

    /** Shutdown of the ecosystems when the application context closes. */
    private final Shutdown shutdown = new Shutdown();

    /** Membership of a cluster of runtimes (needs the foundation-beam-cluster dependency). */
    private final ClusterProperties cluster = new ClusterProperties();

    /** Memory-intensive work in child JVMs of capped heap (the MemoryIsolation bean). */
    private final Isolation isolation = new Isolation();

    /** The observer page ('observer' Actuator endpoint): its shared sampler. */
    private final Observer observer = new Observer();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public RuntimeProperties getRuntime() {
        return this.runtime;
    }

    public Map<String, EcosystemProperties> getEcosystems() {
        return this.ecosystems;
    }

    public Management getManagement() {
        return this.management;
    }

    public Events getEvents() {
        return this.events;
    }

    public Observations getObservations() {
        return this.observations;
    }

    public Logging getLogging() {
        return this.logging;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    public ClusterProperties getCluster() {
        return this.cluster;
    }

    public Isolation getIsolation() {
        return this.isolation;
    }

    public Observer getObserver() {
        return this.observer;
    }

    /**
     * Shutdown of the ecosystems when the context closes ({@code foundation.beam.shutdown.*}), named after Spring
     * Boot's {@code spring.task.execution.shutdown.*}.
     */
    public static class Shutdown {

        /**
         * Whether the ecosystems drain before they shut down: take no new work, and let the work they accepted
         * (queued or running) complete within 'await-termination-period'; what is left then fails with
         * EcosystemStoppedException. On by default: an accepted submission returned a future, a promise of its
         * result, and OTP too gives each child its shutdown time to finish. (Boot's task executors default to false
         * because their tasks are fire-and-forget.) When false, unfinished work fails at once.
         */
        private boolean awaitTermination = true;

        /**
         * Longest drain of each ecosystem when 'await-termination' is true, before its shutdown-timeout. The drain
         * and the shutdown-timeout together should fit spring.lifecycle.timeout-per-shutdown-phase (30s by default;
         * a startup warning says when they do not). A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration awaitTerminationPeriod = Duration.ofSeconds(10);

        public boolean isAwaitTermination() {
            return this.awaitTermination;
        }

        public void setAwaitTermination(boolean awaitTermination) {
            this.awaitTermination = awaitTermination;
        }

        public Duration getAwaitTerminationPeriod() {
            return this.awaitTerminationPeriod;
        }

        public void setAwaitTerminationPeriod(Duration awaitTerminationPeriod) {
            this.awaitTerminationPeriod = awaitTerminationPeriod;
        }
    }

    /** Logging of the runtime's failures ({@code foundation.beam.logging.*}). */
    public static class Logging {

        /**
         * Whether to log crashes (WARN, logger io.foundation.beam.crash), restarts (INFO, io.foundation.beam.restart),
         * supervisors that gave up (ERROR, io.foundation.beam.supervisor) and orphaned threads (WARN,
         * io.foundation.beam.orphan).
         */
        private boolean enabled = true;

        /** Rate limit of crash and restart lines, per ecosystem. */
        private final RateLimit rateLimit = new RateLimit();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public RateLimit getRateLimit() {
            return this.rateLimit;
        }
    }

    /** Rate limit of crash and restart lines ({@code foundation.beam.logging.rate-limit.*}). */
    public static class RateLimit {

        /**
         * Most crash lines, and most restart lines, logged per ecosystem in one interval; the rest are counted and
         * summarised in one line.
         */
        private int lines = 10;

        /** Window of the rate limit, opened by its first line. A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration interval = Duration.ofMinutes(1);

        public int getLines() {
            return this.lines;
        }

        public void setLines(int lines) {
            this.lines = lines;
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /**
     * The observer page ({@code foundation.beam.observer.*}): the 'observer' Actuator endpoint's shared sampler, which
     * samples the runtime once per interval while a page is open (and keeps the ecosystems' recent figures always).
     */
    public static class Observer {

        /**
         * Time between two samples (and two points of the ecosystems' charts), 100ms to 1m. A bare number is in
         * milliseconds.
         */
        private Duration interval = Duration.ofSeconds(1);

        /** How many processes each of the page's top lists (by mailbox, message rate, memory) holds, 1 to 100. */
        private int top = 20;

        /** Time between two heartbeats on the page's live stream, at least 1s, so that proxies keep it open. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration heartbeat = Duration.ofSeconds(15);

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getTop() {
            return this.top;
        }

        public void setTop(int top) {
            this.top = top;
        }

        public Duration getHeartbeat() {
            return this.heartbeat;
        }

        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        /**
         * Checks the ranges, so that a bad value fails the startup naming the property.
         *
         * @param environment the environment, for the value's origin
         * @throws io.foundation.beam.boot.BeamConfigurationException naming the first value out of range
         */
        public void check(org.springframework.core.env.Environment environment) {
            String subject = "The observer";
            if (interval == null || interval.toMillis() < 100 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw BeamAutoConfiguration.invalidProperty(environment, subject, "foundation.beam.observer.interval",
                        interval, "a duration from 100ms to 1m, such as 1s");
            }
            if (top < 1 || top > 100) {
                throw BeamAutoConfiguration.invalidProperty(environment, subject, "foundation.beam.observer.top", top,
                        "1 to 100, such as 20");
            }
            if (heartbeat == null || heartbeat.toMillis() < 1000) {
                throw BeamAutoConfiguration.invalidProperty(environment, subject, "foundation.beam.observer.heartbeat",
                        heartbeat, "at least 1s, such as 15s");
            }
        }
    }

    /**
     * Memory-intensive work in its own heap ({@code foundation.beam.isolation.*}): the options of the
     * {@code MemoryIsolation} bean, which runs tasks in a pool of child JVMs of capped heap (or in this JVM with
     * {@code mode=in-process}).
     */
    public static class Isolation {

        /** Where tasks run: forked (a pool of child JVMs of capped heap) or in-process (this JVM, a process each). */
        private IsolationMode mode = IsolationMode.FORKED;

        /** How many warm child JVMs the pool keeps, 1 to 64; each is a JVM of its own. */
        private int poolSize = 1;

        /** Heap cap of each child JVM (-Xmx), at least 8MB. A task that needs more fails as heap-limit. */
        private DataSize maxHeap = DataSize.ofMegabytes(256);

        /** Metaspace cap of each child JVM (-XX:MaxMetaspaceSize), at least 16MB. */
        private DataSize maxMetaspace = DataSize.ofMegabytes(128);

        /** Direct memory cap of each child JVM (-XX:MaxDirectMemorySize), at least 1MB. */
        private DataSize maxDirectMemory = DataSize.ofMegabytes(64);

        /** Extra JVM flags for the child JVMs, after the starter's own (a later flag wins). */
        private List<String> jvmFlags = new ArrayList<>();

        /**
         * Classes allowed to cross into and out of a child besides the JDK's value types and the task's own package:
         * class names, 'com.example.*' for a package or 'com.example.**' for a package and its sub-packages.
         */
        private List<String> allowedClasses = new ArrayList<>();

        /** Longest a task may run before it is killed (killed outcome). A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration timeout = Duration.ofSeconds(60);

        /** Recycling of the child JVMs. */
        private final Recycle recycle = new Recycle();

        /**
         * An AOT cache file for the child JVMs (JDK 25 or later, a class path of JAR files such as a Spring Boot
         * jar): written by the first child, used by the next ones to start faster. Unset: none.
         */
        private Path aotCache;

        public IsolationMode getMode() {
            return this.mode;
        }

        public void setMode(IsolationMode mode) {
            this.mode = mode;
        }

        public int getPoolSize() {
            return this.poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public DataSize getMaxHeap() {
            return this.maxHeap;
        }

        public void setMaxHeap(DataSize maxHeap) {
            this.maxHeap = maxHeap;
        }

        public DataSize getMaxMetaspace() {
            return this.maxMetaspace;
        }

        public void setMaxMetaspace(DataSize maxMetaspace) {
            this.maxMetaspace = maxMetaspace;
        }

        public DataSize getMaxDirectMemory() {
            return this.maxDirectMemory;
        }

        public void setMaxDirectMemory(DataSize maxDirectMemory) {
            this.maxDirectMemory = maxDirectMemory;
        }

        public List<String> getJvmFlags() {
            return this.jvmFlags;
        }

        public void setJvmFlags(List<String> jvmFlags) {
            this.jvmFlags = jvmFlags;
        }

        public List<String> getAllowedClasses() {
            return this.allowedClasses;
        }

        public void setAllowedClasses(List<String> allowedClasses) {
            this.allowedClasses = allowedClasses;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Recycle getRecycle() {
            return this.recycle;
        }

        public Path getAotCache() {
            return this.aotCache;
        }

        public void setAotCache(Path aotCache) {
            this.aotCache = aotCache;
        }


        /** When a child JVM is replaced by a fresh one ({@code foundation.beam.isolation.recycle.*}). */
        public static class Recycle {

            /** Tasks a child runs before it is replaced; 1 (the default) gives every task a fresh heap. */
            private int tasksPerChild = 1;

            /** Replace a child sooner, after a task that leaves more than this much heap used. Unset: never. */
            private DataSize aboveHeap;

            public int getTasksPerChild() {
                return this.tasksPerChild;
            }

            public void setTasksPerChild(int tasksPerChild) {
                this.tasksPerChild = tasksPerChild;
            }

            public DataSize getAboveHeap() {
                return this.aboveHeap;
            }

            public void setAboveHeap(DataSize aboveHeap) {
                this.aboveHeap = aboveHeap;
            }
        }
    }

    /** Management through Actuator ({@code foundation.beam.management.*}). */
    public static class Management {

        /**
         * Whether the write operations of the 'ecosystems' endpoint (restart a worker, change the worker count) may
         * change running ecosystems. Deprecated: true means management.endpoint.ecosystems.access=unrestricted
         * when that property is not set; the endpoint is read-only by default.
         */
        private boolean writeEnabled = false;

        public boolean isWriteEnabled() {
            return this.writeEnabled;
        }

        public void setWriteEnabled(boolean writeEnabled) {
            this.writeEnabled = writeEnabled;
        }
    }

    /** Telemetry as Spring application events ({@code foundation.beam.events.*}). */
    public static class Events {

        /** Whether to publish every runtime telemetry event (a BeamEvent) as a Spring application event. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Micrometer observations ({@code foundation.beam.observations.*}). */
    public static class Observations {

        /**
         * Whether to observe each message handled by a @HandleMessage method of a worker or coordinator bean with a
         * Micrometer Observation named foundation.beam.message.
         */
        private boolean enabled = false;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * The cluster ({@code foundation.beam.cluster.*}): the runtime joins a cluster of runtimes in other JVMs, on
     * JGroups, when {@code enabled} is true and {@code foundation-beam-cluster} is on the class path. The node's name
     * is the runtime's name ({@code foundation.beam.runtime.name}), unique in the cluster. The defaults are those of
     * {@code ClusterConfig}. (Security and the Raft registry will get nested groups of their own here.)
     */
    public static class ClusterProperties {

        /**
         * Whether to join a cluster (needs the foundation-beam-cluster dependency). The node's name is
         * foundation.beam.runtime.name, which must be unique in the cluster.
         */
        private boolean enabled = false;

        /** Name of the cluster: only nodes with the same cluster name form a cluster. */
        private String clusterName = "foundation-beam";

        /**
         * Address (IP literal or host name) that this node listens on and the other nodes reach it at. Defaults to
         * the loopback address (127.0.0.1): only nodes on this host can join.
         */
        private String bindAddress;

        /**
         * TCP port that this node listens on, 0 to 65535; failure detection also listens on a port 100 above it. 0
         * picks a free port (such a node can join others, but cannot be listed in their initial members).
         */
        private int bindPort = 7800;

        /**
         * Members asked when joining and when looking for the other side of a healed partition, each host:port
         * ([v6-address]:port for IPv6). List every member (this one too is harmless), or at least a few that are
         * usually up. Defaults to none: this node's own address only. Not together with discovery.dns-query.
         */
        private List<String> initialMembers = new ArrayList<>();

        private final Discovery discovery = new Discovery();

        /**
         * About how long a crashed, killed or frozen node takes to be reported down, 300ms to 1h; shorter means more
         * false alarms on a loaded host (a GC pause longer than it cuts a healthy node off until it merges back). A
         * bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration failureDetectionTimeout = Duration.ofSeconds(3);

        /**
         * About how long after a partition heals (or a frozen node thaws) the parts merge into one cluster again,
         * 500ms to 1h. A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration mergeInterval = Duration.ofSeconds(5);

        /**
         * How long joining waits for a member to answer before this node starts a cluster of its own (it
         * merges with the others when they appear), 100ms to 1h. A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration joinTimeout = Duration.ofSeconds(2);

        /**
         * JGroups stack file (XML) replacing the built-in protocol stack; with it, bind-address, bind-port,
         * initial-members, discovery.* and the timeouts are not used (the file says them). Defaults to none.
         */
        private Path stackFile;

        /** Messages that may cross to other nodes. */
        private final Serialization serialization = new Serialization();

        /**
         * Secret shared by every node of the cluster, like Erlang's cookie: at least 16 characters, best random
         * (openssl rand -base64 32). Only nodes with the same secret and cluster name can join, send or read: every
         * message between nodes is encrypted and authenticated with a key derived from it; the secret itself never
         * crosses the network. A node bound to anything but a loopback address needs this or TLS.
         */
        private String authSecret;

        private final Tls tls = new Tls();

        private final Raft raft = new Raft();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getClusterName() {
            return this.clusterName;
        }

        public void setClusterName(String clusterName) {
            this.clusterName = clusterName;
        }

        public String getBindAddress() {
            return this.bindAddress;
        }

        public void setBindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
        }

        public int getBindPort() {
            return this.bindPort;
        }

        public void setBindPort(int bindPort) {
            this.bindPort = bindPort;
        }

        public List<String> getInitialMembers() {
            return this.initialMembers;
        }

        public void setInitialMembers(List<String> initialMembers) {
            this.initialMembers = initialMembers;
        }

        public Duration getFailureDetectionTimeout() {
            return this.failureDetectionTimeout;
        }

        public void setFailureDetectionTimeout(Duration failureDetectionTimeout) {
            this.failureDetectionTimeout = failureDetectionTimeout;
        }

        public Duration getMergeInterval() {
            return this.mergeInterval;
        }

        public void setMergeInterval(Duration mergeInterval) {
            this.mergeInterval = mergeInterval;
        }

        public Duration getJoinTimeout() {
            return this.joinTimeout;
        }

        public void setJoinTimeout(Duration joinTimeout) {
            this.joinTimeout = joinTimeout;
        }

        public Path getStackFile() {
            return this.stackFile;
        }

        public void setStackFile(Path stackFile) {
            this.stackFile = stackFile;
        }

        public String getAuthSecret() {
            return this.authSecret;
        }

        public void setAuthSecret(String authSecret) {
            this.authSecret = authSecret;
        }

        public Tls getTls() {
            return this.tls;
        }

        public Discovery getDiscovery() {
            return this.discovery;
        }

        public Raft getRaft() {
            return this.raft;
        }

        public Serialization getSerialization() {
            return this.serialization;
        }

        /**
         * Finding the members by DNS instead of initial-members ({@code foundation.beam.cluster.discovery.*}), such as
         * through a Kubernetes headless service.
         */
        public static class Discovery {

            /**
             * DNS name whose records list the members, such as orders.shop.svc.cluster.local (A records) or
             * _beam._tcp.orders.shop.svc.cluster.local (SRV records); asked when joining and every few seconds after.
             * Setting it turns DNS discovery on, instead of initial-members (not both). Defaults to none.
             */
            private String dnsQuery;

            /**
             * Records the DNS query asks for: A (each address is asked at this node's bind-port, so every member
             * listens on the same port) or SRV (each record gives a member's host and port).
             */
            private String dnsRecordType = "A";

            /**
             * DNS server to ask, host or host:port (port 53 by default), instead of this host's resolvers; for tests
             * and for a resolver other than the host's. Defaults to none.
             */
            private String dnsServer;

            public String getDnsQuery() {
                return this.dnsQuery;
            }

            public void setDnsQuery(String dnsQuery) {
                this.dnsQuery = dnsQuery;
            }

            public String getDnsRecordType() {
                return this.dnsRecordType;
            }

            public void setDnsRecordType(String dnsRecordType) {
                this.dnsRecordType = dnsRecordType;
            }

            public String getDnsServer() {
                return this.dnsServer;
            }

            public void setDnsServer(String dnsServer) {
                this.dnsServer = dnsServer;
            }
        }

        /** TLS between the nodes ({@code foundation.beam.cluster.tls.*}): mutual TLS 1.3 on the cluster's TCP. */
        public static class Tls {

            /**
             * Name of a Spring SSL bundle (spring.ssl.bundle.*) holding this node's private key and certificate and
             * the certificates it trusts: turns TLS on, instead of key-store and trust-store. The bundle's enabled
             * protocols, if it sets them, replace the default TLSv1.3.
             */
            private String bundle;

            /**
             * Key store with this node's private key and certificate. Setting it turns TLS on; then every node must
             * use TLS, and a node without a certificate the others trust cannot connect.
             */
            private Path keyStore;

            /** Password of the key store (and of its private key). */
            private String keyStorePassword;

            /** Type of the key store. */
            private String keyStoreType = "PKCS12";

            /** Trust store with the certificates (or their CA) of the nodes this node accepts. */
            private Path trustStore;

            /** Password of the trust store. */
            private String trustStorePassword;

            /** Type of the trust store. */
            private String trustStoreType = "PKCS12";

            /** Whether each node must present a certificate the other trusts (mutual TLS). */
            private boolean clientAuthRequired = true;

            public String getBundle() {
                return this.bundle;
            }

            public void setBundle(String bundle) {
                this.bundle = bundle;
            }

            public Path getKeyStore() {
                return this.keyStore;
            }

            public void setKeyStore(Path keyStore) {
                this.keyStore = keyStore;
            }

            public String getKeyStorePassword() {
                return this.keyStorePassword;
            }

            public void setKeyStorePassword(String keyStorePassword) {
                this.keyStorePassword = keyStorePassword;
            }

            public String getKeyStoreType() {
                return this.keyStoreType;
            }

            public void setKeyStoreType(String keyStoreType) {
                this.keyStoreType = keyStoreType;
            }

            public Path getTrustStore() {
                return this.trustStore;
            }

            public void setTrustStore(Path trustStore) {
                this.trustStore = trustStore;
            }

            public String getTrustStorePassword() {
                return this.trustStorePassword;
            }

            public void setTrustStorePassword(String trustStorePassword) {
                this.trustStorePassword = trustStorePassword;
            }

            public String getTrustStoreType() {
                return this.trustStoreType;
            }

            public void setTrustStoreType(String trustStoreType) {
                this.trustStoreType = trustStoreType;
            }

            public boolean isClientAuthRequired() {
                return this.clientAuthRequired;
            }

            public void setClientAuthRequired(boolean clientAuthRequired) {
                this.clientAuthRequired = clientAuthRequired;
            }
        }

        /** The global registry on Raft ({@code foundation.beam.cluster.raft.*}). */
        public static class Raft {

            /**
             * Node names of the Raft voters that hold the cluster-wide registry of names (registerGlobal). Empty: no
             * global registry. Give the same list on every node; this node must be in it. With N voters more than
             * N/2 must be up to register a name.
             */
            private List<String> members = new ArrayList<>();

            /**
             * Directory of this node's Raft log and vote; must survive restarts (Raft is safe only if a voter
             * remembers its vote). Defaults to <java.io.tmpdir>/foundation-beam-raft/<cluster-name>/<node name>.
             */
            private Path logDirectory;

            /**
             * How long registering a global name waits for a majority of the voters. A bare number is in seconds.
             */
            @DurationUnit(ChronoUnit.SECONDS)
            private Duration timeout = Duration.ofSeconds(5);

            public List<String> getMembers() {
                return this.members;
            }

            public void setMembers(List<String> members) {
                this.members = members;
            }

            public Path getLogDirectory() {
                return this.logDirectory;
            }

            public void setLogDirectory(Path logDirectory) {
                this.logDirectory = logDirectory;
            }

            public Duration getTimeout() {
                return this.timeout;
            }

            public void setTimeout(Duration timeout) {
                this.timeout = timeout;
            }
        }

        /** Messages that may cross to other nodes ({@code foundation.beam.cluster.serialization.*}). */
        public static class Serialization {

            /**
             * Application message types that may cross to other nodes: records and enums in these packages (and
             * their sub-packages) or of these classes, such as com.acme.orders. Besides them only the built-in types
             * cross (numbers, strings, byte[], Binary, java.time values, UUID, List, Set, Map, Optional, pids, exit
             * reasons); anything else is refused at the sender. List the same types on every node.
             */
            private List<String> allowedTypes = new ArrayList<>();

            public List<String> getAllowedTypes() {
                return this.allowedTypes;
            }

            public void setAllowedTypes(List<String> allowedTypes) {
                this.allowedTypes = allowedTypes;
            }
        }
    }

    /** The process runtime ({@code foundation.beam.runtime.*}). */
    public static class RuntimeProperties {

        /** Name of the runtime, shown as the prefix of process ids such as <beam.42>. */
        private String name = "beam";

        /**
         * How long processes still running when the runtime closes (after the ecosystems have stopped) get to end
         * before they are killed. A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        /**
         * How long the thread of a killed process may run on before it is counted as an orphan. A bare number is in
         * seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration orphanGracePeriod = Duration.ofSeconds(1);

        /**
         * How often the runtime checks for idle processes to hibernate and for orphans. A bare number is in
         * milliseconds.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration housekeepingInterval = Duration.ofMillis(100);

        /**
         * Messages a busy process takes between two looks at the clock; after 0.2 ms on its carrier it lets waiting
         * processes run if the other carriers are not taking them.
         */
        private int messagesPerActivation = 256;

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getOrphanGracePeriod() {
            return this.orphanGracePeriod;
        }

        public void setOrphanGracePeriod(Duration orphanGracePeriod) {
            this.orphanGracePeriod = orphanGracePeriod;
        }

        public Duration getHousekeepingInterval() {
            return this.housekeepingInterval;
        }

        public void setHousekeepingInterval(Duration housekeepingInterval) {
            this.housekeepingInterval = housekeepingInterval;
        }

        public int getMessagesPerActivation() {
            return this.messagesPerActivation;
        }

        public void setMessagesPerActivation(int messagesPerActivation) {
            this.messagesPerActivation = messagesPerActivation;
        }
    }

    /**
     * One ecosystem ({@code foundation.beam.ecosystems.<name>.*}). Unset values keep what the ecosystem's
     * {@code @Worker} annotation declares.
     */
    public static class EcosystemProperties {

        /** Whether to start this ecosystem; a disabled ecosystem has no Ecosystem bean and cannot be injected. */
        private boolean enabled = true;

        /** Number of worker processes, at least 1. Defaults to @Worker(workers), which defaults to 1. */
        private Integer workers;

        /** Who may message whom: tree, mesh or ring. Defaults to @Worker(topology), which defaults to tree. */
        private Topology topology;

        /**
         * What happens when a member crashes: standard (reported, nothing restarts) or self-healing (restarted under
         * the restart intensity). Defaults to @Worker(faultTolerance), which defaults to standard.
         */
        private FaultTolerance faultTolerance;

        /**
         * How messages cross process boundaries: isolated-heaps (copied unless immutable) or shared-heap (passed by
         * reference). Defaults to @Worker(memoryStrategy), which defaults to isolated-heaps.
         */
        private MemoryStrategy memoryStrategy;

        /**
         * What idle members do: standard (keep their buffers) or frequent-minor (hibernate after hibernate-after).
         * Defaults to @Worker(gcStrategy), which defaults to standard.
         */
        private GcStrategy gcStrategy;

        /**
         * Idle time after which members hibernate under the frequent-minor GC strategy. Defaults to 1s. A bare number
         * is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration hibernateAfter;

        /**
         * How the default coordinator picks a worker for submitted work: round-robin, least-loaded or key-hash.
         * Defaults to @Worker(dispatch), which defaults to round-robin.
         */
        private DispatchStrategy dispatch;

        /** Attempts for one piece of work across crashed workers, at least 1. Defaults to @Worker(maxAttempts), 3. */
        private Integer maxAttempts;

        /**
         * How long submitted work may take before its future fails. Defaults to @Worker(workTimeout), else 30s. A bare
         * number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration workTimeout;

        /**
         * How long the ecosystem's processes get to stop, each and all together, before those left are killed.
         * Defaults to @Worker(shutdownTimeout), else 5s. A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration shutdownTimeout;

        /** Messages queued across members above which the ecosystem's health is degraded. Defaults to 10000. */
        private Integer backlogThreshold;

        /**
         * Most submitted pieces of work not yet finished; a submission beyond it fails at once with
         * EcosystemOverloadedException (backpressure). Defaults to 10000.
         */
        private Integer maxPendingWork;

        /**
         * Whether the coordinator and the workers keep message analytics: counts, estimated sizes, queue waits and
         * throughput, shown by the ecosystems Actuator endpoint and recorded as the foundation.beam.message.size and
         * foundation.beam.message.queue.wait meters. Each message then costs two clock reads and a size estimate.
         */
        private boolean messageAnalytics = false;

        /**
         * Whether the workers run on platform threads the ecosystem owns (the BEAM's dirty schedulers) instead of
         * virtual threads: for CPU-bound workers, which the operating system then preempts, so that they cannot hold
         * the carriers the other processes need. One platform thread per worker that runs or waits at once.
         */
        private boolean dedicatedThreads = false;

        /** Mailbox of each member process. */
        private final Mailbox mailbox = new Mailbox();

        /** Restart intensity of the ecosystem's supervisor (self-healing fault tolerance). */
        private final Restart restart = new Restart();

        /** Delay before restarts; none unless backoff.min and backoff.max are set. */
        private final Backoff backoff = new Backoff();

        /**
         * Where the workers run: this node only (the default), or spread over the nodes of the cluster with one
         * coordinator in the whole cluster (needs foundation.beam.cluster.enabled and raft.members).
         */
        private final DistributionProperties distribution = new DistributionProperties();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getWorkers() {
            return this.workers;
        }

        public void setWorkers(Integer workers) {
            this.workers = workers;
        }

        public Topology getTopology() {
            return this.topology;
        }

        public void setTopology(Topology topology) {
            this.topology = topology;
        }

        public FaultTolerance getFaultTolerance() {
            return this.faultTolerance;
        }

        public void setFaultTolerance(FaultTolerance faultTolerance) {
            this.faultTolerance = faultTolerance;
        }

        public MemoryStrategy getMemoryStrategy() {
            return this.memoryStrategy;
        }

        public void setMemoryStrategy(MemoryStrategy memoryStrategy) {
            this.memoryStrategy = memoryStrategy;
        }

        public GcStrategy getGcStrategy() {
            return this.gcStrategy;
        }

        public void setGcStrategy(GcStrategy gcStrategy) {
            this.gcStrategy = gcStrategy;
        }

        public Duration getHibernateAfter() {
            return this.hibernateAfter;
        }

        public void setHibernateAfter(Duration hibernateAfter) {
            this.hibernateAfter = hibernateAfter;
        }

        public DispatchStrategy getDispatch() {
            return this.dispatch;
        }

        public void setDispatch(DispatchStrategy dispatch) {
            this.dispatch = dispatch;
        }

        public Integer getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getWorkTimeout() {
            return this.workTimeout;
        }

        public void setWorkTimeout(Duration workTimeout) {
            this.workTimeout = workTimeout;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Integer getBacklogThreshold() {
            return this.backlogThreshold;
        }

        public void setBacklogThreshold(Integer backlogThreshold) {
            this.backlogThreshold = backlogThreshold;
        }

        public Integer getMaxPendingWork() {
            return this.maxPendingWork;
        }

        public void setMaxPendingWork(Integer maxPendingWork) {
            this.maxPendingWork = maxPendingWork;
        }

        public boolean isDedicatedThreads() {
            return this.dedicatedThreads;
        }

        public void setDedicatedThreads(boolean dedicatedThreads) {
            this.dedicatedThreads = dedicatedThreads;
        }

        public boolean isMessageAnalytics() {
            return this.messageAnalytics;
        }

        public void setMessageAnalytics(boolean messageAnalytics) {
            this.messageAnalytics = messageAnalytics;
        }

        public Mailbox getMailbox() {
            return this.mailbox;
        }

        public Restart getRestart() {
            return this.restart;
        }

        public DistributionProperties getDistribution() {
            return this.distribution;
        }

        public Backoff getBackoff() {
            return this.backoff;
        }
    }

    /** A member's mailbox ({@code foundation.beam.ecosystems.<name>.mailbox.*}). */
    public static class Mailbox {

        /** Most messages queued in each member's mailbox, at least 1. Unbounded unless set. */
        private Integer capacity;

        /**
         * What a full bounded mailbox does with a new message: reject, drop-newest, drop-oldest or block-sender.
         * Defaults to reject; needs mailbox.capacity.
         */
        private OverflowPolicy overflowPolicy;

        /**
         * How long block-sender makes a sender wait for room before the message is rejected. Defaults to 5s. A bare
         * number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration sendTimeout;

        public Integer getCapacity() {
            return this.capacity;
        }

        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        public OverflowPolicy getOverflowPolicy() {
            return this.overflowPolicy;
        }

        public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
            this.overflowPolicy = overflowPolicy;
        }

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }
    }

    /** Restart intensity ({@code foundation.beam.ecosystems.<name>.restart.*}). */
    public static class Restart {

        /**
         * Restarts tolerated within the period before the supervisor gives up and stops the ecosystem. Defaults to
         * 10.
         */
        private Integer maxRestarts;

        /** Sliding window in which restarts are counted. Defaults to 5s. A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration period;

        public Integer getMaxRestarts() {
            return this.maxRestarts;
        }

        public void setMaxRestarts(Integer maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public Duration getPeriod() {
            return this.period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }
    }

    /** Restart backoff ({@code foundation.beam.ecosystems.<name>.backoff.*}). */
    public static class Backoff {

        /**
         * First delay before a restart; doubles on each consecutive restart up to backoff.max. A bare number is in
         * seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration min;

        /** Largest delay before a restart, at least backoff.min. A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration max;

        /** Random extra delay, as a fraction of the delay, from 0 to 1. Defaults to 0. */
        private Double jitter;

        public Duration getMin() {
            return this.min;
        }

        public void setMin(Duration min) {
            this.min = min;
        }

        public Duration getMax() {
            return this.max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

        public Double getJitter() {
            return this.jitter;
        }

        public void setJitter(Double jitter) {
            this.jitter = jitter;
        }
    }

    /** Distribution over the cluster ({@code foundation.beam.ecosystems.<name>.distribution.*}). */
    public static class DistributionProperties {

        /**
         * Which nodes run workers: local-only (this node; an ordinary ecosystem), cluster-wide (every node that
         * declares the ecosystem) or explicit-nodes (those of distribution.nodes). Defaults to local-only.
         */
        private Distribution.Policy policy;

        /** The node names that run workers under the explicit-nodes policy. */
        private List<String> nodes = new ArrayList<>();

        /**
         * How the coordinator picks a node for each piece of work: round-robin, least-loaded (fewest in flight per
         * worker) or random. Defaults to round-robin.
         */
        private Distribution.Placement placement;

        /**
         * Workers on each selected node, instead of splitting the ecosystem's workers over the nodes (each gets
         * workers / nodes, the first by name one more).
         */
        private Integer workersPerNode;

        /**
         * Where accepted submissions are kept until they complete: replicated (the cluster's Raft journal: work
         * survives the submitter's node too; the default) or submitter-local (the submitting node only: cheaper, one
         * message per item instead of Raft commits; work survives worker and coordinator crashes, not the submitter's
         * node).
         */
        private Distribution.Journal journal;

        public Distribution.Journal getJournal() {
            return this.journal;
        }

        public void setJournal(Distribution.Journal journal) {
            this.journal = journal;
        }

        public Distribution.Policy getPolicy() {
            return this.policy;
        }

        public void setPolicy(Distribution.Policy policy) {
            this.policy = policy;
        }

        public List<String> getNodes() {
            return this.nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }

        public Distribution.Placement getPlacement() {
            return this.placement;
        }

        public void setPlacement(Distribution.Placement placement) {
            this.placement = placement;
        }

        public Integer getWorkersPerNode() {
            return this.workersPerNode;
        }

        public void setWorkersPerNode(Integer workersPerNode) {
            this.workersPerNode = workersPerNode;
        }
    }
}
