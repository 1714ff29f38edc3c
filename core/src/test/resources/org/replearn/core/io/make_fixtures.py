"""Writes the reference .npy and .safetensors files that NpyTest and SafetensorsTest read.

Run from this folder: python3 make_fixtures.py  (numpy 2.4.6, safetensors 0.8.0 made the committed
files). Values are exact in every type: v[k] = (k * 7 % 11 - 5) * 0.25 for floats, k * 7 % 11 - 5
for signed ints, k * 37 % 256 for uint8, k % 3 == 0 for bool, with k = 0, 1, ... in C order.
"""
import numpy as np
from numpy.lib import format as npf
from safetensors.numpy import save_file


def values(dtype, shape):
    k = np.arange(int(np.prod(shape)), dtype=np.int64)
    if dtype == np.bool_:
        v = k % 3 == 0
    elif dtype == np.uint8:
        v = k * 37 % 256
    elif np.issubdtype(dtype, np.integer):
        v = k * 7 % 11 - 5
    else:
        v = (k * 7 % 11 - 5) * 0.25
    return v.astype(dtype).reshape(shape)


types = {"bool": np.bool_, "int8": np.int8, "uint8": np.uint8, "int16": np.int16,
         "int32": np.int32, "int64": np.int64, "float16": np.float16, "float32": np.float32,
         "float64": np.float64}
for name, t in types.items():
    np.save(f"{name}_3x4.npy", values(t, (3, 4)))
for version in [(1, 0), (2, 0), (3, 0)]:
    with open(f"float32_2x3x2_v{version[0]}.npy", "wb") as f:
        npf.write_array(f, values(np.float32, (2, 3, 2)), version=version)
np.save("int64_5.npy", values(np.int64, (5,)))
np.save("float64_scalar.npy", np.float64(2.5))
np.save("float32_0x3.npy", np.zeros((0, 3), np.float32))
# a long header: numpy's spare space for growing the first axis pushes the data to byte 192
np.save("float32_long_header.npy", np.zeros((0, 9999999, 9999999, 99, 9, 7, 1, 1, 1, 1, 1, 1), np.float32))
np.save("fortran_3x4.npy", np.asfortranarray(values(np.float32, (3, 4))))
np.save("bigendian_3x4.npy", values(np.float32, (3, 4)).astype(">f4"))

save_file({"w": values(np.float32, (3, 4)), "b": values(np.float64, (4,)),
           "h": values(np.float16, (2, 2)), "i": values(np.int32, (2, 3)),
           "l": values(np.int64, (3,)), "c": values(np.int8, (5,)),
           "u": values(np.uint8, (6,)), "s": values(np.int16, (2,)),
           "scalar": np.array(1.5, np.float32), "empty": np.zeros((0, 2), np.float32)},
          "python.safetensors", metadata={"source": "make_fixtures.py"})
