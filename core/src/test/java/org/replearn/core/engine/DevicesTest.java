package org.replearn.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

@Tag("engine")
class DevicesTest {

  @Test
  void cpuAndAutoFollowTheHardware() {
    assertEquals(Device.cpu(), Devices.select("cpu"));
    assertEquals(Device.cpu(), Devices.select("CPU"));
    Device auto = Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    assertEquals(auto, Devices.select("auto"));
    assertEquals(auto, Devices.select(null));
  }

  @Test
  void badOrUnavailableDevicesAreNamed() {
    assertEquals(
        "device must be auto, cpu or gpu, found tpu",
        assertThrows(InvalidInputException.class, () -> Devices.select("tpu")).getMessage());
    if (Engine.getInstance().getGpuCount() == 0) {
      assertEquals(
          "device gpu needs a CUDA build of PyTorch and a GPU, found 0 GPUs",
          assertThrows(InvalidInputException.class, () -> Devices.select("gpu")).getMessage());
    }
  }

  @Test
  void engineInfoNamesThePinnedVersions() {
    EngineInfo info = EngineInfo.current();
    assertEquals("0.36.0", info.djl());
    assertEquals("PyTorch", info.engine());
    assertEquals("2.7.1", info.engineVersion());
    assertEquals(
        java.util.List.of("replearn", "djl", "engine", "engineVersion", "device"),
        java.util.List.copyOf(info.asMap().keySet()));
  }
}
