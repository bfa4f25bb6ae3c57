package org.convnet4j.fuzz;

/** Bytes as hex for failure reports, cut after a limit. */
final class HexDump {
    private HexDump() {}

    static String of(byte[] b, int limit) {
        StringBuilder sb = new StringBuilder(b.length + " bytes [");
        for (int i = 0; i < Math.min(b.length, limit); i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.append(b.length > limit ? " ...]" : "]").toString();
    }
}
