package io.sluice.kubernetes;

import java.util.List;

/**
 * The fields of kustomization.yaml these manifests use (kustomize.config.k8s.io/v1beta1), and
 * {@code images}, which {@code kustomize edit set image} adds; read with unknown properties
 * refused, as fabric8 has no kustomize model.
 */
record Kustomization(
        String apiVersion,
        String kind,
        String namespace,
        List<String> resources,
        List<Image> images) {

    /** An image name replaced in every manifest. */
    record Image(String name, String newName, String newTag, String digest) {}
}
