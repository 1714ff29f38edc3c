package org.replearn.multiview.loss;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.replearn.core.EnumIds;
import org.replearn.core.IdEnum;
import org.replearn.core.InvalidInputException;

/**
 * The multi-view losses a run can train with: M3G ({@link M3gLoss}) and the two k-view InfoNCE
 * variants it is compared with ({@link InfoNceLoss.Variant}: pairwise, PWE, and against the average
 * of the other views, AVE).
 */
public enum MultiViewLossKind implements IdEnum {
  /** Multi-marginal matching gap, circular-variance cost, normalised embeddings. */
  M3G,
  /** InfoNCE summed over all pairs of views. */
  INFONCE_PWE,
  /** InfoNCE of each view against the average of the others. */
  INFONCE_AVE;

  /**
   * The {@link #id()}: results, tables and file names print the loss as the command line names it.
   */
  @Override
  public String toString() {
    return id();
  }

  /**
   * The loss with {@link #id()} {@code id}, in any case.
   *
   * @throws InvalidInputException naming the allowed ids for any other
   */
  @JsonCreator
  public static MultiViewLossKind parse(String id) {
    return EnumIds.parse(MultiViewLossKind.class, "loss", id);
  }

  /**
   * A fresh loss of this kind.
   *
   * @param epsilon M3G's epsilon (circular-variance cost, normalised embeddings); unused by InfoNCE
   * @param temperature InfoNCE's tau; unused by M3G
   */
  public MultiViewLoss create(double epsilon, double temperature) {
    return switch (this) {
      case M3G -> new M3gLoss(M3gLoss.Config.defaults().withEpsilon(epsilon));
      case INFONCE_PWE -> new InfoNceLoss(InfoNceLoss.Variant.PWE, temperature);
      case INFONCE_AVE -> new InfoNceLoss(InfoNceLoss.Variant.AVE, temperature);
    };
  }
}
