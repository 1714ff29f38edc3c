package org.replearn.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.io.Json;

/**
 * Versions of replearn, DJL and PyTorch and the default device, for {@code --version} and
 * manifests.
 */
public record EngineInfo(
    String replearn, String djl, String engine, String engineVersion, String device) {

  /** Reads the versions from the loaded engine (this loads PyTorch's native library). */
  public static EngineInfo current() {
    Engine engine = Engine.getInstance();
    Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    String own = EngineInfo.class.getPackage().getImplementationVersion();
    return new EngineInfo(
        own == null ? "0.1.0-SNAPSHOT" : own,
        Engine.getDjlVersion(),
        engine.getEngineName(),
        engine.getVersion(),
        device.toString());
  }

  /** The same facts as an ordered map, for JSON. */
  public Map<String, String> asMap() {
    return Json.mapper().convertValue(this, new TypeReference<LinkedHashMap<String, String>>() {});
  }
}
