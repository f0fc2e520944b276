package io.smtpy.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: the socket inodes among the process's
 * file descriptors, matched against the LISTEN entries of {@code /proc/net/tcp} and {@code tcp6}. This tells
 * exactly which ports a server opened, where probing well-known ports would be fooled by other processes.
 */
public final class ListeningSockets {
    private static final String LISTEN_STATE = "0A";

    private ListeningSockets() {
    }

    public static boolean supported() {
        return Files.isReadable(Paths.get("/proc/net/tcp")) && Files.isDirectory(Paths.get("/proc/self/fd"));
    }

    public static List<InetSocketAddress> of(long pid) throws IOException {
        Set<String> socketInodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Paths.get("/proc", String.valueOf(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    socketInodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Paths.get(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> rows = Files.readAllLines(path);
            for (String row : rows.subList(1, rows.size())) {
                String[] columns = row.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (columns[3].equals(LISTEN_STATE) && socketInodes.contains(columns[9])) {
                    listening.add(parseAddress(columns[1]));
                }
            }
        }
        return listening;
    }

    /** {@code 0100007F:1F40} is 127.0.0.1:8000: each 32-bit word of the address is in host (little-endian) order. */
    private static InetSocketAddress parseAddress(String hex) throws IOException {
        String[] parts = hex.split(":");
        String addressHex = parts[0];
        byte[] address = new byte[addressHex.length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int index = 0; index < 4; index++) {
                int hexOffset = (word * 4 + index) * 2;
                address[word * 4 + 3 - index] = (byte) Integer.parseInt(addressHex.substring(hexOffset, hexOffset + 2), 16);
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    }
}
