package io.foundation.beam.cluster.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server for tests: UDP on 127.0.0.1, a free port, answering A and SRV questions from fixed records (RFC 1035
 * messages, RFC 2782 SRV data). A name with no record at all is NXDOMAIN; a known name without records of the asked
 * type is an empty answer. Records can be added while it runs. Not a resolver: no recursion, no TCP, no compression
 * beyond pointing answers at the question.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final int TYPE_A = 1;
    private static final int TYPE_SRV = 33;
    private static final int CLASS_IN = 1;
    private static final int NXDOMAIN = 3;
    private static final int FORMERR = 1;

    private final DatagramSocket socket;
    private final Thread thread;
    /** Record data by name (lower case, no trailing dot) and type. */
    private final Map<String, List<byte[]>> records = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();

    private TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    /** @return a running server with no records */
    public static TestDnsServer start() {
        try {
            TestDnsServer server = new TestDnsServer();
            server.thread.start();
            return server;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code 127.0.0.1:port}, the address to ask */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /**
     * Adds an A record.
     *
     * @param name the name
     * @param address its IPv4 address
     * @return this server
     */
    public TestDnsServer a(String name, InetAddress address) {
        byte[] ip = address.getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        add(name, TYPE_A, ip);
        return this;
    }

    /**
     * Adds an SRV record (priority 0, weight 100).
     *
     * @param name the service name, such as {@code _beam._tcp.orders.test}
     * @param port the member's port
     * @param target the member's host name
     * @return this server
     */
    public TestDnsServer srv(String name, int port, String target) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(data)) {
            out.writeShort(0);
            out.writeShort(100);
            out.writeShort(port);
            out.write(encodeName(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        add(name, TYPE_SRV, data.toByteArray());
        return this;
    }

    /** @return the questions asked so far, each {@code "A name"} or {@code "SRV name"} (lower case, no trailing dot) */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void add(String name, int type, byte[] data) {
        records.computeIfAbsent(key(normalize(name), type), k -> new CopyOnWriteArrayList<>()).add(data);
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (BufferUnderflowException e) {
                // a truncated query: no answer, as a server would drop it
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** @return the response to one query: its id and question, then the records of that name and type */
    private byte[] answer(ByteBuffer query) throws IOException {
        int id = query.getShort() & 0xFFFF;
        int flags = query.getShort() & 0xFFFF;
        int questionCount = query.getShort() & 0xFFFF;
        query.position(12);
        int questionStart = query.position();
        StringBuilder name = new StringBuilder();
        for (int length = query.get() & 0xFF; length != 0; length = query.get() & 0xFF) {
            byte[] label = new byte[length];
            query.get(label);
            name.append(name.isEmpty() ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
        }
        int type = query.getShort() & 0xFFFF;
        int questionClass = query.getShort() & 0xFFFF;
        byte[] question = new byte[query.position() - questionStart];
        query.get(questionStart, question);
        String asked = normalize(name.toString());
        questions.add((type == TYPE_SRV ? "SRV " : type == TYPE_A ? "A " : type + " ") + asked);

        List<byte[]> found = new ArrayList<>();
        int rcode = 0;
        if (questionCount != 1 || questionClass != CLASS_IN) {
            rcode = FORMERR;
        } else if (records.keySet().stream().noneMatch(k -> k.startsWith(asked + "/"))) {
            rcode = NXDOMAIN;
        } else {
            found.addAll(records.getOrDefault(key(asked, type), List.of()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(id);
        // QR (response), AA (authoritative), RD as asked, RA, the response code
        out.writeShort(0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode);
        out.writeShort(1);
        out.writeShort(found.size());
        out.writeShort(0);
        out.writeShort(0);
        out.write(question);
        for (byte[] data : found) {
            out.writeShort(0xC000 | questionStart); // the name: a pointer to the question's
            out.writeShort(type);
            out.writeShort(CLASS_IN);
            out.writeInt(0); // TTL: not to be cached
            out.writeShort(data.length);
            out.write(data);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : normalize(name).split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String key(String name, int type) {
        return name + "/" + type;
    }
}
