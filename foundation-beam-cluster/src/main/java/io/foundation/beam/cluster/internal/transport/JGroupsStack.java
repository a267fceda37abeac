package io.foundation.beam.cluster.internal.transport;

import io.foundation.beam.cluster.ClusterConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jgroups.JChannel;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ExtendedUUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in JGroups protocol stack, derived from a {@link ClusterConfig} (or the config's stack file, which then
 * replaces all of it, discovery included).
 *
 * <p>Discovery: {@code TCPPING} with the initial members (resolved at start) and this node's own address, or, with
 * {@link ClusterConfig#dnsQuery()}, {@code DNS_PING}: its {@code dns_query}, {@code dns_record_type} ({@code A} or
 * {@code SRV}) and {@code dns_address} (the config's DNS server as {@code host:port}, or empty for the host's
 * resolvers) come from the config. {@code DNS_PING} asks DNS at every discovery: three times during the join
 * timeout ({@code num_discovery_runs}, so a record published just after the start still counts), and each time
 * {@code MERGE3} looks for other members (every M/5 to M/2, see below). For A records it asks each address at this
 * node's own bind port ({@code TCP}'s port range is 0); for SRV records at the port of each record. Without a DNS
 * server, A names go through {@code InetAddress} (the JVM's cache) and SRV records through JNDI
 * ({@code com.sun.jndi.dns}, module {@code jdk.naming.dns}); with one, both through JNDI, SRV targets included.
 *
 * <p>Transport: {@code TCP} on the bind address and port (no port range), with {@code tcp_nodelay} on (JGroups'
 * default is off): messages are batched before they reach it, so Nagle's algorithm would only delay a lone one.
 *
 * <p>Timings, with T the failure detection timeout and M the merge interval:
 * <ul>
 *   <li>{@code FD_SOCK2}: a ring of TCP connections; a killed process's sockets close and it is suspected at once.
 *   <li>{@code FD_ALL3}: heartbeats every T/6, a member silent for 2T/3 is suspected (catches a frozen JVM).
 *   <li>{@code VERIFY_SUSPECT2}: a suspect gets T/6 to answer before it is excluded.
 *   <li>{@code GMS}: view acks are awaited at most T/6 (a frozen member does not delay the new view).
 * </ul>
 * So a killed node is down after about T/6 plus a view installation, a frozen one after at most about T.
 * {@code MERGE3} sends its view information at random every M/5 to M/2 and checks for differing views every
 * 0.8 M, so a healed partition merges within about M.
 *
 * <p>With {@link ClusterConfig#raftMembers()} given, jgroups-raft's protocols are added as its {@code raft.xml}
 * does: {@code NO_DUPES} under {@code GMS}, and {@code ELECTION2}, {@code RAFT} and {@code REDIRECT} on top.
 * <ul>
 *   <li>{@code NO_DUPES} refuses a joiner whose Raft id (its node name) is already in the view, before it could
 *       take part in a vote: two voters with one id would break Raft's majorities. (The transport's own check,
 *       {@link NodeNameInUseException}, comes after joining; with Raft the join itself is refused.)
 *   <li>{@code ELECTION2} rather than {@code ELECTION}: both elect on view changes (the view coordinator runs the
 *       vote, so a leader follows within about a view change after the old one is gone, i.e. within about T).
 *       {@code ELECTION2} first runs a pre-vote (Ongaro's thesis, 9.6): it starts a new term only if no majority
 *       still follows a leader. A node that froze (GC, SIGSTOP) and comes back, or a merge that makes another node
 *       the view coordinator, then does not depose a working leader. It costs one round trip per election, which
 *       is small against T; the cluster acceptance test partitions by SIGSTOP, where this matters.
 *   <li>{@code ELECTION2}: a vote round waits at most T/6 (at least 100 ms) for the answers, and is repeated until
 *       a leader is elected or the majority is lost.
 *   <li>{@code RAFT} (as {@link CatchUpRaft}: the leader also resends missing entries to a lagging voter while busy,
 *       in ranges, so a voter that comes back behind catches up under load): raft id = the node name, members = the voters, a file-based log (fsync on) in
 *       {@link ClusterConfig#raftLogDirectory()}; fixed membership (no {@code addServer}/{@code removeServer});
 *       when idle, the leader resends missing entries and the commit index every T/6, at most 100 ms (at least
 *       20 ms): so a follower applies an entry about that long after the leader (idle rounds send nothing to
 *       followers that are up to date). {@code send_commits_immediately} stays off: in jgroups-raft 1.1.0 it
 *       makes the leader and a follower that lags (a voter restarted with an older log) exchange commit messages
 *       without end, which keeps the leader's queue busy so the missing entries are never resent (measured).
 *   <li>{@code REDIRECT} forwards a follower's proposal to the leader.
 * </ul>
 * {@code RAFT} installs an address generator that puts its raft id into the address ({@link ExtendedUUID}, key
 * {@code raft-id}); the transport adds its own (key {@value JGroupsTransport#NODE_NAME_KEY}). JGroups merges the
 * keys of several generators into one {@link ExtendedUUID}, so every address carries both.
 */
final class JGroupsStack {

    private static final Logger LOG = LoggerFactory.getLogger(JGroupsStack.class);
    /** JNDI's DNS provider, which {@code DNS_PING} uses. */
    private static final String DNS_CONTEXT_FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    /** How many times {@code DNS_PING} asks DNS during the join timeout. */
    static final int DNS_DISCOVERY_RUNS = 3;

    private JGroupsStack() {
    }

    static JChannel channel(ClusterConfig config) throws Exception {
        if (config.stackFile().isPresent()) {
            return new JChannel(config.stackFile().get().toString());
        }
        return new JChannel(secured(config, protocols(config)));
    }

    /** The stack with the config's TLS and authentication secret applied (see {@link StackSecurity}). */
    static List<Protocol> secured(ClusterConfig config, List<Protocol> protocols) throws Exception {
        List<Protocol> stack = new ArrayList<>(protocols);
        StackSecurity.apply(config, stack);
        return stack;
    }

    static List<Protocol> protocols(ClusterConfig config) {
        long t = config.failureDetectionTimeout().toMillis();
        long m = config.mergeInterval().toMillis();
        long join = config.joinTimeout().toMillis();

        TCP tcp = new ReportingTcp();
        tcp.setBindAddress(config.bindAddress());
        tcp.setBindPort(config.bindPort());
        tcp.setPortRange(0);
        // JGroups 5.4 leaves Nagle's algorithm on; our frames are already batched (FrameSender), so it only delays a
        // lone message: about 40 µs per TLS round trip, 18 µs in plain TCP (docs/notes/tls-pingpong-investigation.md)
        tcp.setValue("tcp_nodelay", true);

        Discovery ping = config.dnsQuery().isPresent() ? dnsPing(config) : tcpPing(config);

        MERGE3 merge = new MERGE3();
        // Min first: each setter checks the new value against the other's current one (min 1000, max 10000 by
        // default), so setting a max of 1000 or less before lowering the min fails.
        merge.setMinInterval(Math.max(1, m / 5));
        merge.setMaxInterval(Math.max(2, m / 2));

        FD_SOCK2 fdSock = new FD_SOCK2();
        FD_ALL3 fdAll = new FD_ALL3();
        long interval = Math.max(50, t / 6);
        fdAll.setInterval(interval);
        fdAll.setTimeout(Math.max(interval * 2, t * 2 / 3));
        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(Math.max(50, t / 6));

        NAKACK2 nakack = new NAKACK2();
        nakack.setValue("use_mcast_xmit", false);
        UNICAST3 unicast = new UNICAST3();
        STABLE stable = new STABLE();
        stable.setDesiredAverageGossip(5_000);
        stable.setMaxBytes(4_000_000);

        GMS gms = new GMS();
        gms.setJoinTimeout(join);
        gms.setViewAckCollectionTimeout(Math.max(100, t / 6));
        gms.printLocalAddress(false);

        UFC ufc = new UFC();
        ufc.setMaxCredits(4_000_000);
        MFC mfc = new MFC();
        mfc.setMaxCredits(4_000_000);
        FRAG4 frag = new FRAG4();
        frag.setValue("frag_size", 60_000);

        if (!config.raftEnabled()) {
            return List.of(tcp, ping, merge, fdSock, fdAll, verify, nakack, unicast, stable, gms, ufc, mfc, frag);
        }
        ELECTION2 election = new ELECTION2();
        election.voteTimeout(Math.max(100, t / 6));
        RAFT raft = new CatchUpRaft();
        raft.raftId(config.nodeName());
        raft.members(config.raftMembers());
        raft.logClass("org.jgroups.protocols.raft.FileBasedLog");
        raft.logDir(config.raftLogDirectory().toAbsolutePath().toString());
        raft.logUseFsync(true);
        raft.setValue("dynamic_view_changes", false);
        raft.resendInterval(Math.max(20, Math.min(100, t / 6)));
        return List.of(tcp, ping, merge, fdSock, fdAll, verify, nakack, unicast, stable, new NO_DUPES(), gms, ufc,
                mfc, frag, election, raft, new REDIRECT());
    }

    private static TCPPING tcpPing(ClusterConfig config) {
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(initialHosts(config));
        ping.setPortRange(0);
        return ping;
    }

    private static DNS_PING dnsPing(ClusterConfig config) {
        try {
            Class.forName(DNS_CONTEXT_FACTORY, false, JGroupsStack.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("dnsDiscovery needs JNDI's DNS provider (" + DNS_CONTEXT_FACTORY
                    + "), which is in the JDK module jdk.naming.dns, but this runtime lacks it: add it to the runtime "
                    + "image (jlink --add-modules jdk.naming.dns) or use a full JDK", e);
        }
        DNS_PING ping = new DNS_PING();
        ping.setDNSQuery(config.dnsQuery().orElseThrow());
        ping.setValue("dns_record_type", config.dnsRecordType().name());
        config.dnsServer().ifPresent(server -> ping.setValue("dns_address", hostAndPort(server)));
        ping.setValue("num_discovery_runs", DNS_DISCOVERY_RUNS);
        return ping;
    }

    /** @return {@code host:port}, {@code [v6-address]:port} for IPv6, as a {@code dns://} URL wants it */
    static String hostAndPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The initial members, resolved now (an unresolvable one is skipped), and this node's own address. */
    private static List<InetSocketAddress> initialHosts(ClusterConfig config) {
        Set<InetSocketAddress> hosts = new LinkedHashSet<>();
        for (InetSocketAddress member : config.initialMembers()) {
            InetSocketAddress resolved = new InetSocketAddress(member.getHostString(), member.getPort());
            if (resolved.isUnresolved()) {
                LOG.warn("Cluster {}: initial member {} does not resolve now; skipped", config.clusterName(), member);
            } else {
                hosts.add(resolved);
            }
        }
        if (config.bindPort() != 0) {
            hosts.add(new InetSocketAddress(config.bindAddress(), config.bindPort()));
        }
        return new ArrayList<>(hosts);
    }
}
