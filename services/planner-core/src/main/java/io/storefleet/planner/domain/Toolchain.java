package io.storefleet.planner.domain;

import java.util.Map;

/**
 * The external renderers, as a port: the domain decides what to render, an adapter runs Helm / kustomize on a
 * temporary copy of the files. Paths are repo paths.
 */
public interface Toolchain {

    /** The renderer refused; {@code getMessage()} is its own message. */
    final class ToolException extends Exception {
        public ToolException(String message) {
            super(message);
        }
    }

    /** {@code helm template} of the chart at {@code chartDir}; {@code valuesYaml} may be empty. */
    String helmTemplate(Map<String, byte[]> files, String chartDir, String releaseName, String namespace, String valuesYaml)
            throws ToolException;

    /** {@code kustomize build dir}. */
    String kustomizeBuild(Map<String, byte[]> files, String dir) throws ToolException;

    /** A toolchain for raw YAML only. */
    Toolchain NONE = new Toolchain() {
        @Override
        public String helmTemplate(Map<String, byte[]> files, String chartDir, String releaseName, String namespace, String valuesYaml)
                throws ToolException {
            throw new ToolException("no Helm renderer configured");
        }

        @Override
        public String kustomizeBuild(Map<String, byte[]> files, String dir) throws ToolException {
            throw new ToolException("no kustomize renderer configured");
        }
    };
}
