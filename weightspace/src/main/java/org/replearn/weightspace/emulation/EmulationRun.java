package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.core.io.Json;
import org.replearn.core.io.JsonFile;
import org.replearn.core.io.Safetensors;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.Encoders;
import org.replearn.weightspace.encoder.ParameterStore;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * What defines an emulation run, stored as {@code run.json} in its folder, and how to rebuild its
 * networks: the encoder kind, the zoo's model layout, the training settings and the seed.
 *
 * @param encoder which encoder
 * @param layout the zoo's LSTM shapes
 * @param config training settings
 * @param seed the run seed; initialisation uses child "init", batches child "batch"
 */
public record EmulationRun(
    EncoderKind encoder, LstmSpec layout, EmulationConfig config, long seed) {

  /** File holding this record. */
  public static final String FILE = "run.json";

  /** Best-validation encoder and emulator parameters. */
  public static final String BEST = "best.safetensors";

  /** Latest checkpoint with optimiser state. */
  public static final String CHECKPOINT = "checkpoint.safetensors";

  /** Training state: step, best loss, history. */
  public static final String STATE = "state.json";

  /** Seeds of the run. */
  public Seeds seeds() {
    return new Seeds(seed);
  }

  /** A freshly initialised encoder (official sizes). */
  public WeightEncoder newEncoder(NDManager manager) {
    return Encoders.official(
        encoder, layout, manager, seeds().child("init").child("encoder").random());
  }

  /** A freshly initialised emulator. */
  public Emulator newEmulator(NDManager manager) {
    return new Emulator(
        manager,
        seeds().child("init").child("emulator").random(),
        layout.inputSize(),
        layout.outputSize(),
        Encoders.EMBEDDING_SIZE,
        config.emulatorHidden(),
        2);
  }

  /** Writes {@code run.json}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Json.write(dir.resolve(FILE), this);
  }

  /** Reads {@code run.json} of a run folder. */
  public static EmulationRun read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no such file: not an emulation run folder");
    }
    try {
      return JsonFile.bind(file, EmulationRun.class);
    } catch (CorruptFileException e) {
      throw e;
    } catch (InvalidInputException e) { // a record's own check, e.g. a setting out of range
      throw new CorruptFileException(file, e.getMessage(), e);
    }
  }

  /** The encoder of a finished run with its best-validation parameters. */
  public static WeightEncoder loadBestEncoder(Path dir, NDManager manager) throws IOException {
    WeightEncoder encoder = read(dir).newEncoder(manager);
    loadBest(dir, encoder.parameters(), "encoder.");
    return encoder;
  }

  /** The emulator of a finished run with its best-validation parameters. */
  public static Emulator loadBestEmulator(Path dir, NDManager manager) throws IOException {
    Emulator emulator = read(dir).newEmulator(manager);
    loadBest(dir, emulator.parameters(), "emulator.");
    return emulator;
  }

  private static void loadBest(Path dir, ParameterStore store, String prefix) throws IOException {
    try (NDManager scope = store.manager().newSubManager()) {
      store.load(Safetensors.read(dir.resolve(BEST), scope), prefix);
    }
  }
}
