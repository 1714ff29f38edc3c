package org.replearn.core.report;

import ai.djl.Device;
import java.nio.file.Path;
import org.replearn.core.engine.Seeds;

/**
 * What an experiment gets from {@code reproduce}.
 *
 * @param scale smoke, small, medium or paper
 * @param seeds the experiment's own seed (already split from the run seed by experiment id)
 * @param device compute device
 * @param workDir the experiment's own folder for checkpoints and artefacts (resumable runs keep
 *     their state here)
 * @param dataDir the data cache (IDX files); at {@link Scale#SMOKE} experiments use the committed
 *     fixtures instead
 */
public record ExperimentContext(
    Scale scale, Seeds seeds, Device device, Path workDir, Path dataDir) {}
