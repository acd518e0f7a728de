package io.storefleet.planner.render;

import io.storefleet.planner.config.PlannerConfig;
import io.storefleet.planner.domain.Toolchain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The planner renders with the machine's Helm (in-process) and kustomize. */
public class ToolchainProducer {

    @Produces
    @ApplicationScoped
    Toolchain toolchain(PlannerConfig config) {
        return new LocalToolchain(config.kustomizeCommand().orElse(null));
    }
}
