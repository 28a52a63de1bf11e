"""Oracle for hangdoctor's bytecode reader: compiles a sample of call shapes and prints, per code
object, its bytecode (plain and adaptive), location table, exception table and names, with what
CPython itself says: co_positions() of every code unit and, from the ast, the callee expression of
every call and the manager of every with statement, found by position. One JSON object per line."""

import ast
import json
import sys

SAMPLE = '''
import json, sys, time, subprocess, urllib.request


def sample(self, q, proc, lock, url, sock, handlers):
    time.sleep(0.5)
    data = json.load(sys.stdin)
    urllib.request.urlopen(url, timeout=3)
    self.session.get(url)
    item = q.get()
    proc.wait()
    lock.acquire()
    with lock:
        sock.recv(1024)
    with self._state_lock, open(url) as f:
        f.read()
    get_client().fetch(url)
    handlers[0](url)
    requests.get(url, timeout=(3.05, 27))
    subprocess.run(
        ["ls", "-l"],
        check=True,
        capture_output=True,
    )
    lengths = [len(a) for a in [url, data, item]]
    print("done", file=sys.stderr)
    self.a.b.c.d(1, *lengths)
    return sorted(q, key=len)


class Service:
    LOCK = None

    def stop(self):
        super().stop()
        with Service.LOCK:
            self._worker.join()


def nested():
    value = 3

    def inner():
        return compute(value)

    return inner
'''


def callee_text(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = callee_text(node.value)
        return None if base is None else base + "." + node.attr
    if isinstance(node, ast.Call):
        base = callee_text(node.func)
        return None if base is None else base + "()"
    if isinstance(node, ast.Subscript):
        base = callee_text(node.value)
        return None if base is None else base + "[…]"
    return None


def expectations(tree):
    calls, withs = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            key = (node.lineno, node.end_lineno, node.col_offset, node.end_col_offset)
            calls[key] = callee_text(node.func)
        if isinstance(node, ast.With):
            for item in node.items:
                expr = item.context_expr
                withs[(expr.lineno, expr.col_offset)] = callee_text(expr)
    return calls, withs


def codes(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from codes(const)


def main():
    tree = ast.parse(SAMPLE)
    calls, withs = expectations(tree)
    module = compile(SAMPLE, "sample.py", "exec")
    for code in codes(module):
        positions = [list(p) for p in code.co_positions()]
        units = len(code.co_code) // 2
        print(json.dumps({
            "minor": sys.version_info[1],
            "name": code.co_qualname,
            "first": code.co_firstlineno,
            "code": code.co_code.hex(),
            "adaptive": code._co_code_adaptive.hex(),
            "linetable": code.co_linetable.hex(),
            "exceptiontable": code.co_exceptiontable.hex(),
            "names": list(code.co_names),
            "locals": list(code.co_varnames + code.co_cellvars + code.co_freevars),
            "units": units,
            "positions": [[-1 if v is None else v for v in p] for p in positions],
            "calls": {"%d %d %d %d" % k: v for k, v in calls.items() if v is not None},
            "withs": {"%d %d" % k: v for k, v in withs.items() if v is not None},
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
