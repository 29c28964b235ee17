package org.coppipeline.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, one request per connection: sends the request line and headers exactly as given (bytes
 * no client library would send: raw non-ASCII, duplicate or malformed headers, broken percent-escapes) and reads only
 * the status of the answer.
 */
final class RawHttp {
    /** Status of the final answer; {@link #NO_ANSWER} when the server closed the connection without one. */
    static final int NO_ANSWER = -1;

    private RawHttp() {
    }

    static int exchange(String host, int port, String method, String target, List<String[]> headers, byte[] body,
            Duration timeout) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
            } catch (IOException answeredEarly) {
                // The server may answer (413, 431, 400) and close before it has read everything: read that answer.
            }
            InputStream in = socket.getInputStream();
            while (true) {
                String statusLine = line(in);
                if (statusLine == null) {
                    return NO_ANSWER;
                }
                int status = status(statusLine);
                if (status != 100) {
                    return status;
                }
                // 100 Continue: skip its (empty) header block, the real answer follows.
                String line;
                do {
                    line = line(in);
                } while (line != null && !line.isEmpty());
            }
        }
    }

    /** The status code of an HTTP/1.x status line, or {@link #NO_ANSWER} if it is none. */
    static int status(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            return NO_ANSWER;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return NO_ANSWER;
        }
    }

    /** One CRLF-terminated line (without it), null at the end of the stream or on a reset. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    String text = bytes.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                if (bytes.size() > 16_384) {
                    return bytes.toString(StandardCharsets.ISO_8859_1);
                }
                bytes.write(b);
            }
        } catch (java.net.SocketException reset) {
            // closed by the server
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
