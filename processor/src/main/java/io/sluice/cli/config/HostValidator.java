package io.sluice.cli.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts a host an endpoint can listen on: an IP address, or a name that resolves now. Checked
 * with the rest of the configuration, so a typo stops start-up before anything (the local broker
 * included) is started, and is reported against the host rather than the port.
 */
final class HostValidator implements ConfigDef.Validator {
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("\\d+(\\.\\d+){3}");

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return; // NonEmptyString reports it
        }
        String host = value.toString().trim();
        if (DOTTED_NUMBERS.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (part.length() > 3 || Integer.parseInt(part) > 255) {
                    throw new ConfigException(
                            name, value, "not an IPv4 address (each of its 4 numbers is 0-255)");
                }
            }
            return;
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(
                    name,
                    value,
                    "not an IP address, and no host has that name (unknown host); use an address"
                            + " of this machine, 127.0.0.1 or 0.0.0.0");
        }
    }

    @Override
    public String toString() {
        return "an IP address or a host name that resolves";
    }
}
