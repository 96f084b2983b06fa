package io.lbctl.model.aws;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP literals and CIDR blocks without ever resolving a name: a string goes to
 * {@link InetAddress} only once it is known to be a literal, so bad input never means DNS.
 */
public final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The address {@code text} spells, if it is an IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        try {
            var m = V4.matcher(text);
            if (m.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(m.group(i + 1));
                    if (octet > 255 || (m.group(i + 1).length() > 1 && m.group(i + 1).startsWith("0"))) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (text.contains(":") && V6_CHARS.matcher(text).matches()) {
                InetAddress address = InetAddress.getByName(text);
                return address instanceof Inet6Address ? Optional.of(address) : Optional.empty();
            }
            return Optional.empty();
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when {@code text} is a CIDR block such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}. */
    public static boolean isCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        Optional<InetAddress> address = parse(text.substring(0, slash));
        String bits = text.substring(slash + 1);
        if (address.isEmpty() || !bits.matches("\\d{1,3}")) {
            return false;
        }
        int max = address.get() instanceof Inet6Address ? 128 : 32;
        return Integer.parseInt(bits) <= max;
    }

    /** True when {@code address} lies in {@code cidr} (a valid CIDR block); families never mix. */
    public static boolean inCidr(String cidr, InetAddress address) {
        int slash = cidr.indexOf('/');
        Optional<InetAddress> network = slash < 0 ? Optional.empty() : parse(cidr.substring(0, slash));
        if (network.isEmpty()) {
            return false;
        }
        byte[] net = network.get().getAddress();
        byte[] addr = address.getAddress();
        if (net.length != addr.length) {
            return false;
        }
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((net[i] & mask) != (addr[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** True for 10/8, 172.16/12, 192.168/16 (RFC 1918) and 100.64/10 (RFC 6598), the ranges AWS takes as IP targets. */
    public static boolean isPrivateV4(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            return false;
        }
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        return o0 == 10 || (o0 == 172 && o1 >= 16 && o1 <= 31) || (o0 == 192 && o1 == 168)
                || (o0 == 100 && o1 >= 64 && o1 <= 127);
    }
}
