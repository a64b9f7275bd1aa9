package dev.tandem.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice on the loopback address the stack binds to. */
final class FreePorts {

    private FreePorts() {
    }

    static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LocalStack.HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + LocalStack.HOST, e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LocalStack.HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The requested port; else the remembered one if it is still free; else a free one. None of
     * {@code taken} (ports chosen for the stack's other listeners): a port just probed is free again
     * at once, so two probes in a row can return the same one.
     */
    static int choose(int requested, int remembered, int... taken) {
        if (requested != 0) {
            return requested;
        }
        if (remembered > 0 && !contains(taken, remembered) && isFree(remembered)) {
            return remembered;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = pick();
            if (!contains(taken, port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port on " + LocalStack.HOST + " besides "
                + java.util.Arrays.toString(taken));
    }

    private static boolean contains(int[] ports, int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }
}
