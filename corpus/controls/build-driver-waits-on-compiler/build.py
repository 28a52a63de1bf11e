"""Build driver of the firmware image: compiles every module with the in-house compiler, one after
the other, then links. Each compile takes a while; the driver just waits for it.

Usage: build.py SOURCE_DIR BUILD_DIR
"""

import glob
import logging
import os
import subprocess
import sys

log = logging.getLogger("build")


def compile_module(source, build_dir):
    target = os.path.join(build_dir, os.path.basename(source).replace(".mod", ".o"))
    log.info("compiling %s", source)
    subprocess.run([sys.executable, "modc.py", source, "-o", target], check=True)
    return target


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    source_dir, build_dir = argv
    os.makedirs(build_dir, exist_ok=True)
    modules = sorted(glob.glob(os.path.join(source_dir, "*.mod")))
    log.info("building %d modules", len(modules))
    objects = [compile_module(source, build_dir) for source in modules]
    with open(os.path.join(build_dir, "firmware.img"), "wb") as image:
        for path in objects:
            with open(path, "rb") as f:
                image.write(f.read())
    log.info("linked %d objects", len(objects))


if __name__ == "__main__":
    main(sys.argv[1:])
