package org.coppipeline.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: everything of the local stack listens on 127.0.0.1 only. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** Ports handed out by this JVM, so two parts started one after the other never get the same one. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int LOWEST = 10_000;

    /**
     * A port free on 127.0.0.1 now, taken below the kernel's ephemeral range: a port the OS picks for
     * {@code bind(0)} comes from that range, where any outgoing connection (a Kafka client's, say) may take
     * it before the part that was meant to listen there starts.
     */
    public static int free() {
        int ephemeralLow = ephemeralRangeStart();
        var random = java.util.concurrent.ThreadLocalRandom.current();
        if (ephemeralLow > LOWEST + 100) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = random.nextInt(LOWEST, ephemeralLow);
                if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: /proc files report size 0 and readString then stops early.
            String range = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768; // Linux default
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the broker and Quarkus bind: a port left in TIME_WAIT by closed connections counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with one line naming the port and the part that wanted it. */
    public static void requireFree(int port, String part) {
        if (!isFree(port)) {
            throw new StackException("port " + port + " (" + part + ") is already in use on " + LOOPBACK
                    + ": stop what listens there (a running stack stops with deploy/local/run.sh --stop) or choose another port");
        }
    }

    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
