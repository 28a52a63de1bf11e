"""Module compiler: lexes, parses, optimises and emits each function of a module, reporting every
function it finishes on stderr.

Usage: modc.py SOURCE -o OBJECT
"""

import hashlib
import sys


def lex(text):
    return text.replace("(", " ( ").replace(")", " ) ").split()


def parse(tokens):
    depth, nodes = 0, []
    for token in tokens:
        depth += (token == "(") - (token == ")")
        nodes.append((depth, token))
    return nodes


def optimise(nodes, rounds):
    state = repr(nodes).encode()
    for _ in range(rounds):
        state = hashlib.blake2b(state).digest() * 64
    return state


def emit(name, optimised):
    return name.encode() + b":" + hashlib.sha256(optimised).digest()


def main(argv):
    source, target = argv[0], argv[2]
    with open(source) as f:
        functions = [block for block in f.read().split("\n\n") if block.strip()]
    out = []
    for n, body in enumerate(functions):
        name = body.split()[1]
        nodes = parse(lex(body))
        out.append(emit(name, optimise(nodes, 4000)))
        print(f"modc: {source}: {name} ({n + 1}/{len(functions)})", file=sys.stderr, flush=True)
    with open(target, "wb") as f:
        f.write(b"\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
