package io.sluice.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kubernetes manifests strictly: each YAML document becomes the typed model of its apiVersion
 * and kind (fabric8's, or a record of this module where fabric8 has none), and any field the model
 * does not know fails with the file, document and path of the field.
 *
 * <p>fabric8's models do not refuse an unknown field: they keep it in an {@code
 * additionalProperties} map. So after parsing, the whole object graph is walked, and a non-empty
 * such map anywhere is an error. The records refuse unknown fields while parsing.
 */
final class StrictManifests {
    /** The model of each apiVersion and kind the manifests may hold. */
    private static final Map<String, Class<?>> MODELS =
            Map.of(
                    "v1/ConfigMap", ConfigMap.class,
                    "v1/Secret", Secret.class,
                    "v1/Service", Service.class,
                    "apps/v1/StatefulSet", StatefulSet.class,
                    "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
                    "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
                    "keda.sh/v1alpha1/ScaledObject", Keda.ScaledObject.class,
                    "keda.sh/v1alpha1/TriggerAuthentication", Keda.TriggerAuthentication.class,
                    "kustomize.config.k8s.io/v1beta1/Kustomization", Kustomization.class);

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private StrictManifests() {}

    /** Every document of a file, each as its model. */
    static List<Object> read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file));
    }

    /**
     * Every document of a YAML text, each as its model.
     *
     * @param source names the text in errors
     */
    static List<Object> parse(String source, String yaml) throws IOException {
        List<Object> models = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            List<JsonNode> documents = YAML.readValues(parser, JsonNode.class).readAll();
            for (int i = 0; i < documents.size(); i++) {
                JsonNode document = documents.get(i);
                String where = source + " document " + (i + 1);
                String type =
                        document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<?> model = MODELS.get(type);
                if (model == null) {
                    throw new ManifestException(where + ": no model for " + type);
                }
                Object parsed;
                try {
                    parsed = YAML.treeToValue(document, model);
                } catch (IOException e) {
                    throw new ManifestException(where + " (" + type + "): " + e.getMessage(), e);
                }
                refuseUnknownFields(
                        parsed,
                        where + " (" + type + ")",
                        "",
                        Collections.newSetFromMap(new IdentityHashMap<>()));
                models.add(parsed);
            }
        }
        return models;
    }

    private static void refuseUnknownFields(
            Object value, String where, String path, Set<Object> seen) throws ManifestException {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Enum<?>
                || value instanceof JsonNode
                || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                refuseUnknownFields(item, where, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                refuseUnknownFields(entry.getValue(), where, path + "." + entry.getKey(), seen);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                refuseUnknownFields(
                        invoke(component, value), where, path + "." + component.getName(), seen);
            }
            return;
        }
        if (!type.getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue = get(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                        throw new ManifestException(
                                String.format(
                                        "%s: %s has field(s) the model does not know: %s",
                                        where,
                                        path.isEmpty() ? "the document" : path.substring(1),
                                        unknown.keySet()));
                    }
                    continue;
                }
                refuseUnknownFields(fieldValue, where, path + "." + field.getName(), seen);
            }
        }
    }

    private static Object get(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A manifest with a field its model does not know, or a kind no model is known for. */
    static final class ManifestException extends IOException {
        ManifestException(String message) {
            super(message);
        }

        ManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
