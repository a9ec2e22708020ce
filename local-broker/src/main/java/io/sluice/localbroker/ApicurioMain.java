package io.sluice.localbroker;

/**
 * Entry point of a child JVM that runs Apicurio Registry for tests and the benchmark, as {@link
 * BrokerMain} runs the broker: it halts as soon as the JVM that started it is gone, so that one
 * killed outright leaves no registry behind, then runs Apicurio's own main class from the runner
 * jar on its classpath.
 *
 * <p>Arguments: {@code PARENT_PID}. Apicurio's settings come as system properties.
 */
public final class ApicurioMain {
    /** The main class in the manifest of Apicurio's runner jar (a Quarkus legacy jar). */
    static final String APICURIO_MAIN_CLASS = "io.quarkus.runner.GeneratedMain";

    private ApicurioMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ApicurioMain PARENT_PID");
            System.exit(2);
        }
        ProcessHandle.of(Long.parseLong(args[0]))
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                        () -> Runtime.getRuntime().halt(0));
        Class.forName(APICURIO_MAIN_CLASS)
                .getMethod("main", String[].class)
                .invoke(null, (Object) new String[0]);
    }

    /** The classpath entry this class is loaded from, to put before Apicurio's runner jar. */
    public static String classpathEntry() {
        return BrokerClasspath.ownLocation(); // the same jar, or classes directory
    }
}
