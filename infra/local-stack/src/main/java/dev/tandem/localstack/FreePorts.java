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

    /** The requested port; else the remembered one if it is still free; else a free one. */
    static int choose(int requested, int remembered) {
        if (requested != 0) {
            return requested;
        }
        if (remembered > 0 && isFree(remembered)) {
            return remembered;
        }
        return pick();
    }
}
