package io.sluice.cli;

import io.sluice.processor.SluiceException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.MemberDescription;

/** A reset refused because an instance runs the pipeline: its consumer group has members. */
final class PipelineRunningException extends SluiceException {
    private static final long serialVersionUID = 1L;

    PipelineRunningException(String group, Collection<MemberDescription> members) {
        super(message(group, members));
    }

    private static String message(String group, Collection<MemberDescription> members) {
        List<String> clients = members.stream().map(MemberDescription::clientId).sorted().toList();
        return String.format(
                "pipeline '%s' is running: its consumer group '%s' has %s; stop every instance"
                        + " first (one killed without stopping leaves the group after"
                        + " session.timeout.ms, 10 s by default), then reset again",
                group,
                group,
                clients.isEmpty()
                        ? "members"
                        : clients.size() + " active member(s) " + String.join(", ", clients));
    }
}
