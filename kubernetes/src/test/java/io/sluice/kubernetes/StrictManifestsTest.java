package io.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A field a manifest's model does not know fails, wherever it is and whichever the model. */
class StrictManifestsTest {
    @Test
    void shouldRefuseAFieldTheKubernetesModelDoesNotKnowNamingItsPath() {
        String yaml =
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: sluice}
                spec:
                  serviceName: sluice
                  template:
                    spec:
                      terminationGracePeriodSecond: 75
                      containers: [{name: sluice, image: sluice:dev}]
                """;

        assertThatThrownBy(() -> StrictManifests.parse("statefulset.yaml", yaml))
                .isInstanceOf(StrictManifests.ManifestException.class)
                .hasMessage(
                        "statefulset.yaml document 1 (apps/v1/StatefulSet): spec.template.spec has"
                                + " field(s) the model does not know: [terminationGracePeriodSecond]");
    }

    @Test
    void shouldRefuseAFieldDeepInAListOfAnotherDocument() {
        String yaml =
                """
                apiVersion: v1
                kind: Service
                metadata: {name: sluice}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata: {name: sluice}
                spec:
                  selector: {matchLabels: {app: sluice}}
                  podMetricsEndpoints:
                    - {port: http, pathh: /metrics}
                """;

        assertThatThrownBy(() -> StrictManifests.parse("m.yaml", yaml))
                .hasMessageContaining("m.yaml document 2 (monitoring.coreos.com/v1/PodMonitor)")
                .hasMessageContaining(
                        "spec.podMetricsEndpoints[0] has field(s) the model does not know: [pathh]");
    }

    @Test
    void shouldRefuseAFieldKedaDoesNotDocument() {
        String yaml =
                """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: sluice}
                spec:
                  scaleTargetRef: {kind: StatefulSet, name: sluice}
                  maxReplicas: 3
                """;

        assertThatThrownBy(() -> StrictManifests.parse("scaledobject.yaml", yaml))
                .isInstanceOf(StrictManifests.ManifestException.class)
                .hasMessageContaining("Unrecognized field \"maxReplicas\"");
    }

    @Test
    void shouldRefuseAKindWithoutAModel() {
        assertThatThrownBy(() -> StrictManifests.parse("x.yaml", "apiVersion: v1\nkind: Pods\n"))
                .hasMessage("x.yaml document 1: no model for v1/Pods");
    }

    @Test
    void shouldAcceptAManifestWhoseFieldsTheModelKnows() throws IOException {
        String yaml =
                """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: sluice, labels: {app: sluice}}
                spec:
                  maxUnavailable: 1
                  selector: {matchLabels: {app: sluice}}
                """;

        assertThat(StrictManifests.parse("pdb.yaml", yaml)).hasSize(1);
    }
}
