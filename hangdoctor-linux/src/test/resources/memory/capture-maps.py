# Captures /proc/self/maps of a pyenv CPython with two extra file mappings: one whose path has
# spaces, one whose file was deleted after mapping. Run: python3.12 capture-maps.py > maps-*.txt
import mmap, os, tempfile

folder = tempfile.mkdtemp(prefix="maps capture ")
spaced = os.path.join(folder, "file with spaces.bin")
gone = os.path.join(folder, "gone.bin")
keep = []
for path in (spaced, gone):
    with open(path, "wb") as f:
        f.write(b"x" * 8192)
    f = open(path, "rb")
    keep.append((f, mmap.mmap(f.fileno(), 8192, prot=mmap.PROT_READ)))
os.unlink(gone)
with open("/proc/self/maps") as maps:
    print(maps.read(), end="")
os.unlink(spaced)
os.rmdir(folder)
