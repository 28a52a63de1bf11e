"""Make a known set of sockets, then copy this process's /proc/self/net tables.

Run: python3 capture.py OUTDIR   (prints a description of every socket with its inode)
"""
import os, socket, sys, time

out = sys.argv[1]
keep = []
def ino(s):
    return os.fstat(s.fileno()).st_ino
def note(name, s):
    keep.append(s)
    print(f"{name}: fd={s.fileno()} inode={ino(s)} local={s.getsockname()!r}", flush=True)

# IPv4 listener, one established connection with 12345 unread bytes, one CLOSE_WAIT.
l4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
l4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l4.bind(("127.0.0.1", 0)); l4.listen(16); note("tcp4 listen", l4)
c4 = socket.create_connection(l4.getsockname()); note("tcp4 client", c4)
a4, _ = l4.accept(); note("tcp4 accepted", a4)
c4.sendall(b"x" * 12345)
c4b = socket.create_connection(l4.getsockname())
a4b, _ = l4.accept(); note("tcp4 accepted (close_wait)", a4b)
c4b.close()
# Writer that fills the peer: send queue > 0.
c4c = socket.create_connection(l4.getsockname()); note("tcp4 writer", c4c)
a4c, _ = l4.accept(); note("tcp4 accepted (never reads)", a4c)
c4c.setblocking(False)
try:
    while True:
        c4c.send(b"y" * 65536)
except BlockingIOError:
    pass

# IPv6 loopback listener and connection.
l6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
l6.bind(("::1", 0)); l6.listen(8); note("tcp6 listen ::1", l6)
c6 = socket.create_connection(l6.getsockname()[:2]); note("tcp6 client", c6)
a6, _ = l6.accept(); note("tcp6 accepted", a6)

# Dual-stack listener on :: reached over IPv4: IPv4-mapped addresses in tcp6.
ld = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
ld.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
ld.bind(("::", 0)); ld.listen(8); note("tcp6 listen :: dual", ld)
cd = socket.create_connection(("127.0.0.1", ld.getsockname()[1])); note("tcp4 client to dual", cd)
ad, _ = ld.accept(); note("tcp6 accepted mapped", ad)

# UDP: bound IPv4, connected IPv6 with a queued datagram.
u4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u4.bind(("127.0.0.1", 0)); note("udp4", u4)
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.bind(("::1", 0)); note("udp6", u6)
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s6.connect(u6.getsockname()[:2]); note("udp6 connected", s6)
s6.send(b"z" * 100)

# Unix: abstract listener, path with a space, unnamed pair, dgram, seqpacket.
ua = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); ua.bind("\0hangdoctor-abstract"); ua.listen(4); note("unix abstract listen", ua)
uac = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); uac.connect("\0hangdoctor-abstract"); note("unix abstract client", uac)
uaa, _ = ua.accept(); note("unix abstract accepted", uaa)
path = os.path.join(out, "my socket.sock")
if os.path.exists(path): os.unlink(path)
up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); up.bind(path); up.listen(4); note("unix path listen", up)
p1, p2 = socket.socketpair(); note("unix pair 1", p1); note("unix pair 2", p2)
ud = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); ud.bind("\0hangdoctor-dgram"); note("unix dgram", ud)
us = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); us.bind("\0hangdoctor-seqpacket"); note("unix seqpacket (bound, not listening)", us)

# Let the kernel settle the queued bytes and the FIN before copying.
deadline = time.time() + 5
while time.time() < deadline:
    tcp = open("/proc/self/net/tcp").read()
    if " 08 " in tcp and "00003039" in tcp:
        break
    time.sleep(0.01)
for name in ("tcp", "tcp6", "udp", "udp6", "unix"):
    with open(f"/proc/self/net/{name}") as src, open(os.path.join(out, name), "w") as dst:
        dst.write(src.read())
os.unlink(path)
