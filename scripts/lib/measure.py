#!/usr/bin/env python3
"""Run a command once; print {"wall_s": ..., "cpu_s": ..., "max_rss_kib": ..., "status": ...} as JSON.

cpu_s is user + system time of the command and its descendants: on a machine shared with other work it moves
far less than wall time.

max_rss_kib is RUSAGE_CHILDREN.ru_maxrss: the largest resident set of any waited-for descendant, so it covers
launchers (tsx, npx) that run the real work in a child process.
"""
import json
import resource
import subprocess
import sys
import time

cmd = sys.argv[sys.argv.index("--") + 1:]
start = time.perf_counter()
proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kib": usage.ru_maxrss, "status": proc.returncode, "stderr": proc.stderr.decode()[-2000:]}))
