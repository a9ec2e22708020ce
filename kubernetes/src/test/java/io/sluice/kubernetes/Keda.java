package io.sluice.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;
import java.util.Map;

/**
 * KEDA's ScaledObject and TriggerAuthentication (keda.sh/v1alpha1), typed as KEDA's reference
 * documents them: fabric8 has no KEDA model, and no KEDA schema can be fetched by the build (see
 * docs/decisions.md). Read with unknown properties refused, so a misspelled field fails as it does
 * for the fabric8 models; metadata and the HPA behaviour are fabric8's own types.
 */
final class Keda {
    private Keda() {}

    /** {@code kind: ScaledObject}. */
    record ScaledObject(
            String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

    /** The ScaledObject's spec: the target, the replica bounds, the timing and the triggers. */
    record ScaledObjectSpec(
            ScaleTargetRef scaleTargetRef,
            Integer pollingInterval,
            Integer cooldownPeriod,
            Integer initialCooldownPeriod,
            Integer idleReplicaCount,
            Integer minReplicaCount,
            Integer maxReplicaCount,
            Fallback fallback,
            Advanced advanced,
            List<Trigger> triggers) {}

    /** The scaled workload: a Deployment by default, here the StatefulSet. */
    record ScaleTargetRef(
            String apiVersion, String kind, String name, String envSourceContainerName) {}

    /** The replica count KEDA falls back to when a scaler keeps failing. */
    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {}

    /** What KEDA passes to the HPA it manages, and its scaling modifiers. */
    record Advanced(
            Boolean restoreToOriginalReplicaCount,
            HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
            ScalingModifiers scalingModifiers) {}

    /** The managed HPA's name and its autoscaling/v2 behaviour. */
    record HorizontalPodAutoscalerConfig(String name, HorizontalPodAutoscalerBehavior behavior) {}

    /** A formula over the triggers' metrics. */
    record ScalingModifiers(
            String formula, String target, String activationTarget, String metricType) {}

    /**
     * One scaler. Its metadata is a map of strings in KEDA's CRD ({@code map[string]string}), so
     * values are kept as parsed here and the test checks they are strings.
     */
    record Trigger(
            String type,
            String name,
            Boolean useCachedMetrics,
            String metricType,
            Map<String, Object> metadata,
            AuthenticationRef authenticationRef) {}

    /** A TriggerAuthentication (or ClusterTriggerAuthentication) by name. */
    record AuthenticationRef(String name, String kind) {}

    /** {@code kind: TriggerAuthentication}. */
    record TriggerAuthentication(
            String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

    /** Where a scaler's authentication parameters come from. */
    record TriggerAuthenticationSpec(
            List<SecretTargetRef> secretTargetRef,
            List<EnvRef> env,
            List<ConfigMapTargetRef> configMapTargetRef,
            PodIdentity podIdentity) {}

    /** A parameter read from a key of a Secret. */
    record SecretTargetRef(String parameter, String name, String key) {}

    /** A parameter read from an environment variable of the scaled workload's container. */
    record EnvRef(String parameter, String name, String containerName) {}

    /** A parameter read from a key of a ConfigMap. */
    record ConfigMapTargetRef(String parameter, String name, String key) {}

    /** A cloud workload identity. */
    record PodIdentity(String provider, String identityId, String roleArn) {}
}
