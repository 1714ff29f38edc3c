"""Reference values for OfficialSplitTest: the official split of the 216 formal-language tasks.

Re-implements `ParametersSequencesDataset.__init__` of the official code
(rnn_weights_representation_learning/dataset_classes.py: np.unique over task rows, the entropy
criterion `task_entropy_criterion`, eval_ratio = ood_ratio = 0.15, `fix_seed` permutations with seeds
1 and 2, `downstream_training_on_ood=True`) with numpy. The one deliberate difference:
`np.argsort(..., kind='stable')`, because numpy's default quicksort leaves the order of equal
criteria unspecified (our port keeps ties in np.unique's lexicographic order).

Run: python3 official_split.py   (numpy 2.x)
"""
import itertools

import numpy as np


def task_entropy_criterion(tasks):
    tasks = 1 + tasks - tasks.min(axis=-1, keepdims=True)
    p = tasks.astype(np.float32) / tasks.sum(axis=-1, keepdims=True)
    return -(p * np.log(p + 1e-6)).sum(axis=-1)


tasks = np.array([[0, b, c, d] for b, c, d in itertools.product(range(-3, 3), repeat=3)])
unique = np.unique(tasks, axis=0)
sorted_tasks = unique[np.argsort(task_entropy_criterion(unique), kind='stable')]
u = unique.shape[0]
num_train = int(u * (1 - 0.15 - 0.15))
num_eval = int(u * 0.15)
num_ood = u - num_train - num_eval
ood = sorted_tasks[-num_ood:]
np.random.seed(1)
rand = np.random.permutation(num_train + num_eval)
train = sorted_tasks[rand[:num_train]]
evals = sorted_tasks[rand[num_train:]]
np.random.seed(2)
down = np.random.permutation(num_ood)
keep = num_ood // 2
moved = ood[down[keep:]]
kept = ood[down[:keep]]
print("numpy", np.__version__)
print("train", num_train, "eval", num_eval, "ood", num_ood)
print("eval tasks", [t[1:].tolist() for t in evals])
print("kept OOD tasks", [t[1:].tolist() for t in kept])
print("moved OOD tasks", [t[1:].tolist() for t in moved])
